import { addDeletionVariants, allowedEdits, boundedEditDistance, MAX_FUZZY_LENGTH } from './editDistance';

/**
 * The distinct terms of a trained index, findable by exact spelling or within a few
 * typos. Typo candidates come from a deletion neighbourhood (each term is also filed
 * under its spellings with one or two letters removed), so a lookup costs a few dozen
 * hash probes whatever the vocabulary size, and only real candidates get an edit
 * distance computed.
 */
export class FuzzyVocabulary {
  private readonly idsByTerm = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly neighbourhood = new Map<string, number[]>();
  // Marks terms already considered during one lookup, without allocating a set per call.
  private seenStamp = new Int32Array(0);
  private stamp = 0;
  private readonly variants = new Set<string>();

  get size(): number {
    return this.terms.length;
  }

  termAt(id: number): string {
    return this.terms[id] as string;
  }

  /** The id of `term`, adding it when new. Call `seal()` after the last `add`. */
  add(term: string): number {
    const known = this.idsByTerm.get(term);
    if (known !== undefined) return known;
    const id = this.terms.length;
    this.terms.push(term);
    this.idsByTerm.set(term, id);
    return id;
  }

  /** Builds the typo neighbourhood; lookups before this only find exact spellings. */
  seal(): void {
    this.neighbourhood.clear();
    const variants = new Set<string>();
    for (let id = 0; id < this.terms.length; id++) {
      const term = this.terms[id] as string;
      const edits = allowedEdits(term.length);
      if (edits === 0 || term.length > MAX_FUZZY_LENGTH) continue;
      variants.clear();
      addDeletionVariants(term, edits, variants);
      for (const variant of variants) {
        const bucket = this.neighbourhood.get(variant);
        if (bucket) bucket.push(id);
        else this.neighbourhood.set(variant, [id]);
      }
    }
    this.seenStamp = new Int32Array(this.terms.length);
    this.stamp = 0;
  }

  /**
   * Appends to `ids`/`similarities` every term matching `query`: the exact term with
   * similarity `exactTrust`, typo neighbours with `typoTrust` * (1 - edits / longer
   * length). The trusts say how much the caller believes this way of matching; a
   * `typoTrust` of 0 looks up the exact term only. With `accept`, only the terms it accepts
   * exist: the same answers as a vocabulary of just those terms.
   */
  collect(query: string, exactTrust: number, typoTrust: number, ids: number[], similarities: number[], accept?: (id: number) => boolean): void {
    const exact = this.idsByTerm.get(query);
    if (exact !== undefined && (!accept || accept(exact))) {
      ids.push(exact);
      similarities.push(exactTrust);
    }
    const queryEdits = allowedEdits(query.length);
    if (typoTrust <= 0 || queryEdits === 0 || query.length > MAX_FUZZY_LENGTH || this.neighbourhood.size === 0) return;

    this.stamp++;
    if (exact !== undefined) this.seenStamp[exact] = this.stamp;
    // One slip first; two only for long words where one found nothing. A nearer word is
    // the likelier intended one, and the two-slip neighbourhood is ten times larger.
    for (let depth = 1; depth <= queryEdits; depth++) {
      const found = ids.length;
      this.variants.clear();
      addDeletionVariants(query, depth, this.variants);
      for (const variant of this.variants) {
        const bucket = this.neighbourhood.get(variant);
        if (bucket) this.verify(query, bucket, typoTrust, ids, similarities, accept);
      }
      if (ids.length > found) return;
    }
  }

  private verify(query: string, candidates: readonly number[], typoTrust: number, ids: number[], similarities: number[], accept?: (id: number) => boolean): void {
    for (const id of candidates) {
      if (this.seenStamp[id] === this.stamp) continue;
      this.seenStamp[id] = this.stamp;
      if (accept && !accept(id)) continue;
      const term = this.terms[id] as string;
      // The shorter word decides the tolerance: "charg" may be "charge", but "cod" is never "cot".
      const edits = allowedEdits(Math.min(term.length, query.length));
      if (edits === 0) continue;
      const distance = boundedEditDistance(query, term, edits);
      if (distance === 0 || distance > edits) continue;
      ids.push(id);
      similarities.push(typoTrust * (1 - distance / Math.max(term.length, query.length)));
    }
  }
}
