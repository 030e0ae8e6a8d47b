import { FuzzyVocabulary } from './fuzzyVocabulary';

/**
 * One way of spelling the indexed words (as written, or by phonetic key): its vocabulary,
 * for each term the example-word slots it occurs in, and how many intents use it.
 *
 * A posting is a slot number; slots reached through a stripped suffix ("অর্ডারটা" filed
 * under "অর্ডার") carry INFLECTED_FLAG so the matcher can trust them a little less.
 */
export const INFLECTED_FLAG = 1 << 30;
export const SLOT_MASK = INFLECTED_FLAG - 1;

export class TermField {
  readonly vocabulary = new FuzzyVocabulary();
  private building: number[][] = [];
  private postings: Int32Array[] = [];
  private readonly intentCount: number[] = [];
  private readonly lastIntent: number[] = [];
  private idf = new Float64Array(0);
  private readonly latinSourced: boolean[] = [];

  /**
   * Files `slot` of intent number `intent` under `term` and returns the term's id.
   * Slots (and intents) must arrive in increasing order. `fromLatin` tells whether the
   * example word was written in Latin letters.
   */
  add(term: string, slot: number, intent: number, inflected: boolean, fromLatin: boolean): number {
    const id = this.vocabulary.add(term);
    if (id === this.building.length) {
      this.building.push([]);
      this.intentCount.push(0);
      this.lastIntent.push(-1);
      this.latinSourced.push(false);
    }
    if (fromLatin) this.latinSourced[id] = true;
    const list = this.building[id] as number[];
    const last = list[list.length - 1];
    // The same word can reach a term twice (itself and a stem); keep the first, stronger filing.
    if (last !== undefined && (last & SLOT_MASK) === slot) return id;
    list.push(inflected ? slot | INFLECTED_FLAG : slot);
    if (this.lastIntent[id] !== intent) {
      this.lastIntent[id] = intent;
      this.intentCount[id] = (this.intentCount[id] as number) + 1;
    }
    return id;
  }

  /**
   * Freezes the postings and computes inverse document frequencies over intents (not
   * examples: a word in every example of one intent is what identifies that intent).
   */
  seal(totalIntents: number): void {
    this.postings = this.building.map((list) => Int32Array.from(list));
    this.building = [];
    this.idf = new Float64Array(this.postings.length);
    for (let id = 0; id < this.idf.length; id++) this.idf[id] = inverseFrequency(this.intentCount[id] as number, totalIntents);
    this.vocabulary.seal();
  }

  postingsOf(term: number): Int32Array {
    return this.postings[term] as Int32Array;
  }

  /** Whether some example wrote this term in Latin letters (English or Banglish). */
  isLatinSourced(term: number): boolean {
    return this.latinSourced[term] === true;
  }

  idfOf(term: number): number {
    return this.idf[term] as number;
  }
}

/**
 * BM25-style IDF: close to zero for a word every intent uses, largest for a word only one
 * intent uses. Never quite zero, so a message made only of common words still ranks.
 */
export function inverseFrequency(intentsWithTerm: number, totalIntents: number): number {
  return Math.max(0.05, Math.log(1 + (totalIntents - intentsWithTerm + 0.5) / (intentsWithTerm + 0.5)));
}
