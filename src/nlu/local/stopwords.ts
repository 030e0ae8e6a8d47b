import { foldForCompare } from '../../domain/text';
import { phoneticKey } from './banglish';

/**
 * Function words that say little about what a customer wants. IDF already discounts
 * words that appear in many intents, but a shop with a dozen intents has too few to
 * learn that "the" or "আমার" is noise, so these get a fixed discount on top.
 */
export const STOPWORD_WEIGHT = 0.2;

const ENGLISH = [
  'a', 'an', 'the', 'is', 'are', 'am', 'was', 'were', 'be', 'been', 'i', 'me', 'my', 'mine',
  'you', 'your', 'yours', 'we', 'our', 'us', 'it', 'its', 'this', 'that', 'these', 'those',
  'to', 'of', 'for', 'in', 'on', 'at', 'by', 'with', 'from', 'and', 'or', 'so', 'do', 'does',
  'did', 'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'please', 'pls', 'there',
  'here', 'some', 'any', 'just', 'also', 'about', 'sir', 'madam', 'maam', 'dear', 'ok', 'okay',
  // verbs every request is wrapped in ("I want to...", "can you tell me..."), not the request itself
  'want', 'need', 'get', 'got', 'know', 'tell', 'like', 'have', 'has', 'had', 'let', 'help',
];

const BENGALI = [
  'আমি', 'আমার', 'আমাকে', 'আমরা', 'আমাদের', 'আপনি', 'আপনার', 'আপনাকে', 'আপনাদের', 'তুমি', 'তোমার',
  'কি', 'কী', 'এ', 'এর', 'এই', 'ওই', 'সেই', 'টা', 'টি', 'আর', 'ও', 'তো', 'যে', 'কে', 'একটা', 'একটি',
  'হয়', 'করে', 'দয়া', 'ভাই', 'আপু', 'স্যার', 'জি', 'জ্বি', 'একটু',
];

const BANGLISH = [
  'ami', 'amar', 'amake', 'amra', 'amader', 'apni', 'apnar', 'apnake', 'apnader', 'tumi', 'tomar',
  'ki', 'ei', 'oi', 'ta', 'ti', 'e', 'er', 'ar', 'o', 'je', 'ke', 'ekta', 'ekti', 'hoy', 'kore',
  'doya', 'bhai', 'vai', 'vaia', 'bhaiya', 'apu', 'ji', 'jee', 'ektu',
];

// Folded like messages are, so that how this file happens to encode য় does not matter.
const SURFACE = new Set<string>([...ENGLISH, ...BENGALI, ...BANGLISH].map(foldForCompare));
// Bengali-script and Banglish stopwords are also recognised by sound ("kি", "amr"-like
// variants of the same word); English ones are not, because English keys collide too
// easily with content words.
const PHONETIC = new Set<string>([...BENGALI, ...BANGLISH].map((word) => phoneticKey(foldForCompare(word))));

/** Whether a folded token (and its phonetic key, when known) is a function word. */
export function isStopword(token: string, key: string = phoneticKey(token)): boolean {
  return SURFACE.has(token) || PHONETIC.has(key);
}
