import { foldForCompare, parseNumber } from '../domain/text';

/**
 * Which offered option a typed answer means: its number in the list ("2", "২") — the way
 * numbered menus are answered on whatsapp-web — or one of its names, compared folded.
 */
export function pickOption<T>(answer: string, options: readonly T[], names: (option: T) => (string | undefined)[]): T | undefined {
  const folded = foldForCompare(answer);
  const n = parseNumber(folded);
  if (n !== null && Number.isInteger(n) && n >= 1 && n <= options.length && /^\S+$/.test(folded)) return options[n - 1];
  return options.find((option) => names(option).some((name) => name !== undefined && foldForCompare(name) === folded));
}

/**
 * The one option a message names, anywhere in it, by whole words: "delivery charge outside
 * Dhaka?" names "Outside Dhaka". A name inside a longer one that was found does not count ("dhaka"
 * in "outside dhaka"); two options named, or none, is no answer.
 */
export function mentionedOption<T>(text: string, options: readonly T[], names: (option: T) => (string | undefined)[]): T | undefined {
  const words = ` ${foldForCompare(text)} `;
  const found: { start: number; end: number; option: T }[] = [];
  for (const option of options) {
    for (const name of names(option)) {
      const key = name === undefined ? '' : foldForCompare(name);
      if (key === '') continue;
      for (let at = words.indexOf(` ${key} `); at >= 0; at = words.indexOf(` ${key} `, at + 1)) found.push({ start: at, end: at + key.length + 1, option });
    }
  }
  const longest = found.filter((f) => !found.some((g) => g.end - g.start > f.end - f.start && g.start <= f.start && g.end >= f.end));
  const named = new Set(longest.map((f) => f.option));
  return named.size === 1 ? longest[0]?.option : undefined;
}
