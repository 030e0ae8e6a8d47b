import { phoneticKey } from './banglish';
import { consonantSkeleton } from './features';
import { boundedEditDistance } from './editDistance';
import { FuzzyVocabulary } from './fuzzyVocabulary';
import { inflectionStems } from './inflections';
import { tokenize } from './normalize';
import { isStopword } from './stopwords';
import { HUMAN_LEXICON, LITERAL_ROLES, type WordRole } from './humanRequestWords';

/**
 * Does the customer ask for a person? Checked before the intent model, so that "agent please",
 * "ম্যানেজারকে দিন" or "kotha bolte chai" always reach a person instead of "I didn't understand".
 *
 * Words are read by role (humanRequestWords.ts): people who work for the shop, ways to reach
 * them, request words, negations. A request is
 *   - a shop person and nothing but request words ("customer care please", "manager ke din");
 *   - a person and a way to reach them ("can I speak to the manager", "kotha bolte chai karo sathe");
 *   - a way to reach someone and nothing but request words ("kotha bolte chai", "I want to talk");
 *   - "call me" ("amake ektu call diben?", "amar GP number e call din"), unless it is about the rider or a condition
 *     ("can the delivery man call me before he comes", "call me when it is back in stock");
 *   - refusing the bot ("not a bot", "bot er sathe kotha bolbo na"), unless the customer is saying
 *     what they are ("I am a human, not a robot") and asks for nothing.
 * People of a business on the shop's list of others ("Grameenphone customer care", "Union Bank er
 * manager", "someone at the passport office") are theirs, not the shop's.
 * It is not one when negated ("I don't need an agent"), when the verb is in the past ("I talked
 * to your agent yesterday") or when the person is the rider ("is your delivery man a person
 * from your shop?"): then the intent model reads the message as usual, except that it may not
 * read a message about the rider as a request for a person either (readHumanRequest's "declines").
 */

interface Entry {
  keys: string[];
  skeletons: string[];
  role: WordRole;
}

const MAX_WORDS = 60;
// Shorter skeletons collide: "kt" is kotha, kata, kota.
const MIN_SKELETON = 4;
// Short stems are too often another word: "khola" (open) less its "a" sounds like "কল" (call).
const MIN_STEM_KEY = 4;
// A slip of the thumb is forgiven in words this long: "agnet" is agent, but "kal" is not "call".
const MIN_TYPO_KEY = 5;
// "I am a human", "আমি একজন মানুষ", "ami ekjon sadharon manush": the person word within three words of "I am".
const SELF_REACH = 3;
// "Union Bank er manager", "Grameenphone customer care e agent": their people follow the name within two words.
const THEIRS_REACH = 2;
const BEFORE_A_NAME: ReadonlySet<string> = new Set(['at', 'of', 'from', 'in', 'the', 'a', 'an']);

/** Roles that only the call rules read: to the rest they are words like any other ("do you have customer care number?"). */
const PLAIN_ROLES: ReadonlySet<WordRole | null> = new Set([null, 'missedCall', 'my', 'number']);

/** Which of a message's words name another business (otherBusinesses.ts); none when not given. */
export type OtherBusinessMarker = (tokens: readonly string[], keys: readonly string[]) => readonly boolean[];

class HumanLexicon {
  /** Phrases of two words or more, longest first, so "customer care" is read before "care". */
  private readonly phrases: Entry[] = [];
  private readonly words = new Map<string, WordRole>();
  /** Words of LITERAL_ROLES, lower-cased as spelt. */
  private readonly literal = new Map<string, WordRole>();
  private readonly forgiving = new FuzzyVocabulary();
  private readonly forgivingRoles: WordRole[] = [];
  /** Banglish writers guess vowels ("menejar", "custamer"): one-word entries by consonant skeleton. */
  private readonly bySkeleton = new Map<string, WordRole>();

  constructor(lexicon: Readonly<Record<WordRole, readonly string[]>>) {
    for (const [role, list] of Object.entries(lexicon) as [WordRole, readonly string[]][]) {
      for (const phrase of list) {
        const keys = tokenize(phrase, 8).map(phoneticKey);
        if (keys.length > 1) this.phrases.push({ keys, skeletons: keys.map(consonantSkeleton), role });
        if (keys.length !== 1) continue;
        if (LITERAL_ROLES.has(role)) {
          this.literal.set(phrase.toLowerCase(), role);
          continue;
        }
        const key = keys[0] as string;
        if (!this.words.has(key)) this.words.set(key, role);
        if (role === 'negation' || role === 'negationBefore' || role === 'filler' || role === 'ours' || role === 'request') continue;
        if (key.length >= MIN_TYPO_KEY) this.forgivingRoles[this.forgiving.add(key)] = role;
        const skeleton = consonantSkeleton(key);
        if (skeleton.length >= MIN_SKELETON && !this.bySkeleton.has(skeleton)) this.bySkeleton.set(skeleton, role);
      }
    }
    this.phrases.sort((a, b) => b.keys.length - a.keys.length);
    this.forgiving.seal();
  }

