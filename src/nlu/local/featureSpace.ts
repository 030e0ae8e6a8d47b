import { phoneticKey } from './banglish';
import { emitContextFeatures, emitFeatures, emitWordFeatures, readWords, type ReadWord, type WordCorrector } from './features';
import { boundedEditDistance } from './editDistance';
import { FuzzyVocabulary } from './fuzzyVocabulary';
import { inflectionStems } from './inflections';
import { tokensWithin, type NormalizeLimits } from './normalize';
import type { SparseRow } from './softmaxRegression';
import { isStopword } from './stopwords';
import type { SynonymMatch, SynonymMatcher } from './synonyms';
import { wordClasses } from './wordClasses';

/** Function words count this much in coverage: "what is" alone covers little. */
const STOPWORD_COVERAGE = 0.3;
const DIGITS = /^\d+$/;
const MAX_REMEMBERED_CORRECTIONS = 20_000;
/** The most slips FuzzyVocabulary forgives (two, in long words). */
const MAX_TYPO_EDITS = 2;

/** A feature bag: each feature once, at the largest weight it was emitted with. */
export type FeatureBag = ReadonlyMap<string, number>;

/**
 * Feature names as numbers, shared by every model trained from the same texts (the model and
 * its calibration folds), so that each builds its space from arrays instead of string lookups.
 */
export class FeatureNames {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly words = new Map<string, WordFeatures>();

  get size(): number {
    return this.names.length;
  }

  nameOf(id: number): string {
    return this.names[id] as string;
  }

  /** The id of a name, added when new. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /** The id of a known name; -1 for one no training text had. */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  /**
   * The features of a word of a training text, numbered. Read once per word, not once per text it
   * is in: the training texts use a few thousand words, and their grams were most of the reading.
   */
  wordFeatures(token: string): WordFeatures {
    let known = this.words.get(token);
    if (!known) {
      // Into arrays by feature id, not a map by name: a map per word was most of reading a new word.
      const bag = this.wordBag;
      bag.clear(this.names.length);
      const key = emitWordFeatures(token, phoneticKey(token), (name, weight) => bag.keepLargest(this.intern(name), weight));
      const { ids, weights } = bag.finish();
      this.words.set(token, (known = { key, ids, weights }));
    }
    return known;
  }

  /** An empty bag of these features (one at a time: each bag reuses the last one's arrays). */
  newBag(): BagBuilder {
    this.bag.clear(this.names.length);
    return this.bag;
  }

  private readonly bag = new BagBuilder();
  private readonly wordBag = new BagBuilder();
}

/**
 * A bag being filled (see keepLargest), in arrays indexed by feature id rather than a map: the
 * training texts' bags are most of the features ever kept, and a map per text was a third of
 * reading them.
 */
class BagBuilder {
  private ids: number[] = [];
  private largest = new Float64Array(0);
  /** Which bag each feature was last put in: no clearing between bags. */
  private bagOf = new Int32Array(0);
  private current = 0;

  /** Empties the bag, for feature ids below `features` and any interned while it fills. */
  clear(features: number): void {
    this.ids = [];
    this.current++;
    if (this.largest.length < features) this.grow(features);
  }

  keepLargest(id: number, weight: number): void {
    if (id >= this.largest.length) this.grow(id + 1);
    if (this.bagOf[id] !== this.current) {
      if (!(weight > 0)) return;
      this.bagOf[id] = this.current;
      this.largest[id] = weight;
      this.ids.push(id);
    } else if ((this.largest[id] as number) < weight) this.largest[id] = weight;
  }

  finish(): NumberedFeatures {
    const ids = Int32Array.from(this.ids);
    const weights = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) weights[k] = this.largest[ids[k] as number] as number;
    return { ids, weights };
  }

  private grow(features: number): void {
    const size = Math.max(features, this.largest.length * 2, 1024);
    const largest = new Float64Array(size);
    largest.set(this.largest);
    const bagOf = new Int32Array(size);
    bagOf.set(this.bagOf);
    this.largest = largest;
    this.bagOf = bagOf;
  }
}

/** One word's features (featureNames ids, in the order they were emitted) and the key its bigrams use. */
interface WordFeatures {
  key: string;
  ids: Int32Array;
  weights: Float32Array;
}

/** Each feature once, at the largest weight it was emitted with; in the order first emitted. */
function keepLargest<K>(bag: Map<K, number>, feature: K, weight: number): void {
  if ((bag.get(feature) ?? 0) < weight) bag.set(feature, weight);
}

/** Features by id (FeatureNames), each with its weight. */
export interface NumberedFeatures {
  ids: Int32Array;
  weights: Float32Array;
}

/** A training text's feature bag. */
export interface NumberedBag extends NumberedFeatures {
  /** The words the text was read as (tokenize), kept so that the training reads no text twice. */
  tokens: readonly string[];
}

/** A message as the model reads it. */
export interface ReadMessage {
  row: SparseRow;
  /** Share of its words (function words count less) that the intents' examples or synonym groups know. */
  coverage: number;
}

