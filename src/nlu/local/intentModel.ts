import type { IntentExamples } from '../port';
import { ExampleIndex } from './exampleIndex';
import type { FeatureSpace } from './featureSpace';
import type { NormalizeLimits } from './normalize';
import { DEFAULT_TRAINING, epochsFor, SoftmaxRegression, type SoftmaxTrainingOptions, type SparseRow } from './softmaxRegression';
import type { TrainingCache, TrainingSet } from './trainingSet';

export interface RankedIntent {
  intent: string;
  /** Probability among all classes (intents and out of scope sum to 1). */
  probability: number;
  /**
   * How much of one of the intent's examples the message holds (the largest share of an example's
   * TF-IDF weight found in the message). Unlike the cosine, it does not fall when the customer says
   * more than the example does: "assalamu alaikum apu, I ordered for my sister's wedding on the 20th
   * and the parcel came torn" holds all of "the parcel came torn". For the most probable intent; 0
   * for the rest.
   */
  containment: number;
}

export interface ModelScores {
  /** The most probable in-scope intents (TOP_INTENTS of them), most probable first. */
  ranked: RankedIntent[];
  /** Probability that the message is none of the intents. */
  outOfScope: number;
  /** Share of the message's words that the intents' examples or synonym groups know. */
  coverage: number;
}

export interface IntentModelOptions {
  limits?: NormalizeLimits;
  training?: SoftmaxTrainingOptions;
  /** Passes over the rows for a training set of this size, when `training` does not say (default epochsFor). */
  epochs?: (rows: number, classes: number) => number;
  /** Texts already read by an earlier training (readingCache.ts). */
  cache?: TrainingCache;
}

// The out-of-scope set is large and varied; at full weight its class swallows every phrasing the
// intents' few examples did not foresee.
const OUT_OF_SCOPE_WEIGHT = 0.5;
/** Intents a score lists: enough for the candidates the NLU reports. */
export const TOP_INTENTS = 5;
/**
 * The trained intent classifier: a multinomial logistic regression over the TF-IDF rows of
 * featureSpace.ts. The out-of-scope messages are one more class, so chatter has somewhere to
 * go besides an intent. The examples are kept too (exampleIndex.ts), for how much of one of them a
 * message holds: a second opinion on the probability.
 */
export class IntentModel {
  // Reused on every message: with hundreds of intents, fresh arrays per message show in the latency.
  private readonly probabilities: Float64Array;

  private constructor(
    readonly intentNames: readonly string[],
    private readonly space: FeatureSpace | null,
    private readonly classifier: SoftmaxRegression | null,
    private readonly examples: ExampleIndex | null,
    /**
     * The training set's rows that had settled in the classifier's last pass (its class at 90% or
     * more, see SoftmaxRegression's SETTLED_GRADIENT). A calibration fold trains on nearly the same
     * rows to nearly the same weights: it leaves these out of its own last pass, where they would
     * move little. On the sample flows ~40-60 ms of a first training; the line moved by 0.002 and
     * not one decision on the development sets changed (bench/nlu/README.md, round 15).
     */
    private readonly settledRows: Uint8Array | null = null,
  ) {
    this.probabilities = new Float64Array(classifier?.classes ?? 0);
  }

  /** A model that knows no intent. */
  static untrained(): IntentModel {
    return new IntentModel([], null, null, null);
  }

  /** Trains the classifier on the rows of a training set. */
  static *fitSteps(set: TrainingSet, options: IntentModelOptions = {}): Generator<void, IntentModel> {
    const settled = new Uint8Array(set.rows.length);
    const classifier = yield* IntentModel.classifierSteps(set, options, { record: settled });
    return new IntentModel(set.intentNames, set.space, classifier, new ExampleIndex(set.rows, set.labels, set.space.size, set.intentNames.length), settled);
  }

  /**
   * The same model with another classifier over the same feature space and examples: a
   * calibration fold's, trained on the `chosen` rows.
   */
  static *foldSteps(model: IntentModel, set: TrainingSet, options: IntentModelOptions, chosen: (row: number) => boolean): Generator<void, IntentModel> {
    const classifier = yield* IntentModel.classifierSteps(set, options, { chosen, dense: true, settled: model.settledRows ?? undefined });
    return new IntentModel(model.intentNames, model.space, classifier, model.examples);
  }

