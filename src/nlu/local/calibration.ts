import { IntentModel, type IntentModelOptions, type ModelScores, type TrainingData } from './intentModel';
import { epochsFor, runToEnd, seededRandom } from './softmaxRegression';

/**
 * The "I don't understand" line, picked from the shop's out-of-scope messages: the lowest
 * acceptance score at which at most `targetRate` of them would be answered as if in scope.
 *
 * A model scores the messages it was trained on too kindly, so each out-of-scope message is
 * scored by a model trained without it (k-fold cross-validation over the out-of-scope set).
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
  seed: number;
}

// The fallback sits where the sample flows' calibrated line does (0.33-0.34): a shop without out-of-scope messages gets a line of the same scale.
export const DEFAULT_CALIBRATION: CalibrationOptions = { targetRate: 0.04, folds: 4, fallback: 0.35, min: 0.01, max: 0.9, seed: 97 };

/**
 * A fold model only scores the out-of-scope messages it left out, and one pass fewer than the
 * model itself draws the same line (within 0.005 on the sample flows) for a fifth less CPU.
 */
const foldEpochs = (rows: number, classes: number): number => Math.max(2, epochsFor(rows, classes) - 1);

/** Fewer out-of-scope messages than this cannot tell a 5% rate from chance. */
const MIN_MESSAGES = 40;
/** Out-of-scope messages scored between two pauses of a stepwise calibration. */
const MESSAGES_BETWEEN_PAUSES = 32;

export function calibrateThreshold(
  data: TrainingData,
  acceptance: (scores: ModelScores) => number,
  options: CalibrationOptions = DEFAULT_CALIBRATION,
  modelOptions: IntentModelOptions = {},
): Calibration {
  return runToEnd(calibrationSteps(data, acceptance, options, modelOptions));
}

/** The same calibration, pausing now and then (see LocalNlu.retrain). */
export function* calibrationSteps(
  data: TrainingData,
  acceptance: (scores: ModelScores) => number,
  options: CalibrationOptions = DEFAULT_CALIBRATION,
  modelOptions: IntentModelOptions = {},
): Generator<void, Calibration> {
  const negatives = [...(data.outOfScope ?? [])];
  if (negatives.length < MIN_MESSAGES || data.intents.length === 0) return { threshold: options.fallback, falseAcceptRate: Number.NaN, measuredOn: 0 };
  const random = seededRandom(options.seed);
  const fold = negatives.map((_, i) => ({ i, r: random() })).sort((a, b) => a.r - b.r).map(({ i }, rank) => ({ i, fold: rank % options.folds }));
  const scores: number[] = [];
  const cache = modelOptions.cache ?? { bags: new Map() };
  for (let k = 0; k < options.folds; k++) {
    const training = fold.filter((f) => f.fold !== k).map((f) => negatives[f.i] as string);
    const model = yield* IntentModel.trainSteps({ ...data, outOfScope: training }, { epochs: foldEpochs, ...modelOptions, cache });
    for (const f of fold) {
      if (f.fold !== k) continue;
      scores.push(acceptance(model.score(negatives[f.i] as string)));
      if (scores.length % MESSAGES_BETWEEN_PAUSES === 0) yield;
    }
  }
  scores.sort((a, b) => b - a);
  // Accept at most `allowed` of them: the line sits just above the next one down.
  const allowed = Math.floor(options.targetRate * scores.length);
  const line = Math.min(options.max, Math.max(options.min, (scores[allowed] ?? 0) + 1e-6));
  const accepted = scores.filter((s) => s >= line).length;
  return { threshold: line, falseAcceptRate: accepted / scores.length, measuredOn: scores.length };
}
