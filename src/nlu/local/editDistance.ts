/**
 * Bounded edit distance for typo tolerance. Customers' typos are mostly one slip
 * (a wrong, missing or extra letter, or two swapped letters: "paymnet"), so we use the
 * optimal-string-alignment distance, which counts an adjacent swap as one edit, and stop
 * as soon as the bound is exceeded.
 */

/** Longest token we compare letter by letter; longer ones only match exactly. */
export const MAX_FUZZY_LENGTH = 24;

/** Edits tolerated for a word of this length: none for short words ("hi" vs "ki"). */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length <= 8) return 1;
  return 2;
}

// Three rows reused across calls: this runs many times per message.
const ROW_SIZE = MAX_FUZZY_LENGTH + 2;
let beforePrevious = new Int32Array(ROW_SIZE);
let previous = new Int32Array(ROW_SIZE);
let current = new Int32Array(ROW_SIZE);

/**
 * Optimal-string-alignment distance between `a` and `b`, or `max + 1` when it is larger
 * than `max` (the exact value beyond the bound is never needed).
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > max) return max + 1;
  if (lengthA === 0 || lengthB === 0) return Math.max(lengthA, lengthB) <= max ? Math.max(lengthA, lengthB) : max + 1;
  if (lengthB >= ROW_SIZE) return a === b ? 0 : max + 1;

  for (let j = 0; j <= lengthB; j++) previous[j] = j;
  for (let i = 1; i <= lengthA; i++) {
    current[0] = i;
    let rowMinimum = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= lengthB; j++) {
      const charB = b.charCodeAt(j - 1);
      const substitution = (previous[j - 1] as number) + (charA === charB ? 0 : 1);
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      if (i > 1 && j > 1 && charA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === charB) {
        best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > max) return max + 1;
    const recycled = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = recycled;
  }
  const distance = previous[lengthB] as number;
  return distance <= max ? distance : max + 1;
}

/**
 * Adds to `into` every string obtained by deleting up to `maxDeletes` characters from
 * `word`, including `word` itself. Two words within edit distance k share a variant with
 * at most k deletions each, which lets us find typo candidates with hash lookups instead
 * of comparing against the whole vocabulary.
 */
export function addDeletionVariants(word: string, maxDeletes: number, into: Set<string>): void {
  into.add(word);
  if (maxDeletes === 0 || word.length <= 1) return;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (maxDeletes === 1) into.add(shorter);
    else addDeletionVariants(shorter, maxDeletes - 1, into);
  }
}
