/**
 * A shared phonetic space for Bengali script, Banglish and English.
 *
 * Customers write the same word as "কোথায়", "kothay", "kothai" or "kotha"; shop owners
 * write examples in whichever they like. Each token therefore also gets a *phonetic key*:
 * Bengali script is romanised the way Bangladeshis type Banglish, then Latin text is
 * folded so that spelling choices which sound alike (th/t, bh/v/b, chh/ch, y/i, doubled
 * letters, a silent final 'o') collapse. Keys are only compared with each other, so the
 * folding may be coarse as long as it is the same on both sides.
 */

const VIRAMA = '\u09CD';
const NUKTA = '\u09BC';

/** Independent vowels, as Banglish writers spell them. */
const INDEPENDENT_VOWELS: Readonly<Record<string, string>> = {
  'অ': 'o', 'আ': 'a', 'ই': 'i', 'ঈ': 'i', 'উ': 'u', 'ঊ': 'u', 'ঋ': 'ri',
  'এ': 'e', 'ঐ': 'oi', 'ও': 'o', 'ঔ': 'ou',
};

/** Consonants (without their inherent vowel). ফ is "f" and য "j" as Bangladeshis say them. */
const CONSONANTS: Readonly<Record<string, string>> = {
  'ক': 'k', 'খ': 'kh', 'গ': 'g', 'ঘ': 'gh', 'ঙ': 'ng',
  'চ': 'ch', 'ছ': 'chh', 'জ': 'j', 'ঝ': 'jh', 'ঞ': 'n',
  'ট': 't', 'ঠ': 'th', 'ড': 'd', 'ঢ': 'dh', 'ণ': 'n',
  'ত': 't', 'থ': 'th', 'দ': 'd', 'ধ': 'dh', 'ন': 'n',
  'প': 'p', 'ফ': 'f', 'ব': 'b', 'ভ': 'bh', 'ম': 'm',
  'য': 'j', 'র': 'r', 'ল': 'l', 'শ': 'sh', 'ষ': 'sh', 'স': 's', 'হ': 'h',
  '\u09DC': 'r', '\u09DD': 'rh', '\u09DF': 'y',
};

/** Dependent vowel signs; they replace the inherent vowel of the consonant before them. */
const VOWEL_SIGNS: Readonly<Record<string, string>> = {
  'া': 'a', 'ি': 'i', 'ী': 'i', 'ু': 'u', 'ূ': 'u', 'ৃ': 'ri',
  'ে': 'e', 'ৈ': 'oi', 'ো': 'o', 'ৌ': 'ou', '\u09D7': '',
};

/** Signs that are sounds of their own but never carry a vowel. */
const OTHER_SIGNS: Readonly<Record<string, string>> = {
  'ৎ': 't', 'ং': 'ng', 'ঃ': '', 'ঁ': '', [NUKTA]: '', [VIRAMA]: '',
};

function isConsonant(char: string | undefined): boolean {
  return char !== undefined && CONSONANTS[char] !== undefined;
}

/**
 * Whether the consonant at `i` is pronounced with its inherent vowel "o". Bengali drops
 * it word-finally and, inside a word, between a vowel and a following consonant+vowel
 * ("লাগবে" is "lagbe", not "lagobe"); it stays at the start of a word or a cluster
 * ("কবে" kobe, "প্রতি" proti) and before a final consonant ("ফেরত" ferot).
 */
function keepsInherentVowel(word: string, i: number): boolean {
  const next = word[i + 1];
  if (next === undefined || next === VIRAMA || VOWEL_SIGNS[next] !== undefined) return false;
  if (next === NUKTA) return keepsInherentVowel(word.slice(0, i + 1) + word.slice(i + 2), i);
  const startsSyllableCluster = i === 0 || word[i - 1] === VIRAMA || !isBengali(word[i - 1]);
  if (startsSyllableCluster) return isConsonant(next) || INDEPENDENT_VOWELS[next] !== undefined || next in OTHER_SIGNS;
  if (INDEPENDENT_VOWELS[next] !== undefined) return true; // "বই" boi
  if (!isConsonant(next)) return next === 'ৎ' || next === 'ং';
  const afterNext = word[i + 2];
  const nextHasVowelSign = afterNext !== undefined && VOWEL_SIGNS[afterNext] !== undefined;
  return !nextHasVowelSign;
}

