import { phoneticKey } from './banglish';
import type { IntentExamples, IntentScore, Nlu, NluRequest, NluResult } from '../port';
import { InvertedIndex } from './invertedIndex';
import { detectLanguage } from './languageDetect';
import { DEFAULT_LIMITS, extractNumbers, tokenize, visiblePart } from './normalize';
import { scoreSentiment } from './sentiment';

/**
 * Below this the best intent is reported as a candidate only. Chosen on the shop
 * intents in test/unit/nlu: paraphrases, typos and Banglish of real questions score
 * 0.6 and up; unrelated sentences that share a word or two with an example stay under
 * 0.45 (see the threshold notes in localNlu.test.ts).
 */
export const DEFAULT_THRESHOLD = 0.55;
/** A confidence this high means the intent's example covers the message, not a part of it. */
const WHOLE_MESSAGE = 0.9;
export const DEFAULT_CANDIDATE_COUNT = 5;

export interface LocalNluOptions {
  /** Minimum confidence (0..1) for `intent` to be set. */
  threshold?: number;
  /** How many intents `candidates` lists. */
  candidateCount?: number;
  /** Characters of a message that are read; the rest is ignored (keeps huge pastes fast). */
  maxChars?: number;
  /** Words of a message that are matched. */
  maxTokens?: number;
}

/**
 * The built-in intent matcher: no network, no model, microseconds per message. Used on
 * its own or as the fallback when Dialogflow is unavailable.
 */
export class LocalNlu implements Nlu {
  readonly kind = 'local';
  readonly threshold: number;
  private readonly candidateCount: number;
  private readonly limits: { maxChars: number; maxTokens: number };
  private index: InvertedIndex;
  private smallTalk = new Set<string>();

  constructor(options: LocalNluOptions = {}) {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`LocalNlu threshold must be within 0..1, got ${threshold}`);
    this.threshold = threshold;
    this.candidateCount = Math.max(1, Math.floor(options.candidateCount ?? DEFAULT_CANDIDATE_COUNT));
    this.limits = {
      maxChars: Math.max(1, Math.floor(options.maxChars ?? DEFAULT_LIMITS.maxChars)),
      maxTokens: Math.max(1, Math.floor(options.maxTokens ?? DEFAULT_LIMITS.maxTokens)),
    };
    this.index = InvertedIndex.build([], this.limits);
  }

  private bengaliSounds: ReadonlySet<string> = new Set();

  /** Replaces everything learnt before; the old index keeps serving until the new one is built. */
  train(intents: IntentExamples[]): void {
    this.index = InvertedIndex.build(intents, this.limits);
    this.smallTalk = new Set(intents.filter((i) => i.smallTalk).map((i) => i.intent));
    this.bengaliSounds = bengaliOnlySounds(intents, this.limits.maxTokens);
  }

  detect(request: NluRequest): Promise<NluResult> {
    try {
      return Promise.resolve(this.detectSync(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The same as `detect`, for callers (and benchmarks) that want no promise. */
  detectSync(request: NluRequest): NluResult {
    const text = visiblePart(typeof request.text === 'string' ? request.text : '', this.limits.maxChars);
    const tokens = tokenize(text, this.limits.maxTokens);
    let language = detectLanguage(text, tokens, request.previousLocale);
    // No marker either way: a word that sounds like one of the shop's own Bengali examples
    // ("vanga" ~ ভাঙা) says the customer writes Bengali in Latin letters.
    if (language.script === 'latin' && language.locale === 'en' && language.confidence < 0.5 && tokens.some((t) => t.length >= 4 && this.bengaliSounds.has(phoneticKey(t)))) {
      language = { ...language, locale: 'bn' };
    }
    const candidates = this.preferSubstance(this.index.search(tokens, this.candidateCount));
    const best = candidates[0];
    const confidence = best ? best.confidence : 0;
    const numbers = extractNumbers(text);
    return {
      intent: best && confidence >= this.threshold ? best.intent : null,
      confidence,
      locale: language.locale,
      script: language.script,
      candidates,
      parameters: numbers.length > 0 ? { numbers } : {},
      sentiment: scoreSentiment(text, tokens),
      source: this.kind,
    };
  }

  /**
   * "hi, where is my order?" scores the greeting high because "hi" is a rare word; the customer
   * still came for the order. A small-talk intent on top that does not account for the whole
   * message gives way to the best other candidate that clears the threshold on its own. One
   * that does ("no, I don't need anything else" is an example of thanks) stays.
   */
  private preferSubstance(candidates: IntentScore[]): IntentScore[] {
    if (candidates.length < 2 || !this.smallTalk.has(candidates[0].intent) || candidates[0].confidence >= WHOLE_MESSAGE) return candidates;
    const substance = candidates.findIndex((c) => !this.smallTalk.has(c.intent) && c.confidence >= this.threshold);
    if (substance < 0) return candidates;
    return [candidates[substance], ...candidates.filter((_, i) => i !== substance)];
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  /** Size of what was trained, for logs and the benchmark. */
  get stats(): InvertedIndex['stats'] {
    return this.index.stats;
  }
}

/**
 * Sounds of the words in Bengali-script examples that no English example shares: loanwords
 * such as "order" / অর্ডার appear on both sides and say nothing about the language.
 */
function bengaliOnlySounds(intents: IntentExamples[], maxTokens: number): Set<string> {
  const bengali = new Set<string>();
  const english = new Set<string>();
  for (const intent of intents) {
    for (const example of intent.examples.bn ?? []) {
      if (!/[\u0980-\u09FF]/.test(example)) continue;
      for (const token of tokenize(example, maxTokens)) if (token.length >= 3) bengali.add(phoneticKey(token));
    }
    for (const example of intent.examples.en ?? []) for (const token of tokenize(example, maxTokens)) english.add(phoneticKey(token));
  }
  for (const key of english) bengali.delete(key);
  return bengali;
}
