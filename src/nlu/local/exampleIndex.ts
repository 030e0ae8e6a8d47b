import type { SparseRow } from './softmaxRegression';

/**
 * The intents' examples, for how much of one of them a message holds (its containment: the
 * largest share of an example's TF-IDF weight that the message has too).
 *
 * Examples are unit-length rows, so the share of an example that a message holds is the sum of
 * the squares of the weights they have in common. An intent of a few examples is read example by
 * example; one of a few hundred (the sample flows' after their training files grew) through the
 * examples filed by feature, so that a message visits only those sharing one of its features.
 */
export class ExampleIndex {
  /** Examples numbered intent by intent: intent c's are firstOfIntent[c] .. firstOfIntent[c + 1] - 1. */
  private readonly firstOfIntent: Int32Array;
  private readonly examples: SparseRow[] = [];
  /** Postings of feature f, grouped by intent: offsets[f] .. offsets[f + 1] - 1. */
  private readonly offsets: Int32Array;
  private readonly exampleAt: Int32Array;
  private readonly shareAt: Float32Array;
  private readonly intentOf: Int32Array;
  /** Weights of each intent's examples: what reading them one by one costs. */
  private readonly weightsOfIntent: Int32Array;
  // Reused on every message: the message's features, a running share per example, which ones were touched.
  private readonly inMessage: Uint8Array;
  private readonly held: Float64Array;
  private readonly touched: Int32Array;

  /** `rows[i]` is an example of intent `labels[i]` (0 .. intents - 1); other rows (out of scope) are not kept. */
  constructor(rows: readonly SparseRow[], labels: ArrayLike<number>, features: number, intents: number) {
    const kept: number[] = [];
    for (let i = 0; i < rows.length; i++) if ((labels[i] as number) < intents) kept.push(i);
    kept.sort((a, b) => (labels[a] as number) - (labels[b] as number) || a - b);
    this.firstOfIntent = new Int32Array(intents + 1);
    this.weightsOfIntent = new Int32Array(intents);
    this.offsets = new Int32Array(features + 1);
    for (const i of kept) {
      const row = rows[i] as SparseRow;
      this.examples.push(row);
      (this.firstOfIntent[(labels[i] as number) + 1] as number)++;
      (this.weightsOfIntent[labels[i] as number] as number) += row.indices.length;
      for (const f of row.indices) (this.offsets[f + 1] as number)++;
    }
    for (let c = 0; c < intents; c++) this.firstOfIntent[c + 1] = (this.firstOfIntent[c + 1] as number) + (this.firstOfIntent[c] as number);
    for (let f = 0; f < features; f++) this.offsets[f + 1] = (this.offsets[f + 1] as number) + (this.offsets[f] as number);
    const total = this.offsets[features] as number;
    this.exampleAt = new Int32Array(total);
    this.shareAt = new Float32Array(total);
    this.intentOf = new Int32Array(kept.length);
    const next = this.offsets.slice(0, features);
    kept.forEach((i, example) => {
      this.intentOf[example] = labels[i] as number;
      const row = rows[i] as SparseRow;
      for (let k = 0; k < row.indices.length; k++) {
        const at = (next[row.indices[k] as number] as number)++;
        this.exampleAt[at] = example;
        this.shareAt[at] = (row.values[k] as number) ** 2;
      }
    });
    this.inMessage = new Uint8Array(features);
    this.held = new Float64Array(kept.length);
    this.touched = new Int32Array(kept.length);
  }

  /** The most of any one example of `intent` that the message (a row of the same space) holds, 0..1. */
  containment(row: SparseRow, intent: number): number {
    // A postings lookup costs a binary search per feature of the message; a dozen examples are cheaper read whole.
    const best = (this.weightsOfIntent[intent] as number) <= row.indices.length * LOOKUP_COST ? this.readExamples(row, intent) : this.readPostings(row, intent);
    return Math.min(1, best);
  }

  private readExamples(row: SparseRow, intent: number): number {
    for (const f of row.indices) this.inMessage[f] = 1;
    let best = 0;
    for (let e = this.firstOfIntent[intent] as number; e < (this.firstOfIntent[intent + 1] as number); e++) {
      const example = this.examples[e] as SparseRow;
      let share = 0;
      for (let k = 0; k < example.indices.length; k++) {
        if (this.inMessage[example.indices[k] as number] === 0) continue;
        share += (example.values[k] as number) ** 2;
      }
      if (share > best) best = share;
    }
    for (const f of row.indices) this.inMessage[f] = 0;
    return best;
  }

  private readPostings(row: SparseRow, intent: number): number {
    let touched = 0;
    let best = 0;
    for (const f of row.indices) {
      const end = this.offsets[f + 1] as number;
      for (let at = this.firstPostingOf(intent, this.offsets[f] as number, end); at < end; at++) {
        const example = this.exampleAt[at] as number;
        if (this.intentOf[example] !== intent) break;
        if (this.held[example] === 0) this.touched[touched++] = example;
        const share = (this.held[example] as number) + (this.shareAt[at] as number);
        this.held[example] = share;
        if (share > best) best = share;
      }
    }
    for (let i = 0; i < touched; i++) this.held[this.touched[i] as number] = 0;
    return best;
  }

  /** The first posting in from..end-1 of an example of `intent` or a later one (a common feature has thousands). */
  private firstPostingOf(intent: number, from: number, end: number): number {
    let low = from;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.intentOf[this.exampleAt[middle] as number] as number) < intent) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Weights read one by one that cost about as much as one feature's postings lookup. */
const LOOKUP_COST = 16;
