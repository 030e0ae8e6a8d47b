import { SynonymMatcher } from './synonyms';

/**
 * The shop's list of other businesses and offices its customers mention (out_of_scope.yaml's
 * `otherBusinesses`), matched like a synonym group: by sound, with a suffix ("গ্রামীণফোনের"), a
 * long name with a slip. The model reads the whole list as one more synonym group (LocalNlu),
 * and the wants-a-human detector asks which words name one (humanRequest.ts).
 */
export class OtherBusinesses {
  private readonly matcher: SynonymMatcher;

  constructor(readonly names: readonly string[]) {
    this.matcher = new SynonymMatcher(names.length > 0 ? [names] : []);
  }

  /** For each word (its phonetic key beside it), whether it is part of a name on the list. */
  readonly mark = (tokens: readonly string[], keys: readonly string[]): boolean[] => {
    const named = tokens.map(() => false);
    for (const { start, length } of this.matcher.find(tokens, keys)) named.fill(true, start, start + length);
    return named;
  };
}
