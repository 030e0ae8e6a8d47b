import { foldForCompare } from '../../domain/text';

/**
 * Words that stand for a whole class. A colour the examples never named ("in blue" when they
 * say "in red") still meets them through the class, like a stem: a weaker, extra way for a
 * query word to meet an example word, never a replacement for the word itself.
 */
const COLOUR_CLASS = '#colour';
const COLOURS: ReadonlySet<string> = new Set([
  'red', 'blue', 'green', 'black', 'white', 'yellow', 'pink', 'purple', 'orange', 'brown', 'grey', 'gray',
  'maroon', 'navy', 'golden', 'gold', 'silver', 'cream', 'beige', 'violet', 'olive', 'offwhite',
  // Banglish
  'lal', 'nil', 'neel', 'sobuj', 'kalo', 'sada', 'holud', 'golapi', 'beguni', 'komola', 'badami', 'akashi', 'shonali', 'rupali',
  ...['লাল', 'নীল', 'সবুজ', 'কালো', 'সাদা', 'হলুদ', 'গোলাপি', 'বেগুনি', 'কমলা', 'বাদামি', 'ছাই', 'মেরুন', 'সোনালি', 'রুপালি', 'আকাশি', 'খয়েরি'].map(foldForCompare),
]);

/** The classes a (folded) word belongs to, as index terms. */
export function wordClasses(word: string): string[] {
  return COLOURS.has(word) ? [COLOUR_CLASS] : [];
}
