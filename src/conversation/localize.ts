import { DEFAULT_LOCALE, type Locale } from '../domain/locale';
import type { LocalizedTextInput } from '../flowfiles/schema';

/** Picks the customer's language, falling back to English, then to whatever the text has. */
export function localize(text: LocalizedTextInput, locale: Locale): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text[DEFAULT_LOCALE] ?? text.bn ?? '';
}