  /** The role of each word (null: a word the lexicon does not know). */
  read(tokens: readonly string[], keys: readonly string[]): (WordRole | null)[] {
    const words = tokens.map((token, i) => readWord(token, keys[i] as string));
    const roles: (WordRole | null)[] = tokens.map(() => null);
    for (let i = 0; i < tokens.length; i++) {
      const phrase = this.phrases.find((p) => i + p.keys.length <= tokens.length && p.keys.every((key, j) => sameWord(words[i + j] as Word, key, p.skeletons[j] as string)));
      if (phrase) {
        for (let j = 0; j < phrase.keys.length; j++) roles[i + j] = phrase.role;
        i += phrase.keys.length - 1;
        continue;
      }
      roles[i] = this.singleWord(tokens[i] as string, keys[i] as string);
    }
    return roles;
  }

  private singleWord(token: string, key: string): WordRole | null {
    const spelt = this.literal.get(token.toLowerCase()) ?? inflectionStems(token).map((stem) => this.literal.get(stem.toLowerCase())).find(Boolean);
    if (spelt) return spelt;
    const exact = this.words.get(key);
    if (exact) return exact;
    // "ম্যানেজারকে", "agentke", "manusher": the word with its suffix.
    for (const stem of inflectionStems(token)) {
      const stemKey = phoneticKey(stem);
      const role = stemKey.length >= MIN_STEM_KEY ? this.words.get(stemKey) : undefined;
      if (role && role !== 'filler') return role;
    }
    if (key.length >= MIN_TYPO_KEY) {
      const ids: number[] = [];
      this.forgiving.collect(key, 1, 1, ids, []);
      if (ids[0] !== undefined) return this.forgivingRoles[ids[0]] ?? null;
    }
    const skeleton = consonantSkeleton(key);
    return skeleton.length >= MIN_SKELETON ? (this.bySkeleton.get(skeleton) ?? null) : null;
  }
}

/** A message word, read once for every phrase it is compared with. */
interface Word {
  key: string;
  stemKeys: string[];
  skeleton: string;
}

function readWord(token: string, key: string): Word {
  return { key, stemKeys: inflectionStems(token).map(phoneticKey).filter((k) => k.length >= MIN_STEM_KEY), skeleton: consonantSkeleton(key) };
}

/** A word of a phrase: the same sound, the same word with a suffix, one slip, or other vowels. */
function sameWord(word: Word, wanted: string, wantedSkeleton: string): boolean {
  if (word.key === wanted) return true;
  if (word.stemKeys.includes(wanted)) return true;
  if (word.skeleton.length >= MIN_SKELETON && word.skeleton === wantedSkeleton) return true;
  const long = word.key.length >= MIN_TYPO_KEY && wanted.length >= MIN_TYPO_KEY;
  return long && Math.abs(word.key.length - wanted.length) <= 1 && boundedEditDistance(word.key, wanted, 1) <= 1;
}

const LEXICON = new HumanLexicon(HUMAN_LEXICON);

export function asksForHuman(text: string, otherBusiness?: OtherBusinessMarker): boolean {
  return readHumanRequest(text, otherBusiness) === 'asks';
}

/**
 * "asks": a request for a person. "declines": a message about the rider that does not ask for
 * the shop's people ("is your delivery man a person from your shop?"), or one that asks for
 * another business's people, which the intent model must not take for a request either: its
 * examples teach it that "person" and "shop" ask for the team. null: neither; the intent model
 * decides.
 */
export type HumanRequestReading = 'asks' | 'declines' | null;

export function readHumanRequest(text: string, otherBusiness?: OtherBusinessMarker): HumanRequestReading {
  const tokens = tokenize(text, MAX_WORDS);
  if (tokens.length === 0) return null;
  const keys = tokens.map(phoneticKey);
  const heard = LEXICON.read(tokens, keys);
  const roles = otherBusiness ? withoutTheirPeople(tokens, heard, otherBusiness(tokens, keys)) : heard;
  const reading = readRoles(tokens, roles);
  // "গ্রামীণফোনের কাস্টমার কেয়ারে মানুষের সাথে কথা বলবো": a request for another business's people,
  // which the intent model must not take for one to the shop's either (its examples teach it
  // that "customer care" and "kotha bolbo" ask for the team).
  if (reading === null && roles !== heard && readRoles(tokens, heard) === 'asks') return 'declines';
  return reading;
}

