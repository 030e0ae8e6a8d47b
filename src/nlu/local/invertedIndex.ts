import type { IntentExamples, IntentScore } from '../port';
import { phoneticKey } from './banglish';
import { inflectionStems } from './inflections';
import { wordClasses } from './wordClasses';
import { DEFAULT_LIMITS, tokenize, type NormalizeLimits } from './normalize';
import { isStopword, STOPWORD_WEIGHT } from './stopwords';
import { INFLECTED_FLAG, inverseFrequency, SLOT_MASK, TermField } from './termField';

/**
 * The trained matcher: every example phrase of every intent, split into words, each word
 * filed under its spelling and its phonetic key (and the stems of both).
 *
 * Scoring a message against one example is a soft, IDF-weighted overlap in both
 * directions: how much of the message the example explains (query coverage) and how much
 * of the example the message says (example coverage), combined by a harmonic mean so
 * that both must be high. Each word pair counts with its similarity (1 for the same
 * spelling, less for a phonetic, inflected or misspelt match), so "delivary charg",
 * "charge delivery" and "ডেলিভারি চার্জ" all land near "delivery charge". An intent scores
 * as its best example, with part of the query coverage counted over all the intent's
 * examples (see INTENT_COVERAGE_SHARE).
 */

/** How far a match is trusted compared with the same spelling. */
const PHONETIC_TRUST = 0.95;
const INFLECTED_TRUST = 0.9;
const TYPO_TRUST = 1;
// A typo on top of a sound-alike is a guess on a guess: short keys such as "kotai"
// (কোথায়) and "koitai" (কয়টায়) are one letter apart yet mean different things.
const PHONETIC_TYPO_TRUST = 0.85;
/** Numbers are mostly order ids and amounts: they matter little for the intent. */
const NUMBER_WEIGHT = 0.3;
/** Weight of example coverage in the harmonic mean (query coverage gets the rest). */
const EXAMPLE_COVERAGE_WEIGHT = 0.5;
/**
 * Share of query coverage measured against the whole intent rather than one example.
 * An intent's examples are paraphrases, so a message that takes "দোকান" from one and
 * "কয়টা" from another still says that intent; example coverage keeps this honest,
 * because some single example must still be mostly present in the message.
 */
const INTENT_COVERAGE_SHARE = 0.5;
/** See `search`: must stay below half of any sensible threshold. */
const COMMON_WORDS_SHARE = 0.25;
// Module-local copies: imported bindings compile to property reads (or getters) on the
// module object, which shows up in the innermost loop.
const SLOT = SLOT_MASK;
const INFLECTED = INFLECTED_FLAG;

const DIGITS_ONLY = /^\d+$/;
const HAS_BENGALI = /[\u0980-\u09FF]/;

export interface IndexStats {
  intents: number;
  examples: number;
  words: number;
  spellings: number;
  phoneticKeys: number;
}

export class InvertedIndex {
  readonly intentNames: string[] = [];
  private readonly spelling = new TermField();
  private readonly sound = new TermField();
  private readonly limits: NormalizeLimits;

  // Per example: its intent and the total weight of its words.
  private exampleIntent = new Int32Array(0);
  private exampleWeight = new Float64Array(0);
  // Per slot (one word of one example): its example and weight.
  private slotExample = new Int32Array(0);
  private slotWeight = new Float64Array(0);
  /** Weight of a message word that matches nothing: as informative as the rarest known word. */
  private unknownWordWeight = 1;

  // Scratch space for one search, reused so that matching allocates almost nothing.
  private slotBest = new Float64Array(0);
  private touchedSlots = new Int32Array(0);
  private exampleMatched = new Float64Array(0);
  private queryMatched = new Float64Array(0);
  private wordBest = new Float64Array(0);
  private wordTouched = new Int32Array(0);
  private exampleStamp = new Int32Array(0);
  private touchedExamples = new Int32Array(0);
  private intentBest = new Float64Array(0);
  private intentQueryMatched = new Float64Array(0);
  private intentWordBest = new Float64Array(0);
  private intentWordTouched = new Int32Array(0);
  private intentStamp = new Int32Array(0);
  private touchedSlotCount = 0;
  private stamp = 0;
  private readonly matchTerms: number[] = [];
  private readonly matchSimilarities: number[] = [];
  private readonly matchFields: TermField[] = [];

  private constructor(limits: NormalizeLimits) {
    this.limits = limits;
  }

  static build(intents: readonly IntentExamples[], limits: NormalizeLimits = DEFAULT_LIMITS): InvertedIndex {
    const index = new InvertedIndex(limits);
    index.load(intents);
    return index;
  }

