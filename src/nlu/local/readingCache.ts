import { FeatureNames, type NumberedBag } from './featureSpace';
import type { TrainingCache } from './trainingSet';

/** Texts read by earlier trainings are kept up to this many times the texts of the current one. */
const KEEP_FACTOR = 2;
const ALWAYS_KEPT = 2_000;

/**
 * The feature bags of the texts one LocalNlu has read, kept from one training to the next: a flow
 * reload usually changes a few examples, and reading every text again was a third of a reload's
 * CPU time. A text reads differently when the synonym groups change, so a change of groups starts
 * afresh; so does a cache grown well past the texts in use (examples deleted over many reloads).
 */
export class ReadingCache {
  private groups = '';
  private names = new FeatureNames();
  private bags = new Map<string, NumberedBag>();

  /** The cache a training of `texts` texts with these synonym groups starts from. */
  forTraining(synonyms: readonly (readonly string[])[], texts: number): TrainingCache {
    const groups = JSON.stringify(synonyms);
    if (groups !== this.groups || this.bags.size > KEEP_FACTOR * texts + ALWAYS_KEPT) {
      this.groups = groups;
      this.names = new FeatureNames();
      this.bags = new Map();
    }
    return { bags: this.bags, names: this.names };
  }
}
