/**
 * Multinomial logistic regression over sparse rows, trained by AdaGrad stochastic gradient
 * descent with L2 regularisation. Deterministic: the example order comes from a seeded
 * generator (or from each row's key), so the same flows always give the same model.
 *
 * Weights are stored feature-major, so scoring a message touches one contiguous block per
 * feature it has; once trained, without the negligible weights (SparseWeights).
 */

export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

export interface SoftmaxTrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example seen. */
  l2: number;
  seed: number;
  /**
   * Keep every weight instead of leaving out the negligible ones: for a model that scores a few
   * hundred rows and is dropped (a calibration fold), packing them costs more than it saves.
   */
  dense?: boolean;
}

export const DEFAULT_TRAINING: SoftmaxTrainingOptions = { epochs: 6, learningRate: 1, l2: 1e-3, seed: 20240611 };

/** Passes times the rows of an average class: what a class needs to be learnt well (see epochsFor). */
const CLASS_ROW_UPDATES = 600;
const MIN_EPOCHS = 2;

/**
 * Passes over the training rows: six when the classes have few examples each (a small shop's
 * flows, or hundreds of intents of ten examples), down to two when they have a few hundred.
 * Three passes over the sample flows at ~190 rows a class routed the held-out sets as well as six
 * (bench/nlu/README.md, round 4), and two at ~350 rows a class as well as three (round 9), each at
 * a fraction of the CPU; ten examples an intent need the six, or typos and reordered words are
 * routed worse, and two intents that differ by one word come out unevenly, so the bot answers one
 * of them instead of asking "did you mean".
 */
export function epochsFor(rows: number, classes: number): number {
  const rowsPerClass = Math.max(1, rows / Math.max(1, classes));
  return Math.min(DEFAULT_TRAINING.epochs, Math.max(MIN_EPOCHS, Math.round(CLASS_ROW_UPDATES / rowsPerClass)));
}

// Gradients this small change nothing measurable; skipping them keeps training fast with
// hundreds of intents, where almost every class has a probability near zero.
const NEGLIGIBLE_GRADIENT = 1e-2;
/**
 * A row whose every gradient is under this in a training's last pass is settled (PerRow.record):
 * the model gives its class 90% or more. A training that nearly repeats this one (a calibration
 * fold) leaves it out of its own last pass. At 0.01 (only rows that move nothing) a first training
 * of the sample flows took ~1.00 s, at 0.1 ~0.96 s, with the same line within 0.002 and not one
 * decision changed on the development sets; at 0.2-0.3 the line moved by up to 0.009.
 */
const SETTLED_GRADIENT = 0.1;
// Weights this small are left out of the trained model: on the sample flows not one decision of the
// held-out sets changes (bench/nlu/README.md, round 4), and with 500 intents a message reads a third
// fewer weights (bench:nlu p50 291 -> 236 µs, p99 755 -> 627 µs in back-to-back runs).
const NEGLIGIBLE_WEIGHT = 0.01;
// Rows trained between two pauses of a stepwise training: a few milliseconds' work with hundreds of intents.
const ROWS_BETWEEN_PAUSES = 64;
// Features whose weights are packed between two pauses (with hundreds of classes, a million weights).
const FEATURES_BETWEEN_PAUSES = 2048;

/**
 * A trained model's weights, feature by feature, without the negligible ones: the classes of feature f and
 * their weights are at offsets[f] .. offsets[f + 1] - 1. Training only moves the weights of the
 * classes a row's gradient reaches (see NEGLIGIBLE_GRADIENT), so with hundreds of intents a
 * feature has a few dozen non-zero weights, not one per class: scoring a message touches those
 * only.
 */
interface SparseWeights {
  offsets: Int32Array;
  classes: Int32Array;
  values: Float32Array;
}

/** What a training knows of each row besides its features and class. */
export interface PerRow {
  weights?: ArrayLike<number>;
  /** A number per row from what the row is (its text's hash), not where it is in the list. */
  keys?: ArrayLike<number>;
  /** Rows (1) left out of the last pass: settled in a training this one nearly repeats (see IntentModel's settledRows). */
  settled?: Uint8Array;
  /** Filled during the last pass: 1 for each settled row (see SETTLED_GRADIENT), else 0. */
  record?: Uint8Array;
}

/** What a training updates row after row. */
interface TrainingState {
  weights: Float32Array;
  squares: Float64Array;
  bias: Float32Array;
  biasSquares: Float64Array;
  probabilities: Float64Array;
  gradients: Float64Array;
  active: Int32Array;
  learningRate: number;
  l2: number;
}

export class SoftmaxRegression {
  private constructor(
    readonly classes: number,
    readonly features: number,
    private readonly bias: Float32Array,
    /** Dense weights while training (feature-major: all classes of feature f at f * classes). */
    private readonly weights: Float32Array | null,
    /** The same once trained, without the negligible weights. */
    private readonly sparse: SparseWeights | null,
  ) {}

