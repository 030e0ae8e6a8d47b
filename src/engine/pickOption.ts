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