/**
 * The features a trained model knows: their ids, inverse document frequencies, and the words
 * of the in-scope examples. Turns a message into a unit-length TF-IDF row, reading a word it
 * never saw as the nearest one it did ("delivary" -> "delivery").
 */
export class FeatureSpace {
  private constructor(
    private readonly names: FeatureNames,
    /** This space's id of each shared feature id; -1 where this space does not have it. */
    private readonly localIds: Int32Array,
    private readonly featureCount: number,
    private readonly idf: Float32Array,
    private readonly intentWords: ReadonlySet<string>,
    /** The words of the space's features (see knownWords). */
    private readonly words: readonly string[],
    private readonly synonyms: SynonymMatcher,
    private readonly limits: NormalizeLimits,
  ) {}

  /**
   * The words of the space, findable within a typo or two. Built when a message first has a word
   * the space lacks, or by prepareTypoIndex, not at training: no training text needs it (each of
   * their words is in the space), and its deletion neighbourhood was a tenth of a first training on
   * the sample flows.
   */
  private get knownWords(): FuzzyVocabulary {
    return this.prepareTypoIndex();
  }

  /** Builds the typo index (see knownWords) if it is not built yet. */
  prepareTypoIndex(): FuzzyVocabulary {
    return (this.typoIndex ??= wordsOf(this.words));
  }

  private typoIndex: FuzzyVocabulary | null = null;

  /**
   * From the training texts' bags; `inScope[i]` tells whether text i is an intent's example.
   * Beyond `maxFeatures`, the rarest features are left out.
   */
  static build(names: FeatureNames, bags: readonly NumberedBag[], inScope: readonly boolean[], synonyms: SynonymMatcher, limits: NormalizeLimits, maxFeatures = Infinity): FeatureSpace {
    const frequency = new Int32Array(names.size);
    const inIntent = new Uint8Array(names.size);
    bags.forEach((bag, i) => {
      for (const id of bag.ids) {
        frequency[id] += 1;
        if (inScope[i]) inIntent[id] = 1;
      }
    });
    let kept: number[] = [];
    for (let id = 0; id < frequency.length; id++) if ((frequency[id] as number) > 0) kept.push(id);
    if (kept.length > maxFeatures) {
      kept = kept.sort((a, b) => (frequency[b] as number) - (frequency[a] as number) || (names.nameOf(a) < names.nameOf(b) ? -1 : 1)).slice(0, maxFeatures);
    }
    const localIds = new Int32Array(names.size).fill(-1);
    const intentWords = new Set<string>();
    kept.forEach((id, local) => {
      localIds[id] = local;
      const name = names.nameOf(id);
      if (inIntent[id] && name.startsWith('w:')) intentWords.add(name.slice(2));
    });
    const idf = Float32Array.from(kept, (id) => Math.log((1 + bags.length) / (1 + (frequency[id] as number))) + 1);
    const words: string[] = [];
    for (const id of kept) {
      const name = names.nameOf(id);
      if (name.startsWith('w:') && !name.startsWith('w:#')) words.push(name.slice(2));
    }
    return new FeatureSpace(names, localIds, kept.length, idf, intentWords, words, synonyms, limits);
  }

  get size(): number {
    return this.featureCount;
  }

  /** The features of a training text (no typo correction: every word of it is known), numbered. */
  static bagOf(text: string, synonyms: SynonymMatcher, limits: NormalizeLimits, names: FeatureNames): NumberedBag {
    const tokens = tokensWithin(text, limits);
    const words = tokens.map((token) => names.wordFeatures(token));
    const keys = words.map((word) => word.key);
    const bag = names.newBag();
    for (const word of words) for (let k = 0; k < word.ids.length; k++) bag.keepLargest(word.ids[k] as number, word.weights[k] as number);
    emitContextFeatures(keys, synonyms.find(tokens, keys), (name, weight) => bag.keepLargest(names.intern(name), weight));
    return { ...bag.finish(), tokens };
  }

  read(text: string): ReadMessage {
    const words = readText(text, this.limits);
    const matches = this.synonyms.find(tokensOf(words), keysOf(words));
    const bag = bagOf(words, matches, this.corrector);
    const ids = new Int32Array(bag.size);
    const weights = new Float32Array(bag.size);
    let i = 0;
    for (const [name, weight] of bag) {
      ids[i] = this.names.find(name);
      weights[i++] = weight;
    }
    return { row: this.vectorize({ ids, weights }), coverage: this.coverage(words, matches) };
  }

  /** How much of a message the intents know about, from its tokens, without reading it into a row (see coverage). */
  coverageOfTokens(tokens: readonly string[]): number {
    const words = readWords(tokens);
    return this.coverage(words, this.synonyms.find(tokens, keysOf(words)));
  }

