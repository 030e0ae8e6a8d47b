import { createHash } from 'node:crypto';
import type { IntentExamples } from '../port';
import { FeatureNames, FeatureSpace, type NumberedBag } from './featureSpace';
import { DEFAULT_LIMITS, type NormalizeLimits } from './normalize';
import type { SparseRow } from './softmaxRegression';
import { SynonymMatcher } from './synonyms';

/** What the model learns from: the flows' examples, the out-of-scope set, the synonym groups. */
export interface TrainingData {
  intents: readonly IntentExamples[];
  /** Messages no intent should take (flows/nlu/out_of_scope.yaml). */
  outOfScope?: readonly string[];
  /** Groups of words and phrases that mean the same (flow files' `synonyms`). */
  synonyms?: readonly (readonly string[])[];
}

export interface TrainingCache {
  /** Feature bags of texts already read (a reload reads only the texts it has not seen). */
  bags: Map<string, NumberedBag>;
  /** The feature names the bags are numbered with. */
  names?: FeatureNames;
}

/**
 * The training texts as rows of one feature space, read once and shared by the model and by the
 * calibration's fold models (calibration.ts).
 */
export interface TrainingSet {
  /** Intent names, class by class; the out-of-scope class, when there is one, comes after them. */
  intentNames: string[];
  space: FeatureSpace;
  rows: SparseRow[];
  /** Class of each row. */
  labels: number[];
  /** The words of the text each row was read from (see NumberedBag.tokens). */
  tokens: (readonly string[])[];
  /** A hash of each row's text (see SoftmaxRegression's PerRow.keys). */
  keys: Uint32Array;
  /** Intents plus the out-of-scope class when some row has it. */
  classes: number;
}

/**
 * Weights a model may have (4 bytes each): a shop with hundreds of intents keeps its most
 * frequent features so that a model stays within ~32 MB; a shop of a few dozen keeps them all.
 */
const MAX_WEIGHTS = 8_000_000;
/** Texts read between two pauses of a stepwise reading. */
const TEXTS_BETWEEN_PAUSES = 64;

/** Reads the training data into rows, pausing now and then (see LocalNlu.retrain); null when there is nothing to learn. */
export function* readTrainingSet(data: TrainingData, limits: NormalizeLimits = DEFAULT_LIMITS, cache: TrainingCache = { bags: new Map() }): Generator<void, TrainingSet | null> {
  const synonyms = new SynonymMatcher(data.synonyms ?? []);
  const { names, texts: allTexts, labels: allLabels } = labelledTexts(data);
  const featureNames = (cache.names ??= new FeatureNames());
  const bags: NumberedBag[] = [];
  const labels: number[] = [];
  const texts: string[] = [];
  for (const [i, text] of allTexts.entries()) {
    let bag = cache.bags.get(text);
    if (!bag) {
      cache.bags.set(text, (bag = FeatureSpace.bagOf(text, synonyms, limits, featureNames)));
      if (cache.bags.size % TEXTS_BETWEEN_PAUSES === 0) yield;
    }
    // A text without a word (only punctuation or emoji) teaches nothing.
    if (bag.ids.length === 0) continue;
    bags.push(bag);
    labels.push(allLabels[i] as number);
    texts.push(text);
  }
  if (names.length === 0 || bags.length === 0) return null;
  const outOfScopeClass = names.length;
  yield;
  const classes = names.length + (labels.includes(outOfScopeClass) ? 1 : 0);
  const space = FeatureSpace.build(featureNames, bags, labels.map((label) => label !== outOfScopeClass), synonyms, limits, Math.floor(MAX_WEIGHTS / classes));
  yield;
  const rows: SparseRow[] = [];
  for (const bag of bags) {
    rows.push(space.vectorize(bag));
    if (rows.length % TEXTS_BETWEEN_PAUSES === 0) yield;
  }
  const keys = Uint32Array.from(texts, textKey);
  return { intentNames: names, space, rows, labels, tokens: bags.map((bag) => bag.tokens), keys, classes };
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

/** A number from a text alone, the same in every training. */
function textKey(text: string): number {
  return createHash('md5').update(text).digest().readUInt32BE(0);
}