  /**
   * `perRow.weights` scales each row's say in the loss (1 when left out). `perRow.keys` (see
   * orderOf) sets the order rows are visited in. AdaGrad keeps one accumulator per feature (not per
   * weight): one square root per feature of a row, whatever the number of classes.
   */
  static train(rows: readonly SparseRow[], labels: ArrayLike<number>, classes: number, features: number, options: SoftmaxTrainingOptions = DEFAULT_TRAINING, perRow: PerRow = {}): SoftmaxRegression {
    return runToEnd(SoftmaxRegression.trainSteps(rows, labels, classes, features, options, perRow));
  }

  /** The same training, pausing (yielding) every few rows so that a caller can let other work run. */
  static *trainSteps(rows: readonly SparseRow[], labels: ArrayLike<number>, classes: number, features: number, options: SoftmaxTrainingOptions = DEFAULT_TRAINING, perRow: PerRow = {}): Generator<void, SoftmaxRegression> {
    const rowWeights = perRow.weights;
    const weights = new Float32Array(features * classes);
    const squares = new Float64Array(features);
    const bias = new Float32Array(classes);
    const biasSquares = new Float64Array(classes);
    const model = new SoftmaxRegression(classes, features, bias, weights, null);
    const probabilities = new Float64Array(classes);
    const gradients = new Float64Array(classes);
    const active = new Int32Array(classes);
    const random = seededRandom(options.seed);
    let order = Array.from(rows, (_, i) => i);
    const { learningRate, l2 } = options;
    const state: TrainingState = { weights, squares, bias, biasSquares, probabilities, gradients, active, learningRate, l2 };
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (perRow.keys) order = orderOf(perRow.keys, options.seed + epoch);
      else shuffle(order, random);
      for (let from = 0; from < order.length; from += ROWS_BETWEEN_PAUSES) {
        if (from > 0) yield;
        const last = epoch === options.epochs - 1;
        model.learnRows(state, rows, labels, rowWeights, order, from, Math.min(order.length, from + ROWS_BETWEEN_PAUSES), last ? perRow.settled : undefined, last ? perRow.record : undefined);
      }
    }
    if (options.dense) return model;
    return new SoftmaxRegression(classes, features, bias, null, yield* withoutNegligible(weights, features, classes));
  }

  /**
   * One AdaGrad step for each of the rows order[from] .. order[to - 1]. A plain function, not part
   * of the generator: V8 optimises it after its first calls, while a generator that runs once
   * kept its loop in slower code for much of a first training (the sample flows' five SGD runs in a
   * fresh process: ~560-650 ms before, ~460-485 ms after; the same weights).
   */
  private learnRows(state: TrainingState, rows: readonly SparseRow[], labels: ArrayLike<number>, rowWeights: ArrayLike<number> | undefined, order: readonly number[], from: number, to: number, settled?: Uint8Array, record?: Uint8Array): void {
    const { weights, squares, bias, biasSquares, probabilities, gradients, active, learningRate, l2 } = state;
    const classes = this.classes;
    for (let seen = from; seen < to; seen++) {
      const r = order[seen] as number;
      if (settled && settled[r] === 1) continue;
      const row = rows[r] as SparseRow;
      const label = labels[r] as number;
      const weight = rowWeights ? (rowWeights[r] as number) : 1;
      this.probabilitiesInto(row, probabilities);
      let count = 0;
      let squaredNorm = 0;
      let largest = 0;
      for (let c = 0; c < classes; c++) {
        const gradient = weight * ((probabilities[c] as number) - (c === label ? 1 : 0));
        const size = Math.abs(gradient);
        if (size > largest) largest = size;
        if (size < NEGLIGIBLE_GRADIENT) continue;
        active[count] = c;
        gradients[count++] = gradient;
        squaredNorm += gradient * gradient;
        biasSquares[c] += gradient * gradient;
        bias[c] -= (learningRate * gradient) / Math.sqrt((biasSquares[c] as number) + 1e-8);
      }
      if (record) record[r] = largest < SETTLED_GRADIENT ? 1 : 0;
      if (count === 0) continue;
      for (let k = 0; k < row.indices.length; k++) {
        const feature = row.indices[k] as number;
        const value = row.values[k] as number;
        squares[feature] += squaredNorm * value * value;
        const step = learningRate / Math.sqrt((squares[feature] as number) + 1e-8);
        const base = feature * classes;
        for (let a = 0; a < count; a++) {
          const at = base + (active[a] as number);
          const w = weights[at] as number;
          weights[at] = w - step * ((gradients[a] as number) * value + l2 * w);
        }
      }
    }
  }

  /** Class probabilities of one row, written into `out` (length `classes`). */
  probabilitiesInto(row: SparseRow, out: Float64Array): void {
    const classes = this.classes;
    for (let c = 0; c < classes; c++) out[c] = this.bias[c] as number;
    if (this.sparse) {
      const { offsets, classes: classOf, values } = this.sparse;
      for (let k = 0; k < row.indices.length; k++) {
        const feature = row.indices[k] as number;
        const value = row.values[k] as number;
        const end = offsets[feature + 1] as number;
        for (let at = offsets[feature] as number; at < end; at++) out[classOf[at] as number] += value * (values[at] as number);
      }
    } else {
      const weights = this.weights as Float32Array;
      const { indices, values } = row;
      // Four features at a time: each class's sum is read and written a quarter as often, which
      // took a third off the SGD (the sample flows' five runs ~460 -> ~310 ms in a fresh process).
      let k = 0;
      for (; k + 3 < indices.length; k += 4) {
        const base1 = (indices[k] as number) * classes;
        const base2 = (indices[k + 1] as number) * classes;
        const base3 = (indices[k + 2] as number) * classes;
        const base4 = (indices[k + 3] as number) * classes;
        const value1 = values[k] as number;
        const value2 = values[k + 1] as number;
        const value3 = values[k + 2] as number;
        const value4 = values[k + 3] as number;
        for (let c = 0; c < classes; c++) {
          out[c] += value1 * (weights[base1 + c] as number) + value2 * (weights[base2 + c] as number) + value3 * (weights[base3 + c] as number) + value4 * (weights[base4 + c] as number);
        }
      }
      for (; k < indices.length; k++) {
        const base = (indices[k] as number) * classes;
        const value = values[k] as number;
        for (let c = 0; c < classes; c++) out[c] += value * (weights[base + c] as number);
      }
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if ((out[c] as number) > max) max = out[c] as number;
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((out[c] as number) - max);
      out[c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) / sum;
  }
}