function readRoles(tokens: readonly string[], roles: readonly (WordRole | null)[]): HumanRequestReading {
  const has = (role: WordRole) => roles.includes(role);
  const other = tokens.filter((token, i) => PLAIN_ROLES.has(roles[i] ?? null) && !isStopword(token)).length;
  const reach = has('reach') || has('call');
  const request = has('request');

  if (describesSelf(roles) && !reach && !request) return null;
  if (has('bot') && (has('negation') || has('negationBefore'))) return 'asks';
  // Not 'declines': the negation is often of something else ("I don't want automatic replies, connect me to someone").
  if (negated(roles)) return null;
  const shopPerson = has('staff');
  // The rider is a person too; a message about him is about the delivery unless it asks for the shop's people.
  if (has('rider')) return shopPerson && reach ? 'asks' : 'declines';
  // "are you a human?" is not a request, but a customer who asks it may well want one: the model decides.
  if (has('identity') && !reach && !request) return null;

  if (shopPerson && other === 0) return 'asks';
  if ((shopPerson || has('someone')) && reach) return 'asks';
  if ((has('someone') || reach) && request && other === 0) return 'asks';
  return callsMe(roles) && !has('condition') ? 'asks' : null;
}

/**
 * "Grameenphone customer care", "Union Bank er manager", "গ্রামীণফোনের কাস্টমার কেয়ারে কোনো মানুষের":
 * people named after another business are theirs, not the shop's. They and the name become plain
 * words, so the message asks for a person only if it also asks for the shop's ("... then connect
 * me to your agent": "your" ends their claim).
 */
function withoutTheirPeople(tokens: readonly string[], roles: (WordRole | null)[], named: readonly boolean[]): (WordRole | null)[] {
  if (!named.includes(true)) return roles;
  let sinceTheirs = Infinity;
  let theirPeople = false;
  const read = roles.map((role, i) => {
    if (named[i]) {
      sinceTheirs = 0;
      return null;
    }
    const person = role === 'staff' || role === 'someone';
    if (role === 'ours') sinceTheirs = Infinity;
    else if (person && (sinceTheirs <= THEIRS_REACH || namedRightAfter(tokens, named, i))) {
      sinceTheirs = 0;
      theirPeople = true;
      return null;
    } else sinceTheirs++;
    return role;
  });
  // "Union Bank er manager er sathe kotha bolte chai, kar number e call dibo?": in a message about
  // their people, "whom" and "someone" are theirs too, unless the shop's are named.
  if (!theirPeople || read.includes('ours')) return read;
  return read.map((role) => (role === 'someone' ? null : role));
}

/** "someone at the passport office", "the manager of Union Bank": English names the business after its people. */
function namedRightAfter(tokens: readonly string[], named: readonly boolean[], person: number): boolean {
  let at = person + 1;
  while (at < tokens.length && !named[at] && BEFORE_A_NAME.has(tokens[at] as string)) at++;
  return at > person + 1 && named[at] === true;
}

/** "I am a human, not a robot", "আমি একজন মানুষ": the customer says who they are, not whom they want. */
function describesSelf(roles: readonly (WordRole | null)[]): boolean {
  return roles.some((role, i) => {
    if (role !== 'self') return false;
    for (let j = i + 1; j <= i + SELF_REACH && j < roles.length; j++) if (roles[j] === 'staff') return true;
    return false;
  });
}

/**
 * "call me", "call me back", "আমাকে একটু কল দিন", "amar GP number e call din": the customer is the
 * one to be called.
 */
function callsMe(roles: readonly (WordRole | null)[]): boolean {
  const within = (from: number, to: number, role: WordRole) => roles.slice(Math.max(0, from), to).includes(role);
  return roles.some((role, j) => {
    if (role !== 'call') return false;
    if (roles[j + 1] === 'me' || within(j - 3, j, 'me')) return true;
    // The customer's number, before or after the call: "my" up to one word before "number" (a phone company's name between).
    for (let n = Math.max(0, j - 3); n <= j + 3 && n < roles.length; n++) if (roles[n] === 'number' && within(n - 2, n, 'my')) return true;
    return false;
  });
}

/**
 * English puts "not" before what it negates ("I don't want an agent"); Bengali puts "না"
 * after it ("এজেন্ট লাগবে না", "kotha bolbo na").
 */
function negated(roles: readonly (WordRole | null)[]): boolean {
  const firstAsk = roles.findIndex((r) => r === 'staff' || r === 'someone' || r === 'reach' || r === 'call' || r === 'request');
  if (firstAsk < 0) return false;
  return roles.some((r, i) => (r === 'negation' && i > firstAsk) || (r === 'negationBefore' && i < firstAsk));
}
