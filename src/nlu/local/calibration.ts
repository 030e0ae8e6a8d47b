import { IntentModel, type IntentModelOptions, type ModelScores } from './intentModel';
import { epochsFor, type SparseRow } from './softmaxRegression';
import type { TrainingSet } from './trainingSet';

/**
 * The "I don't understand" line, picked from the shop's out-of-scope messages: the lowest
 * acceptance score at which at most `targetRate` of them would be answered as if in scope.
 *
 * A model scores the messages it was trained on too kindly, so each out-of-scope message is
 * scored by a model trained without it (k-fold cross-validation over the out-of-scope set). The
 * fold models share the model's rows instead of each reading the texts into a space of its own: a
 * left-out message loses the features only the left-out messages have, as it would in a fold's own
 * space. What a fold's own space would add, typo corrections of the words only those messages
 * have, moved the sample flows' line by 2e-9 and cost a tenth of a training. Fold models keep
 * their negligible weights (SoftmaxTrainingOptions.dense): the line did not move either.
 */
export interface Calibration {
  threshold: number;
  /** Share of the out-of-scope messages at or above the threshold (cross-validated). */
  falseAcceptRate: number;
  /** How many out-of-scope messages it was measured on; 0 when there were too few to measure. */
  measuredOn: number;
}

export interface CalibrationOptions {
  /** Most out-of-scope messages that may be accepted, 0..1. */
  targetRate: number;
  folds: number;
  /** Used when the out-of-scope set is too small to measure anything. */
  fallback: number;
  /** The calibrated line is kept within these bounds. */
  min: number;
  max: number;
}

// The fallback sits where the sample flows' calibrated line does (0.3-0.35): a shop without out-of-scope messages gets a line of the same scale.
// The target is the 5%: the out-of-scope training messages are written to be hard (other
// companies' orders, the shop's words in other senses), so fewer everyday ones pass (A-G: 3.2% at
// 5%, 2.6% at 4%, where 4% turned away a point more of the questions; bench/nlu/README.md, round 11).
export const DEFAULT_CALIBRATION: CalibrationOptions = { targetRate: 0.05, folds: 4, fallback: 0.35, min: 0.01, max: 0.9 };

/**
 * A fold model only scores the out-of-scope messages it left out: one pass fewer than the model
 * itself drew the same line (within 0.005) for a fifth less CPU when the sample flows' model had
 * three. Never fewer than two: at a few hundred examples an intent (the sample flows since round
 * 9) the model has two passes, and so do its folds.
 */
const foldEpochs = (rows: number, classes: number): number => Math.max(2, epochsFor(rows, classes) - 1);

/** Fewer out-of-scope messages than this cannot tell a 5% rate from chance. */
const MIN_MESSAGES = 40;
/** Out-of-scope messages scored between two pauses of a stepwise calibration. */
const MESSAGES_BETWEEN_PAUSES = 32;

/** The line of a model trained on `set`, pausing now and then (see LocalNlu.retrain). */
export function* calibrationSteps(
  model: IntentModel,
  set: TrainingSet | null,
  acceptance: (scores: ModelScores) => number,
  options: CalibrationOptions = DEFAULT_CALIBRATION,
  modelOptions: IntentModelOptions = {},
): Generator<void, Calibration> {
  const outOfScopeClass = set?.intentNames.length ?? 0;
  const negatives = set ? set.labels.flatMap((label, row) => (label === outOfScopeClass ? [row] : [])) : [];
  if (!set || negatives.length < MIN_MESSAGES) return { threshold: options.fallback, falseAcceptRate: Number.NaN, measuredOn: 0 };
  // A message's fold comes from its text, not its place in the list: teaching the bot one more
  // out-of-scope message leaves the others in their folds. With the rows' order also drawn from
  // their texts (SoftmaxRegression's PerRow.keys), adding one or two messages moved the sample
  // flows' line by at most 0.005; with folds and order drawn by position, by up to 0.04.
  const foldOf = new Int32Array(set.rows.length).fill(-1);
  for (const row of negatives) foldOf[row] = (set.keys[row] as number) % options.folds;
  const scored: Scored[] = [];
  const rowsWith = rowsWithFeature(set.rows, set.space.size);
  for (let k = 0; k < options.folds; k++) {
    const trainedOn = (row: number) => foldOf[row] !== k;
    const fold = yield* IntentModel.foldSteps(model, set, { epochs: foldEpochs, ...modelOptions }, trainedOn);
    const seen = featuresWithout(set.rows, rowsWith, negatives.filter((row) => !trainedOn(row)));
    for (const r of negatives) {
      if (trainedOn(r)) continue;
      const row = withoutUnseen(set.rows[r] as SparseRow, seen);
      // Coverage is looked up later, like the containment, only for the messages that may set the line.
      const scores = fold.scoreRow(row, 1, false);
      scored.push({ row, tokens: set.tokens[r] as readonly string[], scores, most: acceptance(scores) });
      if (scored.length % MESSAGES_BETWEEN_PAUSES === 0) yield;
    }
  }
  // Accept at most `allowed` of them: the line sits just above the next one down.
  const allowed = Math.floor(options.targetRate * scored.length);
  const scores = yield* bestScoresExact(model, scored, acceptance, allowed + 1);
  const line = Math.min(options.max, Math.max(options.min, (scores[allowed] ?? 0) + 1e-6));
  const accepted = scores.filter((s) => s >= line).length;
  return { threshold: line, falseAcceptRate: accepted / scores.length, measuredOn: scores.length };
}

