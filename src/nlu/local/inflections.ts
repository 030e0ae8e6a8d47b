import { foldForCompare } from '../../domain/text';

/**
 * Light suffix stripping. Bengali glues case endings and classifiers onto nouns
 * ("অর্ডারটা", "বিকাশে", "ডেলিভারির"), and Banglish writers do the same to English words
 * ("orderta", "bkashe", "deliveryr"). We never replace a word by its stem: stems are
 * extra, slightly weaker ways for a query word to meet an example word.
 */

// Every ending that fits gives a stem (the caller only keeps stems it has indexed). The
// bare vowel endings cover verb forms: খোলা / খোলে / খোলো all give খোল.
// Folded like messages are (one code point for য়), whatever this file's encoding.
const BENGALI_SUFFIXES = [
  'গুলো', 'গুলি', 'গুলা', 'খানা', 'টার', 'টির', 'দের', 'টা', 'টি', 'টো', 'এর', 'ের', 'কে', 'তে', 'র', 'ে', 'া', 'ো', 'য়',
].map(foldForCompare);
const LATIN_SUFFIXES = ['gulo', 'guli', 'gula', 'tar', 'tir', 'der', 'ta', 'ti', 'er', 'ke', 'te', 'es', 'r', 'e', 'a', 'o', 's'];

/** Minimum length left after stripping, so "টাকা" does not lose its "কা"-like tail. */
const MIN_STEM_LENGTH = 3;

const HAS_BENGALI = /[\u0980-\u09FF]/;

/** Stems of `token` (possibly none), each shorter than the token. */
export function inflectionStems(token: string): string[] {
  const suffixes = HAS_BENGALI.test(token) ? BENGALI_SUFFIXES : LATIN_SUFFIXES;
  const stems: string[] = [];
  for (const suffix of suffixes) {
    if (token.length - suffix.length < MIN_STEM_LENGTH || !token.endsWith(suffix)) continue;
    const stem = token.slice(0, token.length - suffix.length);
    if (!stems.includes(stem)) stems.push(stem);
  }
  return stems;
}