  /**
   * A classifier on the `chosen` rows (all when left out), kept `dense` or not, leaving out of its
   * last pass the `settled` rows (of the whole set, see settledRows), recording into `record` the
   * rows that settled in it.
   */
  private static *classifierSteps(
    set: TrainingSet,
    options: IntentModelOptions,
    how: { chosen?: (row: number) => boolean; dense?: boolean; settled?: Uint8Array; record?: Uint8Array } = {},
  ): Generator<void, SoftmaxRegression> {
    const { chosen, dense = false, settled: settledInSet, record } = how;
    const outOfScopeClass = set.intentNames.length;
    const rows: SparseRow[] = [];
    const labels: number[] = [];
    const weights: number[] = [];
    const keys: number[] = [];
    const settled: number[] = [];
    set.rows.forEach((row, i) => {
      if (chosen && !chosen(i)) return;
      const label = set.labels[i] as number;
      rows.push(row);
      labels.push(label);
      weights.push(label === outOfScopeClass ? OUT_OF_SCOPE_WEIGHT : 1);
      keys.push(set.keys[i] as number);
      if (settledInSet) settled.push(settledInSet[i] as number);
    });
    const training = { ...(options.training ?? { ...DEFAULT_TRAINING, epochs: (options.epochs ?? epochsFor)(rows.length, set.classes) }), dense };
    return yield* SoftmaxRegression.trainSteps(rows, labels, set.classes, set.space.size, training, { weights, keys, settled: settledInSet && Uint8Array.from(settled), record });
  }

  get featureCount(): number {
    return this.space?.size ?? 0;
  }

  /** Probabilities for one message; nothing ranked before training or for a message with no known feature. */
  score(text: string): ModelScores {
    if (!this.space) return { ranked: [], outOfScope: 1, coverage: 0 };
    const { row, coverage } = this.space.read(text);
    return this.scoreRow(row, coverage);
  }

  /**
   * Probabilities for a message already read into this model's feature space. Without
   * `containment`, the best intent's containment is left at 1, the most it can be (see containmentOf).
   */
  scoreRow(row: SparseRow, coverage: number, containment = true): ModelScores {
    if (!this.classifier || row.indices.length === 0) return { ranked: [], outOfScope: 1, coverage };
    const probabilities = this.probabilities;
    this.classifier.probabilitiesInto(row, probabilities);
    const top = topClasses(probabilities, this.intentNames.length, TOP_INTENTS);
    const ranked: RankedIntent[] = top.map((c, i) => ({
      intent: this.intentNames[c] as string,
      probability: probabilities[c] as number,
      containment: i > 0 ? 0 : !containment ? 1 : this.examples ? this.examples.containment(row, c) : 0,
    }));
    const outOfScope = this.classifier.classes > this.intentNames.length ? (probabilities[this.intentNames.length] as number) : 0;
    return { ranked, outOfScope, coverage };
  }

  /** How much of one of the intent's examples a row of this model's space holds (RankedIntent.containment). */
  containmentOf(row: SparseRow, intent: string): number {
    const c = this.intentNames.indexOf(intent);
    return c >= 0 && this.examples ? this.examples.containment(row, c) : 0;
  }

  /** Builds the feature space's typo index now, if no message has needed it yet (see FeatureSpace.prepareTypoIndex). */
  prepareTypoIndex(): void {
    this.space?.prepareTypoIndex();
  }

  /** How much of a tokenized message the intents know about (see FeatureSpace.coverageOfTokens). */
  coverageOfTokens(tokens: readonly string[]): number {
    return this.space ? this.space.coverageOfTokens(tokens) : 0;
  }
}

/** The `count` most probable of the first `classes` classes, most probable first. */
function topClasses(probabilities: Float64Array, classes: number, count: number): number[] {
  const top: number[] = [];
  for (let c = 0; c < classes; c++) {
    const p = probabilities[c] as number;
    if (top.length === count && p <= (probabilities[top[count - 1] as number] as number)) continue;
    let at = top.length;
    while (at > 0 && (probabilities[top[at - 1] as number] as number) < p) at--;
    top.splice(at, 0, c);
    if (top.length > count) top.pop();
  }
  return top;
}

/** How many examples the intents list, in every language. */
export function exampleCount(intents: readonly IntentExamples[]): number {
  let count = 0;
  for (const { examples } of intents) for (const list of Object.values(examples)) count += list?.length ?? 0;
  return count;
}
