import { foldForCompare } from '../../domain/text';
import { phoneticKey } from './banglish';
import { inflectionStems } from './inflections';

/**
 * A small lexicon sentiment score, -1 (angry or distressed) .. 1 (happy). It exists to
 * notice an upset customer early (the engine may offer a human), not to grade prose:
 * a handful of strong words in English, Bengali and Banglish, a simple negation rule,
 * and "!!!" / CAPITALS making whatever was said stronger.
 */

/** Lexicon keys folded like messages are, so that how this file encodes য় does not matter. */
function folded(entries: ReadonlyArray<[string, number]>): ReadonlyMap<string, number> {
  return new Map(entries.map(([word, score]): [string, number] => [foldForCompare(word), score]));
}

function foldedSet(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.map(foldForCompare));
}

const ENGLISH_WORDS = folded([
  ['worst', -1], ['fraud', -1], ['scam', -1], ['scammer', -1], ['scammers', -1], ['cheat', -0.9],
  ['cheated', -0.9], ['cheater', -0.9], ['liar', -0.9], ['liars', -0.9], ['fake', -0.8], ['angry', -0.8],
  ['furious', -1], ['useless', -0.8], ['terrible', -0.9], ['horrible', -0.9], ['awful', -0.9],
  ['pathetic', -0.9], ['disgusting', -0.9], ['hate', -0.9], ['bad', -0.6], ['poor', -0.5],
  ['disappointed', -0.7], ['disappointing', -0.7], ['rude', -0.7], ['ridiculous', -0.7],
  ['waste', -0.7], ['broken', -0.5], ['damaged', -0.5], ['unacceptable', -0.8], ['nonsense', -0.7],
  ['annoyed', -0.6], ['upset', -0.6], ['frustrated', -0.7], ['complaint', -0.4], ['stolen', -0.8],
  ['thanks', 0.6], ['thank', 0.6], ['great', 0.8], ['good', 0.5], ['excellent', 0.9],
  ['awesome', 0.9], ['amazing', 0.9], ['love', 0.8], ['loved', 0.8], ['nice', 0.6], ['happy', 0.7],
  ['perfect', 0.9], ['helpful', 0.7], ['satisfied', 0.7], ['wonderful', 0.9], ['fantastic', 0.9],
  ['appreciate', 0.7], ['glad', 0.6],
]);

const BENGALI_WORDS = folded([
  ['বাজে', -0.8], ['ফালতু', -0.9], ['প্রতারণা', -1], ['প্রতারক', -1], ['বাটপার', -1], ['চোর', -0.9],
  ['রাগ', -0.7], ['রাগান্বিত', -0.8], ['খারাপ', -0.7], ['জঘন্য', -1], ['ভুয়া', -0.8], ['বিরক্ত', -0.7],
  ['হতাশ', -0.7], ['ধোঁকা', -0.9], ['বেকার', -0.7], ['নষ্ট', -0.5], ['অভিযোগ', -0.4], ['মিথ্যা', -0.7],
  ['ধন্যবাদ', 0.7], ['ভালো', 0.6], ['ভাল', 0.6], ['চমৎকার', 0.9], ['দারুণ', 0.9], ['দারুন', 0.9],
  ['অসাধারণ', 0.9], ['খুশি', 0.7], ['সুন্দর', 0.6], ['শুকরিয়া', 0.7],
]);

const BANGLISH_WORDS = folded([
  ['baje', -0.8], ['faltu', -0.9], ['bekar', -0.7], ['kharap', -0.7], ['batpar', -1], ['chor', -0.9],
  ['dhoka', -0.9], ['protarona', -1], ['protarok', -1], ['rag', -0.6], ['raag', -0.6], ['bhuya', -0.8],
  ['vuya', -0.8], ['vua', -0.8], ['birokto', -0.7], ['hotash', -0.7], ['joghonno', -1], ['nosto', -0.5],
  ['dhonnobad', 0.7], ['dhonyobad', 0.7], ['valo', 0.6], ['bhalo', 0.6], ['darun', 0.9],
  ['oshadharon', 0.9], ['khushi', 0.7], ['khusi', 0.7], ['sundor', 0.6], ['joss', 0.9], ['shukriya', 0.7],
]);

/** Multi-word expressions, checked before single words. */
const PHRASES = folded([
  ['refund now', -0.8], ['money back now', -0.8], ['never again', -0.8], ['waste of money', -0.9],
  ['not happy', -0.7], ['very bad', -0.9], ['taka ferot den', -0.5], ['টাকা ফেরত দেন', -0.5],
  ['thank you', 0.7], ['well done', 0.7],
]);

// Only the direction-bearing emoji; a lone emoji message is otherwise unreadable to us.
const EMOJI: ReadonlyMap<string, number> = new Map([
  ['😡', -0.9], ['🤬', -1], ['😠', -0.8], ['😤', -0.6], ['👎', -0.6], ['💩', -0.7], ['😢', -0.5],
  ['😭', -0.6], ['😞', -0.5], ['☹', -0.5], ['🙁', -0.4],
  ['😀', 0.5], ['😃', 0.5], ['😄', 0.6], ['😁', 0.6], ['😊', 0.6], ['🙂', 0.3], ['😍', 0.8],
  ['🥰', 0.8], ['❤', 0.7], ['👍', 0.5], ['🙏', 0.4], ['💯', 0.6],
]);

