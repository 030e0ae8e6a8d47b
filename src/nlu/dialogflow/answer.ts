import type { protos } from '@google-cloud/dialogflow';
import type { IntentExamples, NluResult } from '../port';

type QueryResult = protos.google.cloud.dialogflow.v2.IQueryResult;
type Struct = protos.google.protobuf.IStruct;
type Value = protos.google.protobuf.IValue;

/** Which flow intent a Dialogflow display name or action stands for. */
export class IntentIndex {
  private constructor(
    private readonly ids: ReadonlySet<string>,
    private readonly aliases: ReadonlyMap<string, string>,
  ) {}

  static build(intents: readonly IntentExamples[]): IntentIndex {
    const aliases = new Map<string, string>();
    for (const intent of intents) {
      for (const alias of intent.aliases ?? []) {
        const name = alias.trim();
        if (name && !aliases.has(name)) aliases.set(name, intent.intent);
      }
    }
    return new IntentIndex(new Set(intents.map((i) => i.intent)), aliases);
  }

  static empty(): IntentIndex {
    return IntentIndex.build([]);
  }

  /** An alias (`dialogflow:` in a trigger) first, then a display name equal to an intent id. */
  resolve(displayName: string, action: string): string | undefined {
    return (
      (displayName ? this.aliases.get(displayName) : undefined) ??
      (action ? this.aliases.get(action) : undefined) ??
      (this.ids.has(displayName) ? displayName : undefined)
    );
  }
}

const VALUE_KINDS = ['stringValue', 'numberValue', 'boolValue', 'structValue', 'listValue', 'nullValue'] as const;

/**
 * google.protobuf.Value as plain JS. The client decodes Structs to `{ fields: { k: { kind,
 * stringValue } } }`; a Value whose `kind` is unset is read by whichever field is present.
 */
export function valueToJson(value: Value | null | undefined): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const kind = (value as { kind?: string }).kind ?? VALUE_KINDS.find((k) => value[k] !== undefined && value[k] !== null);
  switch (kind) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'numberValue':
      return value.numberValue ?? 0;
    case 'boolValue':
      return value.boolValue ?? false;
    case 'structValue':
      return structToJson(value.structValue);
    case 'listValue':
      return (value.listValue?.values ?? []).map(valueToJson).filter((v) => v !== '' && v !== undefined);
    case 'nullValue':
      return null;
    default:
      return undefined;
  }
}

/** A Struct as a plain object; empty strings (Dialogflow's unfilled parameters) are dropped. */
export function structToJson(struct: Struct | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(struct?.fields ?? {})) {
    const json = valueToJson(value);
    if (json !== '' && json !== undefined) out[key] = json;
  }
  return out;
}

/** Parameters to merge into the conversation's values: nothing empty, which would overwrite a value. */
export function parametersOf(result: QueryResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(structToJson(result.parameters))) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * The NLU asks for a person when the matched intent has "live agent handoff" set
 * (Intent.liveAgentHandoff, returned by detectIntent; see
 * https://cloud.google.com/agent-assist/docs/handoff-es), or when one of its responses is a
 * custom payload `{ "liveAgentHandoff": ... }`, `{ "handoff": true }` or `{ "human": true }`.
 */
export function asksForHandoff(result: QueryResult): boolean {
  if (result.intent?.liveAgentHandoff === true) return true;
  for (const message of result.fulfillmentMessages ?? []) {
    // v2beta1-style messages carry the signal as a field of the message itself.
    const raw = (message as Record<string, unknown>).liveAgentHandoff;
    if (raw !== undefined && raw !== null && raw !== false) return true;
    if (!message.payload) continue;
    const payload = structToJson(message.payload);
    const live = payload.liveAgentHandoff;
    if ((live !== undefined && live !== null && live !== false) || isTrue(payload.handoff) || isTrue(payload.human)) return true;
  }
  return false;
}

function fulfillmentTextOf(result: QueryResult): string | undefined {
  const direct = result.fulfillmentText?.trim();
  if (direct) return direct;
  for (const message of result.fulfillmentMessages ?? []) {
    const text = message.text?.text?.find((t) => t.trim() !== '');
    if (text) return text.trim();
  }
  return undefined;
}

export interface AnswerContext {
  index: IntentIndex;
  threshold: number;
  /** The local matcher's reading of the same message: language, script, lexicon sentiment. */
  local: NluResult;
}

/** A Dialogflow detectIntent answer in the engine's terms. */
export function toNluResult(result: QueryResult, context: AnswerContext): NluResult {
  const displayName = result.intent?.displayName?.trim() ?? '';
  const action = result.action?.trim() ?? '';
  const isFallback = result.intent?.isFallback === true;
  const confidence = isFallback ? 0 : clamp01(result.intentDetectionConfidence ?? 0);
  const mapped = isFallback ? undefined : context.index.resolve(displayName, action);
  const name = mapped ?? (displayName || action || undefined);
  const accepted = !isFallback && name !== undefined && confidence >= context.threshold;
  // No flow claims an unmapped intent: it is only worth answering with Dialogflow's own text.
  const fulfillmentText = accepted && !mapped ? fulfillmentTextOf(result) : undefined;
  const intent = accepted && (mapped || fulfillmentText) ? name! : null;
  const score = result.sentimentAnalysisResult?.queryTextSentiment?.score;

  const answer: NluResult = {
    intent,
    confidence,
    locale: context.local.locale,
    script: context.local.script,
    candidates: !isFallback && name ? [{ intent: name, confidence }] : [],
    parameters: parametersOf(result),
    source: 'dialogflow',
  };
  const sentiment = typeof score === 'number' && Number.isFinite(score) ? score : context.local.sentiment;
  if (sentiment !== undefined) answer.sentiment = sentiment;
  // A low-confidence guess must not page a person; the fallback intent may (a shop's choice).
  if (asksForHandoff(result) && (isFallback || confidence >= context.threshold)) answer.handoffRequested = true;
  if (intent && fulfillmentText) answer.fulfillmentText = fulfillmentText;
  return answer;
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}