  /** A unit-length TF-IDF row of this space's features (the others are left out). */
  vectorize(bag: NumberedFeatures): SparseRow {
    let count = 0;
    for (const id of bag.ids) if (this.localOf(id) >= 0) count++;
    const indices = new Int32Array(count);
    const values = new Float32Array(count);
    let norm = 0;
    let at = 0;
    for (let k = 0; k < bag.ids.length; k++) {
      const local = this.localOf(bag.ids[k] as number);
      if (local < 0) continue;
      const value = (bag.weights[k] as number) * (this.idf[local] as number);
      indices[at] = local;
      values[at++] = value;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < count; k++) values[k] = (values[k] as number) * scale;
    return { indices, values };
  }

  private localOf(id: number): number {
    return id >= 0 && id < this.localIds.length ? (this.localIds[id] as number) : -1;
  }

  private has(name: string): boolean {
    return this.localOf(this.names.find(name)) >= 0;
  }

  /** A word the examples never used, read as the closest one they did, within a typo or two. */
  private readonly corrector: WordCorrector = (key) => {
    if (this.has(`w:${key}`)) return { key, similarity: 1 };
    // The typo search is the costliest step of reading a message, and asked twice per word.
    if (this.corrections.has(key)) return this.corrections.get(key);
    if (this.corrections.size >= MAX_REMEMBERED_CORRECTIONS) this.corrections.clear();
    const correction = this.nearestKnownWord(key);
    this.corrections.set(key, correction);
    return correction;
  };

  private readonly corrections = new Map<string, { key: string; similarity: number } | undefined>();

  /**
   * Among the known words a typo or two away, the nearest; between equally near ones, the one
   * more examples use ("odrer" is one swap from "order" and one letter from a rare "kodrer":
   * a customer who slipped meant the common word, as a spell checker would guess).
   */
  private nearestKnownWord(key: string): { key: string; similarity: number } | undefined {
    const ids: number[] = [];
    const similarities: number[] = [];
    this.knownWords.collect(key, 1, 1, ids, similarities, (id) => this.has(`w:${this.knownWords.termAt(id)}`));
    let best = -1;
    let bestEdits = Infinity;
    let bestRarity = Infinity;
    for (let i = 0; i < ids.length; i++) {
      const term = this.knownWords.termAt(ids[i] as number);
      const edits = boundedEditDistance(key, term, MAX_TYPO_EDITS);
      const rarity = this.idf[this.localOf(this.names.find(`w:${term}`))] as number;
      if (edits < bestEdits || (edits === bestEdits && rarity < bestRarity)) {
        best = i;
        bestEdits = edits;
        bestRarity = rarity;
      }
    }
    return best < 0 ? undefined : { key: this.knownWords.termAt(ids[best] as number), similarity: similarities[best] as number };
  }

  /**
   * How much of the message the intents know about. Chatter that shares a place name or "price"
   * with an intent still has words no example uses ("book a hotel in cox's bazar"), and that
   * says more than which intent is likeliest. A word of a synonym group counts as known.
   */
  private coverage(words: readonly ReadWord[], synonyms: readonly SynonymMatch[]): number {
    const inGroup = new Set<number>();
    for (const { start, length } of synonyms) for (let i = start; i < start + length; i++) inGroup.add(i);
    let total = 0;
    let known = 0;
    for (const [i, { token, key }] of words.entries()) {
      if (DIGITS.test(token)) continue; // an order number or an amount: neither known nor unknown
      const weight = isStopword(token, key) ? STOPWORD_COVERAGE : 1;
      total += weight;
      if (inGroup.has(i) || this.knows(token, key)) known += weight;
      else {
        const corrected = this.corrector(key);
        if (corrected && this.intentWords.has(corrected.key)) known += weight * corrected.similarity;
      }
    }
    return total > 0 ? known / total : 0;
  }

  /** Whether some intent's example has this word: as spelt, without its suffix, or by its class ("maroon" is a colour). */
  private knows(token: string, key: string): boolean {
    if (this.intentWords.has(key)) return true;
    if (inflectionStems(token).some((stem) => this.intentWords.has(phoneticKey(stem)))) return true;
    return wordClasses(token).some((wordClass) => this.intentWords.has(wordClass));
  }
}

function readText(text: string, limits: NormalizeLimits): ReadWord[] {
  return readWords(tokensWithin(text, limits));
}

const tokensOf = (words: readonly ReadWord[]) => words.map((w) => w.token);
const keysOf = (words: readonly ReadWord[]) => words.map((w) => w.key);

function bagOf(words: readonly ReadWord[], synonyms: readonly SynonymMatch[], correct?: WordCorrector): Map<string, number> {
  const bag = new Map<string, number>();
  emitFeatures(words, synonyms, (name, weight) => keepLargest(bag, name, weight), correct);
  return bag;
}

function wordsOf(words: readonly string[]): FuzzyVocabulary {
  const vocabulary = new FuzzyVocabulary();
  for (const word of words) vocabulary.add(word);
  vocabulary.seal();
  return vocabulary;
}
