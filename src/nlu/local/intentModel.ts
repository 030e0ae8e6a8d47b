import type { IntentExamples } from '../port';
import { ExampleIndex } from './exampleIndex';
import { FeatureNames, FeatureSpace, type NumberedBag } from './featureSpace';
import type { FuzzyVocabulary } from './fuzzyVocabulary';
import { DEFAULT_LIMITS, type NormalizeLimits } from './normalize';
import { DEFAULT_TRAINING, epochsFor, runToEnd, SoftmaxRegression, type SoftmaxTrainingOptions, type SparseRow } from './softmaxRegression';
import { SynonymMatcher } from './synonyms';

/** What the model learns from: the flows' examples, the out-of-scope set, the synonym groups. */
export interface TrainingData {
  intents: readonly IntentExamples[];
  /** Messages no intent should take (flows/nlu/out_of_scope.yaml). */
  outOfScope?: readonly string[];
  /** Groups of words and phrases that mean the same (flow files' `synonyms`). */
  synonyms?: readonly (readonly string[])[];
}

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
  /** What models trained on overlapping data (the calibration's) can share instead of redoing. */
  cache?: TrainingCache;
}

export interface TrainingCache {
  /**
   * Feature bags of texts already read. Each model still builds its own feature space from
   * them: a calibration fold must not know the words of the messages it is tested on.
   */
  bags: Map<string, NumberedBag>;
  /** The feature names the bags are numbered with. */
  names?: FeatureNames;
  /** The first model's typo vocabulary; later models find only their own words in it. */
  words?: FuzzyVocabulary;
}

// The out-of-scope set is large and varied; at full weight its class swallows every phrasing the
// intents' few examples did not foresee.
const OUT_OF_SCOPE_WEIGHT = 0.5;
/**
 * Weights a model may have (4 bytes each): a shop with hundreds of intents keeps its most
 * frequent features so that a model stays within ~32 MB; a shop of a few dozen keeps them all.
 */
const MAX_WEIGHTS = 8_000_000;
/** Intents a score lists: enough for the candidates the NLU reports. */
export const TOP_INTENTS = 5;
/** Texts read between two pauses of a stepwise training. */
const TEXTS_BETWEEN_PAUSES = 64;

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
  ) {
    this.probabilities = new Float64Array(classifier?.classes ?? 0);
  }

  static train(data: TrainingData, options: IntentModelOptions = {}): IntentModel {
    return runToEnd(IntentModel.trainSteps(data, options));
  }

  /** The same training, pausing now and then (see LocalNlu.retrain). */
  static *trainSteps(data: TrainingData, options: IntentModelOptions = {}): Generator<void, IntentModel> {
    const limits = options.limits ?? DEFAULT_LIMITS;
    const synonyms = new SynonymMatcher(data.synonyms ?? []);
    const cache: TrainingCache = options.cache ?? { bags: new Map() };
    const { names, texts, labels: textLabels } = labelledTexts(data);
    const featureNames = (cache.names ??= new FeatureNames());
    const bags: NumberedBag[] = [];
    const labels: number[] = [];
    for (const [i, text] of texts.entries()) {
      let bag = cache.bags.get(text);
      if (!bag) {
        cache.bags.set(text, (bag = FeatureSpace.bagOf(text, synonyms, limits, featureNames)));
        if (cache.bags.size % TEXTS_BETWEEN_PAUSES === 0) yield;
      }
      // A text without a word (only punctuation or emoji) teaches nothing.
      if (bag.ids.length === 0) continue;
      bags.push(bag);
      labels.push(textLabels[i] as number);
    }
    if (names.length === 0 || bags.length === 0) return new IntentModel([], null, null, null);
    const outOfScopeClass = names.length;
    yield;
    const classes = names.length + (labels.includes(outOfScopeClass) ? 1 : 0);
    const space = FeatureSpace.build(featureNames, bags, labels.map((label) => label !== outOfScopeClass), synonyms, limits, Math.floor(MAX_WEIGHTS / classes), cache.words);
    cache.words ??= space.words;
    yield;
    const rows: SparseRow[] = [];
    for (const bag of bags) {
      rows.push(space.vectorize(bag));
      if (rows.length % TEXTS_BETWEEN_PAUSES === 0) yield;
    }
    const weights = labels.map((label) => (label === outOfScopeClass ? OUT_OF_SCOPE_WEIGHT : 1));
    const classifier = yield* SoftmaxRegression.trainSteps(rows, labels, classes, space.size, options.training ?? { ...DEFAULT_TRAINING, epochs: (options.epochs ?? epochsFor)(rows.length, classes) }, weights);
    return new IntentModel(names, space, classifier, new ExampleIndex(rows, labels, space.size, names.length));
  }

  get featureCount(): number {
    return this.space?.size ?? 0;
  }

  /** Probabilities for one message; nothing ranked before training or for a message with no known feature. */
  score(text: string): ModelScores {
    if (!this.space || !this.classifier) return { ranked: [], outOfScope: 1, coverage: 0 };
    const { row, coverage } = this.space.read(text);
    if (row.indices.length === 0) return { ranked: [], outOfScope: 1, coverage };
    const probabilities = this.probabilities;
    this.classifier.probabilitiesInto(row, probabilities);
    const top = topClasses(probabilities, this.intentNames.length, TOP_INTENTS);
    const ranked: RankedIntent[] = top.map((c, i) => ({
      intent: this.intentNames[c] as string,
      probability: probabilities[c] as number,
      containment: i === 0 && this.examples ? this.examples.containment(row, c) : 0,
    }));
    const outOfScope = this.classifier.classes > this.intentNames.length ? (probabilities[this.intentNames.length] as number) : 0;
    return { ranked, outOfScope, coverage };
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

/** Intent names (merged when listed twice) and every example with its class; out-of-scope last. */
function labelledTexts(data: TrainingData): { names: string[]; texts: string[]; labels: number[] } {
  const names: string[] = [];
  const classOf = new Map<string, number>();
  const texts: string[] = [];
  const labels: number[] = [];
  for (const { intent, examples } of data.intents) {
    let label = classOf.get(intent);
    if (label === undefined) {
      label = names.length;
      names.push(intent);
      classOf.set(intent, label);
    }
    for (const list of Object.values(examples)) {
      for (const text of list ?? []) {
        if (typeof text !== 'string') continue;
        texts.push(text);
        labels.push(label);
      }
    }
  }
  for (const text of data.outOfScope ?? []) {
    if (typeof text !== 'string') continue;
    texts.push(text);
    labels.push(names.length);
  }
  return { names, texts, labels };
}
