import { foldForCompare } from '../../domain/text';
import { SynonymMatcher } from './synonyms';

/**
 * The shop's list of other businesses and offices its customers mention (out_of_scope.yaml's
 * `otherBusinesses`), matched like a synonym group: by sound, with a suffix ("গ্রামীণফোনের"), a
 * long name with a slip. The wants-a-human detector asks which words name one (humanRequest.ts):
 * their people are not the shop's. The model reads the `unrelated` ones as one more synonym group
 * (LocalNlu). A name that is also one of the shop's synonyms is a business it works with (bKash,
 * the courier): "bKash customer care" is bKash's, but "bkash e pay korbo" is still the shop's
 * payment, so the model keeps reading that name as the shop's word.
 */
export class OtherBusinesses {
  private readonly matcher: SynonymMatcher;
  /** The names that are not also one of the shop's synonyms. */
  readonly unrelated: readonly string[];

  constructor(
    readonly names: readonly string[],
    shopSynonyms: readonly (readonly string[])[] = [],
  ) {
    this.matcher = new SynonymMatcher(names.length > 0 ? [names] : []);
    const shopWords = new Set(shopSynonyms.flat().map(foldForCompare));
    this.unrelated = names.filter((name) => !shopWords.has(foldForCompare(name)));
  }

  /** For each word (its phonetic key beside it), whether it is part of a name on the list. */
  readonly mark = (tokens: readonly string[], keys: readonly string[]): boolean[] => {
    const named = tokens.map(() => false);
    for (const { start, length } of this.matcher.find(tokens, keys)) named.fill(true, start, start + length);
    return named;
  };
}