  get stats(): IndexStats {
    return {
      intents: this.intentNames.length,
      examples: this.exampleIntent.length,
      words: this.slotExample.length,
      spellings: this.spelling.vocabulary.size,
      phoneticKeys: this.sound.vocabulary.size,
    };
  }

  private load(intents: readonly IntentExamples[]): void {
    const phrasesByIntent = groupPhrases(intents);
    const exampleIntent: number[] = [];
    const slotExample: number[] = [];
    const slotTerm: number[] = [];
    const slotIsStopword: boolean[] = [];
    const seenWords = new Set<string>();

    for (const [name, phrases] of phrasesByIntent) {
      const intent = this.intentNames.length;
      this.intentNames.push(name);
      const seenExamples = new Set<string>();
      for (const phrase of phrases) {
        const words = tokenize(phrase, this.limits.maxTokens);
        const signature = words.join(' ');
        if (words.length === 0 || seenExamples.has(signature)) continue;
        seenExamples.add(signature);
        const example = exampleIntent.length;
        exampleIntent.push(intent);
        seenWords.clear();
        for (const word of words) {
          if (seenWords.has(word)) continue;
          seenWords.add(word);
          const slot = slotExample.length;
          const key = phoneticKey(word);
          const latin = !HAS_BENGALI.test(word);
          slotExample.push(example);
          slotTerm.push(this.spelling.add(word, slot, intent, false, latin));
          slotIsStopword.push(isStopword(word, key));
          this.sound.add(key, slot, intent, false, latin);
          for (const stem of weakerForms(word)) {
            this.spelling.add(stem, slot, intent, true, latin);
            this.sound.add(phoneticKey(stem), slot, intent, true, latin);
          }
        }
      }
    }

    const intentTotal = this.intentNames.length;
    this.spelling.seal(intentTotal);
    this.sound.seal(intentTotal);
    this.unknownWordWeight = inverseFrequency(1, intentTotal);

    this.exampleIntent = Int32Array.from(exampleIntent);
    this.slotExample = Int32Array.from(slotExample);
    this.slotWeight = new Float64Array(slotExample.length);
    this.exampleWeight = new Float64Array(exampleIntent.length);
    for (let slot = 0; slot < slotExample.length; slot++) {
      const weight = this.spelling.idfOf(slotTerm[slot] as number) * (slotIsStopword[slot] ? STOPWORD_WEIGHT : 1);
      this.slotWeight[slot] = weight;
      this.exampleWeight[slotExample[slot] as number] += weight;
    }

    this.slotBest = new Float64Array(slotExample.length);
    this.touchedSlots = new Int32Array(slotExample.length);
    this.exampleMatched = new Float64Array(exampleIntent.length);
    this.queryMatched = new Float64Array(exampleIntent.length);
    this.wordBest = new Float64Array(exampleIntent.length);
    this.wordTouched = new Int32Array(exampleIntent.length);
    this.exampleStamp = new Int32Array(exampleIntent.length);
    this.touchedExamples = new Int32Array(exampleIntent.length);
    this.intentBest = new Float64Array(intentTotal);
    this.intentQueryMatched = new Float64Array(intentTotal);
    this.intentWordBest = new Float64Array(intentTotal);
    this.intentWordTouched = new Int32Array(intentTotal);
    this.intentStamp = new Int32Array(intentTotal);
  }

  /** The best `limit` intents for a message's tokens, best first; intents with score 0 are left out. */
  search(tokens: readonly string[], limit: number): IntentScore[] {
    if (this.exampleIntent.length === 0 || tokens.length === 0) return [];
    const stamp = ++this.stamp;

    // 1. What each distinct word may be, and how much it weighs.
    this.matchTerms.length = 0;
    this.matchSimilarities.length = 0;
    this.matchFields.length = 0;
    const words = [...new Set(tokens)];
    const matchEnds: number[] = [];
    const weights: number[] = [];
    let queryWeight = 0;
    for (const word of words) {
      const key = phoneticKey(word);
      const weight =
        this.collectMatches(word, key) *
        (isStopword(word, key) ? STOPWORD_WEIGHT : 1) *
        (DIGITS_ONLY.test(word) ? NUMBER_WEIGHT : 1);
      weights.push(weight);
      matchEnds.push(this.matchTerms.length);
      queryWeight += weight;
    }

    // 2. Selective words first. The lightest matched words, together worth less than
    // COMMON_WORDS_SHARE of the message, cannot lift an intent to the threshold on their
    // own (the harmonic mean is at most twice the query coverage), so they only refine
    // intents the selective words already reached: "the" and "আমার" have long posting
    // lists, and this keeps them from dominating the cost.
    const order = words.map((_, w) => w).sort((a, b) => (weights[b] as number) - (weights[a] as number));
    let commonFrom = order.length;
    let commonWeight = 0;
    while (commonFrom > 0) {
      const w = order[commonFrom - 1] as number;
      if (commonWeight + (weights[w] as number) > COMMON_WORDS_SHARE * queryWeight) break;
      commonWeight += weights[w] as number;
      commonFrom--;
    }

    let touchedExampleCount = 0;
    let reachedIntent = false;
    for (let rank = 0; rank < order.length; rank++) {
      const w = order[rank] as number;
      const matchStart = w === 0 ? 0 : (matchEnds[w - 1] as number);
      const onlyReached = rank >= commonFrom && reachedIntent;
      touchedExampleCount = this.applyWord(
        matchStart,
        matchEnds[w] as number,
        weights[w] as number,
        stamp,
        onlyReached,
        touchedExampleCount,
      );
      if (touchedExampleCount > 0) reachedIntent = true;
    }

    const ranked = this.rankIntents(touchedExampleCount, queryWeight, limit);
    for (let s = 0; s < this.touchedSlotCount; s++) this.slotBest[this.touchedSlots[s] as number] = 0;
    this.touchedSlotCount = 0;
    return ranked;
  }

