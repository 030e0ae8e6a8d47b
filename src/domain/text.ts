/**
 * Text helpers shared by the engine and the NLU. Kept free of imports on purpose: the
 * domain layer must not depend on adapters, and these run on every inbound message.
 */

/** Writing system of a message, by its dominant letters. Mirrors `Script` in nlu/port.ts. */
export type Script = 'bengali' | 'latin' | 'other' | 'none';

/**
 * Digit blocks customers actually type on Bangladeshi phones: Bengali keyboards emit
 * U+09E6.., some Android keyboards Devanagari or Arabic-Indic, and a few full-width.
 */
const DIGIT_ZEROS = [0x09e6, 0x0966, 0x0660, 0x06f0, 0xff10];
const NON_ASCII_DIGIT = /[\u09E6-\u09EF\u0966-\u096F\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/g;

export function toAsciiDigits(s: string): string {
  return s.replace(NON_ASCII_DIGIT, (digit) => {
    const code = digit.charCodeAt(0);
    for (const zero of DIGIT_ZEROS) {
      if (code >= zero && code <= zero + 9) return String(code - zero);
    }
    return digit;
  });
}

/**
 * Western (12,500 / 1,234,567) and South-Asian (1,25,000) digit grouping: the last group
 * has three digits, the ones before it two or three. Anything else ("1,2") is not a number.
 */
const NUMBER_PATTERN = /^[+-]?(?:\d+|\d{1,3}(?:,\d{2,3})*,\d{3})(?:\.\d+)?$/;

/** A number written by a customer ("১২৩", "12,500", " 42 ", "৪২.৫"), or null when it is not one. */
export function parseNumber(s: string): number | null {
  const text = toAsciiDigits(s.normalize('NFKC'))
    .replace(/\u066B/g, '.') // Arabic decimal separator
    .replace(/\u066C/g, ',') // Arabic thousands separator
    .trim();
  if (!NUMBER_PATTERN.test(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

// Zero-width characters that change nothing visible: ZWSP, ZWNJ, ZWJ, word joiner, BOM,
// soft hyphen. Bengali keyboards insert ZWJ/ZWNJ inconsistently inside conjuncts.
const INVISIBLES = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Emoji presentation selectors and the keycap combiner are marks, so the punctuation
// pass below would keep them; drop them explicitly.
const EMOJI_MARKS = /[\uFE00-\uFE0F\u20E3]/g;
const APOSTROPHES = /['\u2018\u2019\u02BC`]/g;
const NOT_WORD = /[^\p{L}\p{M}\p{N}\s]+/gu;
// NFC/NFKC *decompose* the Bengali nukta letters (they are composition exclusions), so
// after normalisation both spellings are base + nukta; we recompose them to one code
// point so that each visible letter is one unit for edit distance and romanisation.
const NUKTA_LETTERS: ReadonlyArray<[RegExp, string]> = [
  [/\u09AF\u09BC/g, '\u09DF'], // ya with nukta
  [/\u09A1\u09BC/g, '\u09DC'], // dda with nukta (rra)
  [/\u09A2\u09BC/g, '\u09DD'], // ddha with nukta (rha)
];
// Old keyboards write khanda-ta as ত + hasanta + ZWJ; Unicode has ৎ for it.
const LEGACY_KHANDA_TA = /\u09A4\u09CD\u200D/g;

/**
 * A comparison key for free text: same letters => same key, whatever the keyboard,
 * case, punctuation, emoji, digit script or Bengali encoding variant.
 */
export function foldForCompare(s: string): string {
  let text = s.normalize('NFKC').replace(LEGACY_KHANDA_TA, '\u09CE').replace(INVISIBLES, '');
  for (const [pattern, letter] of NUKTA_LETTERS) text = text.replace(pattern, letter);
  return toAsciiDigits(text)
    .toLowerCase()
    .replace(EMOJI_MARKS, '')
    .replace(APOSTROPHES, '')
    .replace(NOT_WORD, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;
// Enough letters to decide; keeps a 10,000-character message cheap.
const SCRIPT_SAMPLE_CHARS = 2000;

function isBengaliLetter(code: number): boolean {
  return (
    (code >= 0x0985 && code <= 0x09b9) || // vowels and consonants
    code === 0x09ce || // khanda-ta
    (code >= 0x09dc && code <= 0x09e1) || // nukta letters, vocalic rr/ll
    code === 0x09f0 ||
    code === 0x09f1
  );
}

/**
 * The script most of the message's letters are written in. Digits, punctuation and
 * emoji carry no script, so a message of only those is 'none'. Ties favour Bengali, then
 * Latin: a half-Bengali message is read by a Bengali-speaking customer.
 */
export function detectScript(s: string): Script {
  let bengali = 0;
  let latin = 0;
  let other = 0;
  const end = Math.min(s.length, SCRIPT_SAMPLE_CHARS);
  for (let i = 0; i < end; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) {
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
      continue;
    }
    if (code >= 0x0980 && code <= 0x09ff) {
      if (isBengaliLetter(code)) bengali++;
      continue;
    }
    // Astral characters (emoji, rare CJK) need the whole code point.
    const char = String.fromCodePoint(s.codePointAt(i) ?? code);
    if (char.length === 2) i++;
    if (!LETTER.test(char)) continue;
    if (LATIN.test(char)) latin++;
    else other++;
  }
  if (bengali + latin + other === 0) return 'none';
  if (bengali >= latin && bengali >= other) return 'bengali';
  if (latin >= other) return 'latin';
  return 'other';
}
