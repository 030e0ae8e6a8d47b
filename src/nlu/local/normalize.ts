import { foldForCompare, parseNumber, toAsciiDigits } from '../../domain/text';

/**
 * Turns a raw chat message into the tokens the matcher compares: folded text (see
 * foldForCompare), split where scripts or digits meet, chat shorthand spelled out, and
 * capped so that a pasted essay costs no more than a normal message.
 */

export interface NormalizeLimits {
  /** Characters of the message looked at; the rest is ignored. */
  maxChars: number;
  /** Tokens kept, in order of appearance. */
  maxTokens: number;
}

export const DEFAULT_LIMITS: NormalizeLimits = { maxChars: 1000, maxTokens: 48 };

export interface NormalizedMessage {
  tokens: string[];
  /** Numbers the customer wrote, in any digit script ("১২৩" -> 123, "12,500" -> 12500). */
  numbers: number[];
}

/**
 * Chat shorthand and spelling habits, to the word the examples would use. Kept short:
 * every entry here is a guess about what the customer meant.
 */
const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['pls', 'please'], ['plz', 'please'], ['plss', 'please'], ['pleas', 'please'],
  ['u', 'you'], ['ur', 'your'], ['thx', 'thanks'], ['thnx', 'thanks'], ['thanx', 'thanks'],
  ['tnx', 'thanks'], ['tnq', 'thank you'], ['thanku', 'thank you'], ['thankyou', 'thank you'],
  ['ty', 'thank you'], ['msg', 'message'], ['wht', 'what'], ['hw', 'how'], ['abt', 'about'],
  ['tk', 'taka'], ['pic', 'picture'], ['pics', 'pictures'], ['cod', 'cash on delivery'],
]);

// The taka sign is a symbol and would be stripped with the punctuation; it means "taka".
const TAKA_SIGN = /\u09F3/g;
// Where a letter meets a digit ("500tk", "১২৩টাকা") or a Bengali letter meets a Latin
// one ("orderটা"), a Banglish writer meant two words. Bengali vowel signs after a Latin
// letter ("kি") are a typing slip inside one word, so only letters start a new token.
const LETTER_DIGIT_BOUNDARY = /(\p{L}\p{M}*)(?=\p{N})|(\p{N})(?=\p{L})/gu;
const BENGALI_LATIN_BOUNDARY = /([\u0980-\u09FF])(?=[a-z])|([a-z])(?=[\u0985-\u09B9\u09CE\u09DC-\u09E1])/g;
const NUMBER_CANDIDATE = /\d[\d,]*(?:\.\d+)?/g;

function cutAt(raw: string, maxChars: number): string {
  if (raw.length <= maxChars) return raw;
  // Do not leave half of a surrogate pair (an emoji) at the end.
  const code = raw.charCodeAt(maxChars - 1);
  return raw.slice(0, code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars);
}

export function extractNumbers(text: string): number[] {
  const numbers: number[] = [];
  for (const match of toAsciiDigits(text.normalize('NFKC')).matchAll(NUMBER_CANDIDATE)) {
    const value = parseNumber(match[0].replace(/,+$/, ''));
    if (value !== null) numbers.push(value);
  }
  return numbers;
}

export function tokenize(raw: string, maxTokens: number): string[] {
  const folded = foldForCompare(raw.replace(TAKA_SIGN, ' taka '))
    .replace(LETTER_DIGIT_BOUNDARY, '$1$2 ')
    .replace(BENGALI_LATIN_BOUNDARY, '$1$2 ');
  const tokens: string[] = [];
  for (const word of folded.split(' ')) {
    if (word === '') continue;
    const expanded = SHORTHAND.get(word);
    for (const token of expanded ? expanded.split(' ') : [word]) {
      tokens.push(token);
      if (tokens.length >= maxTokens) return tokens;
    }
  }
  return tokens;
}

/** The tokens of the part of a text the NLU reads (the first maxChars characters, at most maxTokens tokens). */
export function tokensWithin(text: string, limits: NormalizeLimits): string[] {
  return tokenize(text.slice(0, limits.maxChars), limits.maxTokens);
}

export function normalizeMessage(raw: string, limits: NormalizeLimits = DEFAULT_LIMITS): NormalizedMessage {
  const text = cutAt(raw, limits.maxChars);
  return { tokens: tokenize(text, limits.maxTokens), numbers: extractNumbers(text) };
}

/** The part of a message the NLU reads (see NormalizeLimits.maxChars). */
export function visiblePart(raw: string, maxChars: number = DEFAULT_LIMITS.maxChars): string {
  return cutAt(raw, maxChars);
}
