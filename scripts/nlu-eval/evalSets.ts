import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * Evaluation sets (bench/nlu/<set>/*.yaml): customer messages labelled with the intent they
 * ask for, by language, and out-of-scope messages that no intent should take.
 *
 *   set: heldout-a
 *   language: en | bn | banglish | typos
 *   intents: { order_status: [ ...messages ] }
 * or, for the out-of-scope file:
 *   language: out_of_scope
 *   out_of_scope: { en: [...], bn: [...], banglish: [...] }
 */
export type EvalLanguage = 'en' | 'bn' | 'banglish' | 'typos';
export const EVAL_LANGUAGES: readonly EvalLanguage[] = ['en', 'bn', 'banglish', 'typos'];

export interface EvalItem {
  text: string;
  /** The intent it asks for; null: out of scope. */
  expected: string | null;
  /** For out-of-scope messages, the language they are written in. */
  language: EvalLanguage;
  file: string;
}

export function loadEvalSet(dir: string): EvalItem[] {
  if (!fs.existsSync(dir)) throw new Error(`evaluation set ${dir} does not exist`);
  const items: EvalItem[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const file = path.join(dir, name);
    const data = YAML.parse(fs.readFileSync(file, 'utf8')) as { language?: string; intents?: Record<string, unknown[]>; out_of_scope?: Record<string, unknown[]> };
    for (const [intent, texts] of Object.entries(data.intents ?? {})) {
      const language = data.language as EvalLanguage;
      if (!EVAL_LANGUAGES.includes(language)) throw new Error(`${file}: language must be one of ${EVAL_LANGUAGES.join(', ')}`);
      for (const text of texts) items.push({ text: String(text), expected: intent, language, file });
    }
    for (const [language, texts] of Object.entries(data.out_of_scope ?? {})) {
      if (!EVAL_LANGUAGES.includes(language as EvalLanguage)) throw new Error(`${file}: out_of_scope.${language} is not a language (${EVAL_LANGUAGES.join(', ')})`);
      for (const text of texts) items.push({ text: String(text), expected: null, language: language as EvalLanguage, file });
    }
  }
  return items;
}

/** Bengali examples of the flows are Bengali script or Banglish; the eval reports them apart. */
export function exampleLanguage(locale: string, text: string): EvalLanguage {
  if (locale === 'en') return 'en';
  return /[\u0980-\u09FF]/.test(text) ? 'bn' : 'banglish';
}
