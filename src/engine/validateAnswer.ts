import type { Locale } from '../domain/locale';
import type { ValidationInput } from '../flowfiles/schema';
import { parseNumber, toAsciiDigits } from '../domain/text';
import { pickOption } from './pickOption';
import { localize } from '../conversation/localize';

/** `sharedPhone`: the number on the contact card the customer shared with WhatsApp's button. */
export type Answer = { text: string } | { choiceId: string } | { sharedPhone: string };
export type Verdict = { ok: true; value: string | number } | { ok: false };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
// Bangladeshi mobile numbers (01XXXXXXXXX, optionally +880 / 880) and other international numbers.
const PHONE = /^\+?\d{8,15}$/;
// Only digits with the separators people type between groups of them.
const DIGIT_GROUPS = /^\+?[\d\s().-]+$/;

/** Checks a customer's answer to an `ask` step and returns the value to save. */
export function validateAnswer(rule: ValidationInput | undefined, answer: Answer, locale: Locale): Verdict {
  if ('sharedPhone' in answer) return rule && 'phone' in rule ? { ok: true, value: answer.sharedPhone } : { ok: false };
  if (rule && 'choice' in rule) return matchChoice(rule.choice, answer);
  if (!('text' in answer)) return { ok: false };
  // Customers type Bengali digits, stray spaces and trailing punctuation: judge what they meant.
  const text = toAsciiDigits(answer.text.normalize('NFKC')).trim().replace(/[.!?।]+$/u, '').trim();
  if (text === '') return { ok: false };
  if (!rule) return { ok: true, value: text };
  if ('pattern' in rule) {
    const compact = text.replace(/^#/, '');
    const pattern = new RegExp(rule.pattern, rule.flags);
    if (pattern.test(compact)) return { ok: true, value: compact };
    // Digits typed in groups ("01712-345678", "+880 1712 345678", "204 518") are one value:
    // judge them joined, never as separate words.
    if (DIGIT_GROUPS.test(compact)) {
      const joined = compact.replace(/[\s().-]/g, '');
      return pattern.test(joined) ? { ok: true, value: joined } : { ok: false };
    }
    // "my order is 204518" / "অর্ডার নম্বর ২০৪৫১৮": try each word on its own.
    const word = compact.split(/[\s,;:]+/).find((w) => pattern.test(w.replace(/^#/, '')));
    return word ? { ok: true, value: word.replace(/^#/, '') } : { ok: false };
  }
  if ('number' in rule) {
    const n = parseNumber(text) ?? parseNumber(text.split(/\s+/).find((w) => parseNumber(w) !== null) ?? '');
    if (n === null) return { ok: false };
    const { min, max, integer } = rule.number;
    if ((integer && !Number.isInteger(n)) || (min !== undefined && n < min) || (max !== undefined && n > max)) return { ok: false };
    return { ok: true, value: n };
  }
  if ('text' in rule) {
    const { minLength = 1, maxLength = 1000 } = rule.text;
    return text.length >= minLength && text.length <= maxLength ? { ok: true, value: text } : { ok: false };
  }
  if ('email' in rule) return EMAIL.test(text) ? { ok: true, value: text.toLowerCase() } : { ok: false };
  if ('phone' in rule) {
    const digits = text.replace(/[\s().-]/g, '');
    return PHONE.test(digits) ? { ok: true, value: digits } : { ok: false };
  }
  return { ok: false };
}

type Choice = Extract<ValidationInput, { choice: unknown }>['choice'][number];

/** What a customer may call a choice: its title in either language (whichever they write in) and its synonyms. */
export function choiceNames(choice: Choice): string[] {
  return [localize(choice.title, 'en'), localize(choice.title, 'bn'), ...(choice.synonyms ?? [])];
}

function matchChoice(choices: Choice[], answer: { text: string } | { choiceId: string }): Verdict {
  if ('choiceId' in answer) {
    const hit = choices.find((c) => c.id === answer.choiceId);
    return hit ? { ok: true, value: hit.id } : { ok: false };
  }
  const hit = pickOption(answer.text, choices, (c) => [c.id, ...choiceNames(c)]);
  return hit ? { ok: true, value: hit.id } : { ok: false };
}