function* withoutNegligible(weights: Float32Array, features: number, classes: number): Generator<void, SparseWeights> {
  const nonZero = countNonNegligible(weights);
  const sparse: SparseWeights = { offsets: new Int32Array(features + 1), classes: new Int32Array(nonZero), values: new Float32Array(nonZero) };
  let at = 0;
  for (let from = 0; from < features; from += FEATURES_BETWEEN_PAUSES) {
    yield;
    at = packFeatures(weights, classes, sparse, from, Math.min(features, from + FEATURES_BETWEEN_PAUSES), at);
  }
  sparse.offsets[features] = at;
  return sparse;
}

// The loops of withoutNegligible, as plain functions for the reason given at learnRows.
function countNonNegligible(weights: Float32Array): number {
  let nonZero = 0;
  for (let i = 0; i < weights.length; i++) if (Math.abs(weights[i] as number) > NEGLIGIBLE_WEIGHT) nonZero++;
  return nonZero;
}

/** Packs the weights of features from .. to - 1 from position `at` on; returns the next position. */
function packFeatures(weights: Float32Array, classes: number, sparse: SparseWeights, from: number, to: number, at: number): number {
  const { offsets, classes: classOf, values } = sparse;
  for (let f = from; f < to; f++) {
    offsets[f] = at;
    const base = f * classes;
    for (let c = 0; c < classes; c++) {
      const w = weights[base + c] as number;
      if (Math.abs(w) <= NEGLIGIBLE_WEIGHT) continue;
      classOf[at] = c;
      values[at++] = w;
    }
  }
  return at;
}

/** Runs a stepwise computation (a generator that pauses between steps) to its end, without pausing. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** mulberry32: small, fast and good enough to shuffle training examples reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An order of the rows that looks random, drawn from their keys: a row added to the list (an
 * example taught from the console) slots in among the others, which keep their order. A shuffle of
 * positions would visit every row at a new time, and the sample flows' calibrated line moved by up
 * to 0.02 when one out-of-scope message was added.
 */
function orderOf(keys: ArrayLike<number>, salt: number): number[] {
  const mixedSalt = mix32(salt);
  // More rows than positions can be packed with a draw (below): the same order by a comparator.
  if (keys.length > POSITIONS) {
    const drawn = Array.from(keys, (key) => mix32((key as number) ^ mixedSalt));
    return Array.from(drawn, (_, i) => i).sort((a, b) => (drawn[a] as number) - (drawn[b] as number) || a - b);
  }
  // Each row's draw and its position in one exact double (draw * 2^21 + position < 2^53), so that
  // a plain numeric sort orders by draw, then position: a sort with a comparator took ~2 ms a pass.
  const drawnThenPosition = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) drawnThenPosition[i] = mix32((keys[i] as number) ^ mixedSalt) * POSITIONS + i;
  drawnThenPosition.sort();
  return Array.from(drawnThenPosition, (packed) => packed % POSITIONS);
}

/** Rows orderOf can tell apart by position. */
const POSITIONS = 2 ** 21;

/** A 32-bit integer hash (the finaliser of MurmurHash3): nearby keys land far apart. */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i] as number;
    items[i] = items[j] as number;
    items[j] = swap;
  }
}
