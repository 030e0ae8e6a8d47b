import type { Locale } from '../../domain/locale';
import { detectScript, type Script } from '../../domain/text';
import { phoneticKey } from './banglish';

/**
 * Which language to answer in. Bengali script is Bengali. Latin script is either English
 * or Banglish (Bengali typed in Latin letters), told apart by function words: Banglish
 * sentences are full of "ami", "kothay", "lagbe", "ache"; English ones of "the", "is",
 * "my". Nouns are no help: "delivery", "order", "bkash" are used in both.
 */

export interface LanguageGuess {
  locale: Locale;
  script: Script;
  /** 0..1: how sure we are of `locale`. */
  confidence: number;
}

/** Common Banglish words; a weight below 1 marks words that also occur in English chat. */
const BANGLISH_MARKERS: ReadonlyMap<string, number> = new Map<string, number>([
  // pronouns
  ...['ami', 'amar', 'amake', 'amra', 'amader', 'amio', 'apni', 'apnar', 'apnake', 'apnader', 'apnara',
    'apnio', 'tumi', 'tomar', 'tomake'].map((word): [string, number] => [word, 1]),
  // questions
  ...['ki', 'keno', 'kothay', 'kothai', 'koi', 'kobe', 'kokhon', 'koto', 'koyta', 'koyto', 'kivabe',
    'kibhabe', 'kemne', 'kemon', 'kamon', 'naki'].map((word): [string, number] => [word, 1]),
  // to be / to have / negation
  ...['ache', 'achhe', 'acche', 'ase', 'asey', 'nai', 'nei', 'noy', 'hobe', 'hoy', 'hoi', 'hoise',
    'hoyeche', 'hocche', 'hoche', 'hoye', 'hole', 'hoile', 'thakbe', 'thake'].map((word): [string, number] => [word, 1]),
  // to do / want / need / give / take / go / get / send / say / know
  ...['kora', 'kore', 'korbo', 'korben', 'korte', 'korsi', 'korchi', 'korechi', 'korun', 'koren',
    'chai', 'chacchi', 'lagbe', 'lage', 'laglo', 'dorkar', 'dite', 'diben', 'deben', 'dao', 'dibo',
    'nibo', 'nite', 'niben', 'jabe', 'jaabe', 'jabo', 'jete', 'asbe', 'ashbe', 'pabo', 'paben',
    'paoa', 'pawa', 'paini', 'pathan', 'pathaben', 'pathiye', 'pathano', 'bolun', 'bolen',
    'bolben', 'janaben', 'janan', 'jante', 'janben', 'pari', 'parbo', 'parben', 'ferot', 'dekhte',
    'dekhi', 'kinbo', 'kinte'].map((word): [string, number] => [word, 1]),
  // money, people, time, quantity, connectives, courtesy
  ...['taka', 'daam', 'bhai', 'vai', 'vaia', 'bhaiya', 'apu', 'ekhon', 'ekhono', 'ajke', 'aaj',
    'kalke', 'onek', 'khub', 'ekdom', 'ektu', 'shob', 'kichu', 'keu', 'abar', 'ebong', 'kintu',
    'tahole', 'jodi', 'tobe', 'theke', 'porjonto', 'moddhe', 'jonno', 'jnno', 'sathe', 'shathe',
    'ekta', 'ekti', 'dhonnobad', 'dhonyobad', 'thik', 'accha', 'acha', 'valo', 'bhalo', 'kharap',
    'baje', 'faltu', 'dokan', 'thikana'].map((word): [string, number] => [word, 1]),
  // short or shared with English: counted, but less
  ...['e', 'o', 'na', 'ar', 'er', 'ta', 'jay', 'sob', 'den', 'din', 'pai', 'dam'].map(
    (word): [string, number] => [word, 0.5],
  ),
]);

/** Markers recognised by sound too ("kothae", "dhonnobaad"); short ones collide with English. */
const BANGLISH_MARKER_KEYS: ReadonlySet<string> = new Set(
  [...BANGLISH_MARKERS.keys()].filter((word) => word.length >= 4).map(phoneticKey),
);

const ENGLISH_MARKERS: ReadonlySet<string> = new Set([
  'the', 'is', 'are', 'was', 'were', 'what', 'where', 'when', 'how', 'why', 'which', 'who', 'my',
  'your', 'you', 'i', 'me', 'we', 'our', 'can', 'could', 'do', 'does', 'did', 'will', 'would',
  'should', 'please', 'want', 'need', 'have', 'has', 'of', 'for', 'to', 'in', 'on', 'at', 'with',
  'and', 'or', 'not', 'this', 'that', 'it', 'there', 'get', 'much', 'many', 'any', 'be', 'am',
  'an', 'a', 'thanks', 'thank', 'yes', 'send', 'tell', 'know', 'still', 'yet', 'about', 'from',
  'if', 'than', 'then', 'hello', 'good',
]);

/** Banglish evidence counts a little more: English words are common in Banglish, not vice versa. */
const BANGLISH_BIAS = 1.2;
/** A Latin message this short without evidence either way ("ok", "bkash") keeps the conversation's language. */
const SHORT_MESSAGE_TOKENS = 3;

function banglishWeight(token: string): number {
  const weight = BANGLISH_MARKERS.get(token);
  if (weight !== undefined) return weight;
  if (token.length >= 4 && !ENGLISH_MARKERS.has(token) && BANGLISH_MARKER_KEYS.has(phoneticKey(token))) return 1;
  return 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * The language of one message. `text` is the raw message (for the script), `tokens` its
 * normalised tokens; `previousLocale` is used when the message itself does not tell.
 */
export function detectLanguage(text: string, tokens: readonly string[], previousLocale?: Locale): LanguageGuess {
  const script = detectScript(text);
  const fallback: Locale = previousLocale ?? 'en';
  if (script === 'bengali') return { locale: 'bn', script, confidence: 0.95 };
  if (script === 'none') return { locale: fallback, script, confidence: previousLocale ? 0.5 : 0.3 };
  // Arabic, Devanagari, Chinese...: we cannot answer in them, so keep the conversation going as it was.
  if (script === 'other') return { locale: fallback, script, confidence: 0.2 };

  let banglish = 0;
  let english = 0;
  for (const token of tokens) {
    const weight = banglishWeight(token);
    if (weight > 0) banglish += weight;
    else if (ENGLISH_MARKERS.has(token)) english += 1;
  }
  const evidence = banglish + english;
  if (evidence === 0) {
    // An English sentence of any length nearly always has a function word ("the", "my", "is");
    // a Latin message with none is as likely Banglish ("product vanga aseche"), so the
    // conversation's language stands.
    return { locale: fallback, script, confidence: previousLocale ? 0.45 : 0.35 };
  }
  const locale: Locale = banglish > 0 && banglish * BANGLISH_BIAS >= english ? 'bn' : 'en';
  const winner = locale === 'bn' ? banglish : english;
  // Sure when one side dominates *and* there are a few markers; unsure on a single "e".
  const dominance = Math.max(0, (2 * winner - evidence) / evidence);
  const amount = Math.min(1, evidence / 3);
  const confidence = clamp(0.5 + 0.45 * dominance * Math.sqrt(amount), 0.5, 0.95);
  return { locale, script, confidence: Math.round(confidence * 1000) / 1000 };
}