  /**
   * Credits one message word (matches `from`..`to` in the match buffers) to every example
   * word it meets. With `onlyReachedIntents`, examples of intents no earlier word reached
   * are skipped. Returns the new count of touched examples.
   */
  private applyWord(
    from: number,
    to: number,
    weight: number,
    stamp: number,
    onlyReachedIntents: boolean,
    touchedExamples: number,
  ): number {
    let touchedExampleCount = touchedExamples;
    let wordTouchedCount = 0;
    let intentWordTouchedCount = 0;
    for (let m = from; m < to; m++) {
      const similarity = this.matchSimilarities[m] as number;
      const postings = (this.matchFields[m] as TermField).postingsOf(this.matchTerms[m] as number);
      for (let p = 0; p < postings.length; p++) {
        const posting = postings[p] as number;
        const slot = posting & SLOT;
        const example = this.slotExample[slot] as number;
        const intent = this.exampleIntent[example] as number;
        if (onlyReachedIntents && this.intentStamp[intent] !== stamp) continue;
        const value = posting & INFLECTED ? similarity * INFLECTED_TRUST : similarity;
        const previous = this.slotBest[slot] as number;
        if (value > previous) {
          if (previous === 0) this.touchedSlots[this.touchedSlotCount++] = slot;
          this.slotBest[slot] = value;
          this.exampleMatched[example] += (this.slotWeight[slot] as number) * (value - previous);
        }
        const best = this.wordBest[example] as number;
        if (value > best) {
          if (best === 0) this.wordTouched[wordTouchedCount++] = example;
          this.wordBest[example] = value;
          const intentBest = this.intentWordBest[intent] as number;
          if (value > intentBest) {
            if (intentBest === 0) this.intentWordTouched[intentWordTouchedCount++] = intent;
            this.intentWordBest[intent] = value;
          }
        }
      }
    }
    for (let t = 0; t < wordTouchedCount; t++) {
      const example = this.wordTouched[t] as number;
      this.queryMatched[example] += weight * (this.wordBest[example] as number);
      this.wordBest[example] = 0;
      if (this.exampleStamp[example] !== stamp) {
        this.exampleStamp[example] = stamp;
        this.touchedExamples[touchedExampleCount++] = example;
      }
    }
    for (let t = 0; t < intentWordTouchedCount; t++) {
      const intent = this.intentWordTouched[t] as number;
      this.intentQueryMatched[intent] += weight * (this.intentWordBest[intent] as number);
      this.intentWordBest[intent] = 0;
      this.intentStamp[intent] = stamp;
    }
    return touchedExampleCount;
  }

