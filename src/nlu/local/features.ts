import { phoneticKey } from './banglish';
import { inflectionStems } from './inflections';
import { isStopword } from './stopwords';
import type { SynonymMatch } from './synonyms';
import { wordClasses } from './wordClasses';

/**
 * What the intent model sees of a message: named features with weights, before the model's
 * IDF and length normalisation.
 *
 * Every word is read through its phonetic key (banglish.ts), the romanised, sound-folded form
 * that "কোথায়", "kothay" and "kothai" share, so one script's examples teach the other. From it:
 *   w:  the word                       b:  two neighbouring words
 *   c:  character 2- to 5-grams inside the word's boundaries: typos, suffixes and loanwords
 *       spelt differently ("pement" / "paiment") still share most of them
 *   s:  the consonant skeleton ("dlbr" for ডেলিভারি and delivery)
 *   g:  a synonym group the message mentions (synonyms.ts)
 * Suffix-stripped stems ("অর্ডারটা" -> "অর্ডার") and word classes (colours) count as weaker words.
 */
export const FEATURE_WEIGHTS = {
  word: 1,
  stem: 0.6,
  bigram: 0.7,
  gram: 0.2,
  skeleton: 0.5,
  synonym: 2.5,
  /** Function words say little about the intent; they still help tell a question from chatter. */
  stopword: 0.35,
} as const;

const MIN_GRAM = 2;
const MAX_GRAM = 5;
const VOWELS = /[aeiou]/g;

export type FeatureSink = (name: string, weight: number) => void;

/** A word of the message as the model reads it. */
export interface ReadWord {
  token: string;
  key: string;
}

/** A correction for a word the model never saw ("delivary" -> "delibari"), with its trust 0..1. */
export type WordCorrector = (key: string) => { key: string; similarity: number } | undefined;

export function readWords(tokens: readonly string[]): ReadWord[] {
  return tokens.map((token) => ({ token, key: phoneticKey(token) }));
}

/** "delibari" -> "dlbr": what is left of a word when its vowels are gone (the first letter stays). */
export function consonantSkeleton(key: string): string {
  return key.length <= 1 ? key : key[0] + key.slice(1).replace(VOWELS, '');
}

/**
 * Emits every feature of a message's words. `synonyms` are the synonym groups found in them;
 * `correct` rescues words the model never saw.
 */
export function emitFeatures(words: readonly ReadWord[], synonyms: readonly SynonymMatch[], emit: FeatureSink, correct?: WordCorrector): void {
  const keys = words.map(({ token, key }) => emitWordFeatures(token, key, emit, correct?.(key)));
  emitContextFeatures(keys, synonyms, emit);
}

/**
 * The features of one word, whatever its neighbours: its key (or the `corrected` one), grams,
 * skeleton, stems and classes. Returns the key its bigrams use.
 */
export function emitWordFeatures(token: string, spelt: string, emit: FeatureSink, corrected?: { key: string; similarity: number }): string {
  const stop = isStopword(token, spelt);
  const scale = stop ? FEATURE_WEIGHTS.stopword : 1;
  const key = corrected && corrected.similarity >= 1 ? corrected.key : spelt;
  emit(`w:${key}`, FEATURE_WEIGHTS.word * scale);
  if (corrected && corrected.key !== spelt) emit(`w:${corrected.key}`, FEATURE_WEIGHTS.word * scale * corrected.similarity);
  emitGrams(spelt, FEATURE_WEIGHTS.gram * scale, emit);
  if (!/^\d+$/.test(spelt)) {
    const skeleton = consonantSkeleton(spelt);
    if (skeleton.length >= 3) emit(`s:${skeleton}`, FEATURE_WEIGHTS.skeleton * scale);
  }
  for (const stem of inflectionStems(token)) emit(`w:${phoneticKey(stem)}`, FEATURE_WEIGHTS.stem * scale);
  for (const wordClass of wordClasses(token)) emit(`w:${wordClass}`, FEATURE_WEIGHTS.stem);
  return key;
}

/** The features that depend on the words around: neighbouring pairs and synonym groups. */
export function emitContextFeatures(keys: readonly string[], synonyms: readonly SynonymMatch[], emit: FeatureSink): void {
  for (let i = 1; i < keys.length; i++) emit(`b:${keys[i - 1]} ${keys[i]}`, FEATURE_WEIGHTS.bigram);
  for (const { group } of synonyms) emit(`g:${group}`, FEATURE_WEIGHTS.synonym);
}

/** Character n-grams of `<key>`: the markers let a gram tell a word's start and end. */
function emitGrams(key: string, weight: number, emit: FeatureSink): void {
  if (/^\d+$/.test(key)) {
    emit('c:#number', weight);
    return;
  }
  const marked = `<${key}>`;
  for (let size = MIN_GRAM; size <= MAX_GRAM; size++) {
    for (let at = 0; at + size <= marked.length; at++) emit(`c:${marked.slice(at, at + size)}`, weight);
  }
}
