import { foldForCompare } from '../../src/domain/text';
import { DEFAULT_CALIBRATION } from '../../src/nlu/local/calibration';
import { seededRandom } from '../../src/nlu/local/softmaxRegression';
import type { Route, Router, Training } from './routers';

/**
 * The baseline the issue measures against: character 2- to 5-grams inside word boundaries,
 * TF-IDF weighted (sublinear term frequency, smoothed IDF), cosine similarity, the k nearest
 * examples voting by similarity. The out-of-scope messages are neighbours too (a vote for "none"),
 * and the similarity line is picked from them exactly as the model's is: cross-validated, so
 * that at most `targetRate` of them are answered.
 */
interface Vector {
  keys: string[];
  values: Float64Array;
}

interface Neighbour {
  label: string | null;
  vector: Map<string, number>;
}

export interface KnnOptions {
  k: number;
  /** Out-of-scope messages the similarity line may let through; null: no line, it always answers. */
  targetRate: number | null;
  folds: number;
}

// The same target as the model's line (calibration.ts).
export const DEFAULT_KNN: KnnOptions = { k: 3, targetRate: DEFAULT_CALIBRATION.targetRate, folds: 4 };
/** The baseline at its most generous: every message gets its nearest intent (or "none" from an out-of-scope neighbour). */
export const KNN_WITHOUT_LINE: KnnOptions = { ...DEFAULT_KNN, targetRate: null };

function grams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of foldForCompare(text).split(' ')) {
    if (word === '') continue;
    const padded = ` ${word} `;
    for (let n = 2; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) counts.set(padded.slice(i, i + n), (counts.get(padded.slice(i, i + n)) ?? 0) + 1);
  }
  return counts;
}

class KnnIndex {
  private readonly idf = new Map<string, number>();
  private readonly neighbours: Neighbour[];

  constructor(labelled: { text: string; label: string | null }[], private readonly k: number) {
    const counted = labelled.map((l) => ({ label: l.label, grams: grams(l.text) }));
    const df = new Map<string, number>();
    for (const { grams: g } of counted) for (const key of g.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    for (const [key, n] of df) this.idf.set(key, Math.log((1 + counted.length) / (1 + n)) + 1);
    this.neighbours = counted.map(({ label, grams: g }) => {
      const v = this.vectorize(g);
      return { label, vector: new Map(v.keys.map((key, i) => [key, v.values[i] as number])) };
    });
  }

  private vectorize(counts: Map<string, number>): Vector {
    const keys: string[] = [];
    const raw: number[] = [];
    for (const [key, count] of counts) {
      const idf = this.idf.get(key);
      if (idf === undefined) continue;
      keys.push(key);
      raw.push((1 + Math.log(count)) * idf);
    }
    const norm = Math.sqrt(raw.reduce((sum, x) => sum + x * x, 0)) || 1;
    return { keys, values: Float64Array.from(raw, (x) => x / norm) };
  }

  /** The winning label of the k nearest examples and its best similarity. */
  classify(text: string): { label: string | null; similarity: number } {
    const query = this.vectorize(grams(text));
    const top: { label: string | null; similarity: number }[] = [];
    for (const n of this.neighbours) {
      let similarity = 0;
      for (let i = 0; i < query.keys.length; i++) similarity += (query.values[i] as number) * (n.vector.get(query.keys[i] as string) ?? 0);
      if (top.length < this.k || similarity > (top[top.length - 1] as { similarity: number }).similarity) {
        top.push({ label: n.label, similarity });
        top.sort((a, b) => b.similarity - a.similarity);
        if (top.length > this.k) top.pop();
      }
    }
    const votes = new Map<string | null, number>();
    for (const t of top) votes.set(t.label, (votes.get(t.label) ?? 0) + t.similarity);
    let label: string | null = null;
    let best = -1;
    for (const [l, v] of votes) if (v > best) [label, best] = [l, v];
    const similarity = Math.max(0, ...top.filter((t) => t.label === label).map((t) => t.similarity));
    return { label, similarity };
  }
}

function labelled(training: Training, outOfScope: readonly string[]): { text: string; label: string | null }[] {
  const items: { text: string; label: string | null }[] = [];
  for (const { intent, examples } of training.intents) for (const list of Object.values(examples)) for (const text of list ?? []) items.push({ text, label: intent });
  for (const text of outOfScope) items.push({ text, label: null });
  return items;
}

export function tfidfKnnRouter(training: Training, options: KnnOptions = DEFAULT_KNN): KnnRouter {
  const negatives = training.extras.outOfScope ?? [];
  const random = seededRandom(97);
  const order = negatives.map((text) => ({ text, r: random() })).sort((a, b) => a.r - b.r).map((x) => x.text);
  const scores: number[] = [];
  for (let fold = 0; fold < options.folds && negatives.length > 0 && options.targetRate !== null; fold++) {
    const index = new KnnIndex(labelled(training, order.filter((_, i) => i % options.folds !== fold)), options.k);
    for (const text of order.filter((_, i) => i % options.folds === fold)) {
      const { label, similarity } = index.classify(text);
      scores.push(label === null ? 0 : similarity);
    }
  }
  scores.sort((a, b) => b - a);
  const threshold = scores.length && options.targetRate !== null ? (scores[Math.floor(options.targetRate * scores.length)] ?? 0) + 1e-6 : 0;
  const index = new KnnIndex(labelled(training, negatives), options.k);
  const name = `char 2-5-gram TF-IDF ${options.k}-NN, ${options.targetRate === null ? 'no line' : 'calibrated line'}`;
  return knnRouter(index, name, threshold);
}

export type KnnRouter = Router & { threshold: number; classify(text: string): { label: string | null; similarity: number }; withLine(threshold: number, name: string): KnnRouter };

function knnRouter(index: KnnIndex, name: string, threshold: number): KnnRouter {
  return {
    name,
    threshold,
    classify: (text) => index.classify(text),
    withLine: (line, named) => knnRouter(index, named, line),
    route(text: string): Route {
      const { label, similarity } = index.classify(text);
      return label !== null && similarity >= threshold ? { kind: 'answer', intent: label } : { kind: 'none' };
    },
  };
}

/**
 * The baseline with its line drawn on the set itself, as low as it can go while answering no more
 * of the set's out-of-scope messages than `rate`: accuracy is only comparable between routers that
 * let the same share of chatter through, and this line is the most the baseline could get there
 * (it is chosen knowing the answers, which the model's line is not).
 */
export function atFalseAcceptRate(baseline: KnnRouter, outOfScope: readonly string[], rate: number): KnnRouter {
  const accepted = outOfScope
    .map((text) => baseline.classify(text))
    .map(({ label, similarity }) => (label === null ? 0 : similarity))
    .sort((a, b) => b - a);
  const allowed = Math.floor(rate * accepted.length + 1e-9);
  const line = accepted.length > 0 ? (accepted[allowed] ?? 0) + 1e-6 : 0;
  return baseline.withLine(line, `char 2-5-gram TF-IDF ${DEFAULT_KNN.k}-NN, line at the model's chatter rate`);
}