  /**
   * Appends to the match buffers every indexed term `word` may be, and returns the word's
   * weight: the IDF of its closest match, or the unknown-word weight.
   */
  private collectMatches(word: string, key: string): number {
    const terms = this.matchTerms;
    const similarities = this.matchSimilarities;
    const fields = this.matchFields;
    const first = terms.length;

    const before = terms.length;
    this.spelling.vocabulary.collect(word, 1, 0, terms, similarities);
    // A word spelt exactly like an indexed one is taken as meant: no typo search.
    if (terms.length === before) this.spelling.vocabulary.collect(word, 1, TYPO_TRUST, terms, similarities);
    while (fields.length < terms.length) fields.push(this.spelling);
    const firstSound = terms.length;
    this.sound.vocabulary.collect(key, PHONETIC_TRUST, PHONETIC_TYPO_TRUST, terms, similarities);
    if (HAS_BENGALI.test(word)) this.dropBengaliSoundTypos(firstSound);
    while (fields.length < terms.length) fields.push(this.sound);
    // Stems only by exact spelling: typo tolerance on top of suffix guessing finds nonsense.
    for (const stem of weakerForms(word)) {
      this.spelling.vocabulary.collect(stem, INFLECTED_TRUST, 0, terms, similarities);
      while (fields.length < terms.length) fields.push(this.spelling);
      this.sound.vocabulary.collect(phoneticKey(stem), PHONETIC_TRUST * INFLECTED_TRUST, 0, terms, similarities);
      while (fields.length < terms.length) fields.push(this.sound);
    }

    let bestSimilarity = 0;
    let weight = this.unknownWordWeight;
    for (let m = first; m < terms.length; m++) {
      if ((similarities[m] as number) > bestSimilarity) {
        bestSimilarity = similarities[m] as number;
        weight = (fields[m] as TermField).idfOf(terms[m] as number);
      }
    }
    return weight;
  }

  /**
   * A Bengali-script word reaches other Bengali-script words through its own spelling,
   * typos included; going through sound *and* a typo only adds false friends there
   * (কয়টায় "koitai" vs কোথায় "kotai"). Sound typos stay for Latin-written terms, the
   * Banglish and English the word may be a variant of.
   */
  private dropBengaliSoundTypos(from: number): void {
    const terms = this.matchTerms;
    const similarities = this.matchSimilarities;
    let kept = from;
    for (let m = from; m < terms.length; m++) {
      const term = terms[m] as number;
      const similarity = similarities[m] as number;
      if (similarity < PHONETIC_TRUST && !this.sound.isLatinSourced(term)) continue;
      terms[kept] = term;
      similarities[kept] = similarity;
      kept++;
    }
    terms.length = kept;
    similarities.length = kept;
  }

  private rankIntents(touchedExampleCount: number, queryWeight: number, limit: number): IntentScore[] {
    const touchedIntents: number[] = [];
    for (let t = 0; t < touchedExampleCount; t++) {
      const example = this.touchedExamples[t] as number;
      const intent = this.exampleIntent[example] as number;
      const matched =
        (1 - INTENT_COVERAGE_SHARE) * (this.queryMatched[example] as number) +
        INTENT_COVERAGE_SHARE * (this.intentQueryMatched[intent] as number);
      const queryCoverage = queryWeight > 0 ? matched / queryWeight : 0;
      const exampleCoverage = (this.exampleMatched[example] as number) / (this.exampleWeight[example] as number);
      this.queryMatched[example] = 0;
      this.exampleMatched[example] = 0;
      const score = harmonicMean(Math.min(1, queryCoverage), Math.min(1, exampleCoverage));
      const best = this.intentBest[intent] as number;
      if (best === 0 && score > 0) touchedIntents.push(intent);
      if (score > best) this.intentBest[intent] = score;
    }

    for (let t = 0; t < touchedExampleCount; t++) {
      this.intentQueryMatched[this.exampleIntent[this.touchedExamples[t] as number] as number] = 0;
    }

    const top: IntentScore[] = [];
    for (const intent of touchedIntents) {
      const confidence = Math.round((this.intentBest[intent] as number) * 10000) / 10000;
      this.intentBest[intent] = 0;
      if (top.length === limit && confidence <= (top[limit - 1] as IntentScore).confidence) continue;
      let at = top.length;
      while (at > 0 && (top[at - 1] as IntentScore).confidence < confidence) at--;
      top.splice(at, 0, { intent: this.intentNames[intent] as string, confidence });
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

function harmonicMean(queryCoverage: number, exampleCoverage: number): number {
  if (queryCoverage <= 0 || exampleCoverage <= 0) return 0;
  return (
    (queryCoverage * exampleCoverage) /
    (EXAMPLE_COVERAGE_WEIGHT * queryCoverage + (1 - EXAMPLE_COVERAGE_WEIGHT) * exampleCoverage)
  );
}

/** Example phrases per intent name, all languages together; an intent named twice is merged. */
function groupPhrases(intents: readonly IntentExamples[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const { intent, examples } of intents) {
    const phrases = grouped.get(intent) ?? [];
    grouped.set(intent, phrases);
    for (const list of Object.values(examples)) {
      for (const phrase of list ?? []) if (typeof phrase === 'string') phrases.push(phrase);
    }
  }
  return grouped;
}

/** Other ways a word may meet an example word, each trusted less than the word itself. */
function weakerForms(word: string): string[] {
  const classes = wordClasses(word);
  const stems = inflectionStems(word);
  return classes.length === 0 ? stems : [...stems, ...classes];
}
