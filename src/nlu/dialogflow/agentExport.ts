import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { SUPPORTED_LOCALES, type Locale } from '../../domain/locale';
import type { IntentExamples } from '../port';

/**
 * A Dialogflow ES agent in the console's export/import ZIP layout (Settings > Export and
 * Import > Import from ZIP): agent.json, package.json, and per intent `intents/<name>.json`
 * plus `intents/<name>_usersays_<lang>.json` with its training phrases. The intent name is
 * the flow's intent id, so Dialogflow's displayName maps back to the flow one to one.
 */

export const AGENT_DEFAULT_LANGUAGE: Locale = 'en';
export const FALLBACK_INTENT_NAME = 'Default Fallback Intent';

export interface AgentExportOptions {
  displayName: string;
  /** IANA time zone of the shop. */
  timeZone?: string;
  description?: string;
}

export interface AgentFile {
  path: string;
  content: string;
}

export interface AgentSummary {
  intents: number;
  /** Training phrases per language. */
  phrases: Partial<Record<Locale, number>>;
}

/** Stable UUID-shaped ids, so exporting the same flows twice gives the same ZIP contents. */
function stableId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Triggers of the same intent in several flows are merged; duplicate phrases are dropped. */
export function mergeIntents(intents: readonly IntentExamples[]): Map<string, Map<Locale, string[]>> {
  const merged = new Map<string, Map<Locale, string[]>>();
  for (const intent of intents) {
    const byLocale = merged.get(intent.intent) ?? new Map<Locale, string[]>();
    merged.set(intent.intent, byLocale);
    for (const locale of SUPPORTED_LOCALES) {
      const phrases = byLocale.get(locale) ?? [];
      for (const example of intent.examples[locale] ?? []) {
        const text = example.trim();
        if (text && !phrases.includes(text)) phrases.push(text);
      }
      if (phrases.length > 0) byLocale.set(locale, phrases);
    }
  }
  return merged;
}

function intentJson(name: string, options: { fallback: boolean; messages: unknown[] }) {
  return {
    id: stableId('intent', name),
    name,
    auto: true,
    contexts: [],
    responses: [
      {
        resetContexts: false,
        // The action repeats the intent id: `dialogflow:` aliases may name either.
        action: options.fallback ? 'input.unknown' : name,
        affectedContexts: [],
        parameters: [],
        messages: options.messages,
        speech: [],
      },
    ],
    priority: 500000,
    webhookUsed: false,
    webhookForSlotFilling: false,
    fallbackIntent: options.fallback,
    events: [],
    conditionalResponses: [],
    condition: '',
    conditionalFollowupEvents: [],
  };
}

const FALLBACK_REPLIES: Record<Locale, string[]> = {
  en: ["Sorry, I didn't get that."],
  bn: ['দুঃখিত, বুঝতে পারিনি।'],
};

export function buildAgentFiles(intents: readonly IntentExamples[], options: AgentExportOptions): { files: AgentFile[]; summary: AgentSummary } {
  const merged = mergeIntents(intents);
  const languages = new Set<Locale>();
  for (const byLocale of merged.values()) for (const locale of byLocale.keys()) languages.add(locale);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

  const files: AgentFile[] = [
    { path: 'package.json', content: json({ version: '1.0.0' }) },
    {
      path: 'agent.json',
      content: json({
        description: options.description ?? 'Generated from the flow files by scripts/dialogflow-export.ts',
        language: AGENT_DEFAULT_LANGUAGE,
        shortDescription: '',
        examples: '',
        linkToDocs: '',
        displayName: options.displayName,
        disableInteractionLogs: false,
        disableStackdriverLogs: true,
        defaultTimezone: options.timeZone ?? 'Asia/Dhaka',
        isPrivate: true,
        // Dialogflow's own classification threshold (its default); the bot applies NLU_THRESHOLD on top.
        mlMinConfidence: 0.3,
        supportedLanguages: [...languages].filter((l) => l !== AGENT_DEFAULT_LANGUAGE).sort(),
        enableOnePlatformApi: true,
        onePlatformApiVersion: 'v2',
        analyzeQueryTextSentiment: false,
        enabledKnowledgeBaseNames: [],
        knowledgeServiceConfidenceAdjustment: 0,
        dialogBuilderMode: false,
        baseActionPackagesUrl: '',
        enableSpellCorrection: false,
      }),
    },
  ];

  const phraseCounts: Partial<Record<Locale, number>> = {};
  for (const [name, byLocale] of [...merged.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    files.push({ path: `intents/${name}.json`, content: json(intentJson(name, { fallback: false, messages: [] })) });
    for (const [locale, phrases] of byLocale) {
      phraseCounts[locale] = (phraseCounts[locale] ?? 0) + phrases.length;
      const usersays = phrases.map((text) => ({
        id: stableId('phrase', name, locale, text),
        data: [{ text, userDefined: false }],
        isTemplate: false,
        count: 0,
        lang: locale,
        updated: 0,
      }));
      files.push({ path: `intents/${name}_usersays_${locale}.json`, content: json(usersays) });
    }
  }

  const fallbackLanguages = [AGENT_DEFAULT_LANGUAGE, ...[...languages].filter((l) => l !== AGENT_DEFAULT_LANGUAGE)];
  const fallbackMessages = fallbackLanguages.map((lang) => ({ type: '0', title: '', textToSpeech: '', lang, speech: FALLBACK_REPLIES[lang], condition: '' }));
  files.push({ path: `intents/${FALLBACK_INTENT_NAME}.json`, content: json(intentJson(FALLBACK_INTENT_NAME, { fallback: true, messages: fallbackMessages })) });

  return { files, summary: { intents: merged.size, phrases: phraseCounts } };
}

export async function buildAgentZip(intents: readonly IntentExamples[], options: AgentExportOptions): Promise<{ zip: Buffer; summary: AgentSummary }> {
  const { files, summary } = buildAgentFiles(intents, options);
  const zip = new JSZip();
  // A fixed date keeps the archive byte-identical for identical flows.
  const date = new Date(Date.UTC(2020, 0, 1));
  zip.file('intents/', null, { dir: true, date });
  for (const file of files) zip.file(file.path, file.content, { date, createFolders: false });
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { zip: buffer, summary };
}