/** A left-out message's scores, its coverage and containment not yet looked up, and its acceptance at most. */
interface Scored {
  row: SparseRow;
  tokens: readonly string[];
  scores: ModelScores;
  most: number;
}

/**
 * The messages' acceptance scores, best first: exact for the `count` best, at most their true
 * value for the rest. Only the best few set the line, and the containment (ExampleIndex) and
 * coverage (a reading of the words) are most of a message's scoring: they are looked up best bound
 * first, until no bound left can reach the `count` best. Relies on acceptance not growing when the
 * containment or the coverage falls.
 */
function* bestScoresExact(model: IntentModel, scored: Scored[], acceptance: (scores: ModelScores) => number, count: number): Generator<void, number[]> {
  scored.sort((a, b) => b.most - a.most);
  const best: number[] = [];
  const scores: number[] = [];
  for (const [i, { row, tokens, scores: partial, most }] of scored.entries()) {
    if (best.length >= count && most < (best[count - 1] as number)) {
      scores.push(...scored.slice(i).map((s) => s.most));
      break;
    }
    partial.coverage = model.coverageOfTokens(tokens);
    const top = partial.ranked[0];
    if (top) top.containment = model.containmentOf(row, top.intent);
    const exact = acceptance(partial);
    scores.push(exact);
    best.splice(sortedIndex(best, exact), 0, exact);
    if (best.length > count) best.pop();
    if (scores.length % MESSAGES_BETWEEN_PAUSES === 0) yield;
  }
  return scores.sort((a, b) => b - a);
}

/** Where `value` goes in a list sorted best first. */
function sortedIndex(sorted: readonly number[], value: number): number {
  let at = sorted.length;
  while (at > 0 && (sorted[at - 1] as number) < value) at--;
  return at;
}

/** How many rows each feature occurs in. */
function rowsWithFeature(rows: readonly SparseRow[], features: number): Int32Array {
  const counts = new Int32Array(features);
  for (const row of rows) for (const feature of row.indices) counts[feature] += 1;
  return counts;
}

/** Which features occur in the rows other than the `leftOut` ones. */
function featuresWithout(rows: readonly SparseRow[], rowsWith: Int32Array, leftOut: readonly number[]): Uint8Array {
  const counts = rowsWith.slice();
  for (const r of leftOut) for (const feature of (rows[r] as SparseRow).indices) counts[feature] -= 1;
  const seen = new Uint8Array(counts.length);
  for (let feature = 0; feature < counts.length; feature++) seen[feature] = (counts[feature] as number) > 0 ? 1 : 0;
  return seen;
}

/** The row without the features a fold model never saw, at unit length again. */
function withoutUnseen(row: SparseRow, seen: Uint8Array): SparseRow {
  let count = 0;
  let norm = 0;
  for (let k = 0; k < row.indices.length; k++) {
    if (seen[row.indices[k] as number] === 0) continue;
    count++;
    norm += (row.values[k] as number) ** 2;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const indices = new Int32Array(count);
  const values = new Float32Array(count);
  let at = 0;
  for (let k = 0; k < row.indices.length; k++) {
    if (seen[row.indices[k] as number] === 0) continue;
    indices[at] = row.indices[k] as number;
    values[at++] = (row.values[k] as number) * scale;
  }
  return { indices, values };
}