function isBengali(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  return code >= 0x0980 && code <= 0x09ff;
}

/**
 * Bengali script to Banglish as people type it ("আমার অর্ডার কোথায়" -> "amar ordar kothay").
 * Latin letters pass through, so a mixed token like "kি" becomes "ki".
 */
export function romanizeBengali(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const consonant = CONSONANTS[char];
    if (consonant !== undefined) {
      // After a hasanta, য and ব are "phola" signs: they lengthen or colour the consonant
      // before them (ক্যাশ "kash", বিশ্বাস "bishash") instead of being sounded.
      const isPhola = text[i - 1] === VIRAMA && (char === 'য' || (char === 'ব' && text[i - 2] !== 'ব'));
      out += isPhola ? '' : consonant;
      if (keepsInherentVowel(text, i)) out += 'o';
      continue;
    }
    const sound = VOWEL_SIGNS[char] ?? INDEPENDENT_VOWELS[char] ?? OTHER_SIGNS[char];
    out += sound ?? char;
  }
  return out;
}

const HAS_BENGALI = /[\u0980-\u09FF]/;
const PLAIN_LATIN = /^[a-z0-9]+$/;
const COMBINING_MARKS = /\p{M}/gu;

/**
 * Spelling variants that sound different on paper but are the same Banglish word
 * (regional "ase" for "ache", "nei" for "nai"). Keyed by folded key.
 */
const VARIANT_KEYS: ReadonlyMap<string, string> = new Map([
  ['ase', 'ace'],
  ['asei', 'ace'],
  ['nei', 'nai'],
  ['nay', 'nai'],
]);

/**
 * Folds a Latin word so that Banglish spelling variants collide. Order matters: the
 * digraphs are resolved before single letters are merged.
 */
export function foldLatinPhonetics(word: string): string {
  let key = word
    .replace(/c*ch+/g, '\u0001') // চ / ছ, however many c's and h's
    .replace(/ck/g, 'k')
    .replace(/c/g, 'k') // English c in "cash", "cod" is a k
    .replace(/\u0001/g, 'c')
    .replace(/ph/g, 'f')
    .replace(/sh/g, 's')
    .replace(/([bdgjklmnprtvwz])h/g, '$1') // aspirates: th/dh/bh/kh/gh/jh/rh
    .replace(/x/g, 'ks')
    .replace(/q/g, 'k')
    .replace(/z/g, 'j')
    .replace(/v/g, 'b') // "vai" = "bhai"
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1')
    .replace(/ou/g, 'o')
    .replace(/d?ge$/, 'j'); // "charge" and "চার্জ" end alike
  // A final inherent 'o' is written by some and not others: "koto" / "কত" (kot).
  if (key.length > 2) key = key.replace(/([^aeiou])o$/, '$1');
  return VARIANT_KEYS.get(key) ?? key;
}

/**
 * The phonetic key of one folded token (see foldForCompare). Tokens in other scripts,
 * or with letters we cannot fold, are their own key.
 */
export function phoneticKey(token: string): string {
  let key = KEYS.get(token);
  if (key === undefined) {
    // Customers reuse a shop's few thousand words: remembering their keys saves most of the
    // romanising and folding. Bounded, so odd input cannot grow it without end.
    if (KEYS.size >= MAX_REMEMBERED_KEYS) KEYS.clear();
    key = computePhoneticKey(token);
    KEYS.set(token, key);
  }
  return key;
}

const KEYS = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 50_000;

function computePhoneticKey(token: string): string {
  let latin = HAS_BENGALI.test(token) ? romanizeBengali(token) : token;
  if (!PLAIN_LATIN.test(latin)) {
    latin = latin.normalize('NFD').replace(COMBINING_MARKS, '');
    if (!PLAIN_LATIN.test(latin)) return token;
  }
  if (/^\d+$/.test(latin)) return latin;
  return foldLatinPhonetics(latin);
}