/** English negation comes before the word ("not good"); Bengali after it ("ভালো না", "valo na"). */
const NEGATORS_BEFORE = foldedSet([
  'not', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'cant', 'cannot', 'wont', 'aint', 'hardly',
]);
const NEGATORS_AFTER = foldedSet(['না', 'নয়', 'নাই', 'নেই', 'নি', 'na', 'noy', 'nai', 'nei', 'ni']);
// Short windows: "no problem, thanks" must stay a thank-you.
const NEGATION_WINDOW_BEFORE = 2;
const NEGATION_WINDOW_AFTER = 2;
/** Negated praise is a complaint, negated insult only mildly positive ("not bad"). */
const NEGATED_POSITIVE = -0.8;
const NEGATED_NEGATIVE = -0.5;

const INTENSIFIERS = foldedSet([
  'very', 'so', 'too', 'really', 'extremely', 'totally', 'khub', 'onek', 'ekdom', 'খুব', 'অনেক', 'একদম',
]);
const INTENSIFIER_BOOST = 1.4;
/** After "but", the customer's real opinion: "thanks but this is the worst". */
const CONTRASTS = foldedSet(['but', 'however', 'kintu', 'tobe', 'কিন্তু', 'তবে']);
const BEFORE_CONTRAST = 0.6;
const AFTER_CONTRAST = 1.3;
const CAPS_BOOST = 1.5;
const EXCLAMATION_STEP = 0.2;
const MAX_EXCLAMATIONS = 3;

const BANGLISH_KEYS: ReadonlyMap<string, number> = new Map(
  [...BANGLISH_WORDS, ...BENGALI_WORDS].map(([word, score]): [string, number] => [phoneticKey(word), score]),
);

function hasBengali(token: string): boolean {
  return /[\u0980-\u09FF]/.test(token);
}

/** Score of one token, or 0 when it carries no sentiment we know of. */
function wordScore(token: string): number {
  if (hasBengali(token)) {
    const direct = BENGALI_WORDS.get(token);
    if (direct !== undefined) return direct;
    for (const stem of inflectionStems(token)) {
      const stemmed = BENGALI_WORDS.get(stem);
      if (stemmed !== undefined) return stemmed;
    }
    return 0;
  }
  const english = ENGLISH_WORDS.get(token) ?? BANGLISH_WORDS.get(token);
  if (english !== undefined) return english;
  // By sound only for longer words: short keys collide ("rag" is also English).
  return token.length >= 4 ? BANGLISH_KEYS.get(phoneticKey(token)) ?? 0 : 0;
}

function isNegated(tokens: readonly string[], at: number, span: number): boolean {
  for (let i = Math.max(0, at - NEGATION_WINDOW_BEFORE); i < at; i++) {
    if (NEGATORS_BEFORE.has(tokens[i] as string)) return true;
  }
  const end = Math.min(tokens.length, at + span + NEGATION_WINDOW_AFTER);
  for (let i = at + span; i < end; i++) {
    if (NEGATORS_AFTER.has(tokens[i] as string)) return true;
  }
  return false;
}

/** Words written in capitals in the raw message (3+ letters, so "OK" or "COD" do not shout). */
function shoutedWords(raw: string): Set<string> {
  const shouted = new Set<string>();
  for (const word of raw.split(/[^\p{L}]+/u)) {
    if (word.length >= 3 && word === word.toUpperCase() && word !== word.toLowerCase()) shouted.add(word.toLowerCase());
  }
  return shouted;
}

function emojiScore(raw: string): number {
  let total = 0;
  for (const char of raw) {
    const score = EMOJI.get(char);
    if (score !== undefined) total += score;
  }
  return total;
}

function matchAt(tokens: readonly string[], at: number): { score: number; span: number } {
  for (const [phrase, score] of PHRASES) {
    const words = phrase.split(' ');
    if (words.every((word, offset) => tokens[at + offset] === word)) return { score, span: words.length };
  }
  return { score: wordScore(tokens[at] as string), span: 1 };
}

/**
 * Sentiment of a message: `raw` is what the customer sent (capitals and "!" matter),
 * `tokens` its normalised tokens. 0 when nothing in it carries sentiment.
 */
export function scoreSentiment(raw: string, tokens: readonly string[]): number {
  const shouted = shoutedWords(raw);
  const contrastAt = tokens.findIndex((token) => CONTRASTS.has(token));
  let total = emojiScore(raw);
  for (let i = 0; i < tokens.length; i++) {
    const { score, span } = matchAt(tokens, i);
    if (score === 0) continue;
    let value = score;
    if (isNegated(tokens, i, span)) value = score > 0 ? NEGATED_POSITIVE * score : NEGATED_NEGATIVE * score;
    if (i > 0 && INTENSIFIERS.has(tokens[i - 1] as string)) value *= INTENSIFIER_BOOST;
    if (shouted.has(tokens[i] as string)) value *= CAPS_BOOST;
    if (contrastAt >= 0) value *= i < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST;
    total += value;
    i += span - 1;
  }
  if (total === 0) return 0;
  const exclamations = Math.min(MAX_EXCLAMATIONS, (raw.match(/[!！]/g) ?? []).length);
  total *= 1 + EXCLAMATION_STEP * exclamations;
  // tanh keeps one strong word near ±0.8 and lets several push towards ±1 without passing it.
  return Math.round(Math.tanh(total) * 1000) / 1000;
}
