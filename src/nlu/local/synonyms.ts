import { phoneticKey } from './banglish';
import { FuzzyVocabulary } from './fuzzyVocabulary';
import { inflectionStems } from './inflections';
import { tokenize } from './normalize';

/**
 * Synonym groups declared in flow files ("pay = payment = টাকা দেওয়া = taka deya"). A message
 * that contains any member of a group gets the group as a feature, so an example written with
 * one member teaches the model about all of them: "parcel" in the examples, "package" or
 * "পার্সেল" in the message.
 *
 * Members are compared by phonetic key (see banglish.ts), so "কোথায়" / "kothay" and spelling
 * variants meet; the last word of a member may carry a suffix ("বিকাশে" for "বিকাশ"), and a
 * long one-word member tolerates one slip ("pament").
 */
interface Member {
  keys: string[];
  group: number;
}

export interface SynonymMatch {
  group: number;
  /** The words it spans: tokens start .. start + length - 1. */
  start: number;
  length: number;
}

const MAX_MEMBER_WORDS = 6;
// Shorter words are too often another word one slip away ("khela" play / "khola" open).
const MIN_TYPO_LENGTH = 6;
const MAX_REMEMBERED_WORDS = 20_000;

export class SynonymMatcher {
  /** Members by the key of their first word. */
  private readonly byFirstKey = new Map<string, Member[]>();
  /** One-word members, findable within a slip of the thumb; and their groups by term id. */
  private readonly oneWord = new FuzzyVocabulary();
  private readonly oneWordGroups: number[][] = [];
  private readonly inexact = new Map<string, readonly number[]>();
  private readonly scratchIds: number[] = [];
  private readonly scratchSimilarities: number[] = [];
  readonly groupCount: number;

  constructor(groups: readonly (readonly string[])[]) {
    this.groupCount = groups.length;
    groups.forEach((members, group) => {
      for (const member of members) {
        const keys = tokenize(member, MAX_MEMBER_WORDS).map(phoneticKey);
        if (keys.length === 0) continue;
        const list = this.byFirstKey.get(keys[0] as string) ?? [];
        if (!list.some((m) => m.group === group && m.keys.join(' ') === keys.join(' '))) list.push({ keys, group });
        this.byFirstKey.set(keys[0] as string, list);
        if (keys.length === 1) {
          const id = this.oneWord.add(keys[0] as string);
          (this.oneWordGroups[id] ??= []).push(group);
        }
      }
    });
    this.oneWord.seal();
  }

  /**
   * Where members of which groups occur in a message, given its tokens and their phonetic keys:
   * every match, as the group and the words it spans.
   */
  find(tokens: readonly string[], keys: readonly string[]): SynonymMatch[] {
    const found: SynonymMatch[] = [];
    if (this.groupCount === 0) return found;
    for (let i = 0; i < keys.length; i++) {
      for (const member of this.byFirstKey.get(keys[i] as string) ?? []) {
        if (this.matchesAt(member.keys, tokens, keys, i)) found.push({ group: member.group, start: i, length: member.keys.length });
      }
      for (const group of this.inexactGroups(tokens[i] as string, keys[i] as string)) found.push({ group, start: i, length: 1 });
    }
    return found;
  }

  /**
   * The groups with a one-word member that this word is an inflected form of (by its
   * suffix-stripped forms) or a slip of the thumb away from. Remembered per word: the same few
   * thousand words come back in every training text and message.
   */
  private inexactGroups(token: string, key: string): readonly number[] {
    const known = this.inexact.get(token);
    if (known) return known;
    const groups: number[] = [];
    for (const stem of inflectionStems(token)) {
      for (const member of this.byFirstKey.get(phoneticKey(stem)) ?? []) if (member.keys.length === 1) groups.push(member.group);
    }
    if (key.length >= MIN_TYPO_LENGTH) {
      this.scratchIds.length = 0;
      this.scratchSimilarities.length = 0;
      this.oneWord.collect(key, 1, 1, this.scratchIds, this.scratchSimilarities);
      for (const id of this.scratchIds) groups.push(...(this.oneWordGroups[id] ?? []));
    }
    if (this.inexact.size >= MAX_REMEMBERED_WORDS) this.inexact.clear();
    this.inexact.set(token, groups);
    return groups;
  }

  private matchesAt(memberKeys: readonly string[], tokens: readonly string[], keys: readonly string[], start: number): boolean {
    if (start + memberKeys.length > keys.length) return false;
    for (let j = 1; j < memberKeys.length; j++) {
      const at = start + j;
      if (keys[at] === memberKeys[j]) continue;
      // The last word may be inflected: "টাকা দেওয়াটা", "cash on deliveryte".
      const last = j === memberKeys.length - 1;
      if (!last || !inflectionStems(tokens[at] as string).some((stem) => phoneticKey(stem) === memberKeys[j])) return false;
    }
    return true;
  }
}
