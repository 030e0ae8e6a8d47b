import { foldForCompare, toAsciiDigits } from './text';
import type { InboundContent, InboundMessage } from './message';
import { isChannelUpdate, type ChannelUpdate } from './delivery';
import * as words from './secretWords';

/**
 * Secrets customers type by mistake, that a shop must never keep: a one-time code, a
 * mobile-banking PIN (bKash, Nagad, Rocket), a card number, a password. They are replaced by
 * a mark before a message is queued, stored, logged or shown (docs/PRIVACY.md). Numbers a shop
 * needs stay: order and tracking numbers, phone numbers, prices, dates.
 */
export type SecretKind = 'code' | 'pin' | 'card' | 'cvv' | 'password';

export const SECRET_MARKS: Record<SecretKind, string> = {
  code: '[one-time code hidden]',
  pin: '[PIN hidden]',
  card: '[card number hidden]',
  cvv: '[card security code hidden]',
  password: '[password hidden]',
};

export interface MaskedText {
  text: string;
  /** The kinds masked, each once, in the order first met. */
  found: SecretKind[];
}

const fold = (list: string[]) => new Set(list.map(foldForCompare));
const CODE_WORDS = fold(words.CODE_WORDS);
const PIN_WORDS = fold(words.PIN_WORDS);
const CVV_WORDS = fold(words.CVV_WORDS);
const CARD_CODE_QUALIFIERS = fold(words.CARD_CODE_QUALIFIERS);
const QUALIFIERS = fold(words.NOT_SECRET_QUALIFIERS);
const NOT_SECRET = fold(words.NOT_SECRET_CONTEXT);
const REFERENCES = fold(words.REFERENCE_WORDS);
const FILLERS = fold(words.FILLERS);
const PASSWORD_WORDS = fold(words.PASSWORD_WORDS);
const PASSWORD_LINKS = fold(words.PASSWORD_LINKS);
const NOT_A_PASSWORD = fold(words.NOT_A_PASSWORD);

// Cheap first look: most messages have neither a digit nor a word like "password".
const WORTH_A_LOOK = /\p{Nd}|pass|pwd|পাস/iu;
// 13 to 19 digits, single spaces or dashes between groups (4111 1111 1111 1111).
const CARD_CANDIDATE = /(?<![\p{Nd}\p{L}])\p{Nd}(?:[ -]?\p{Nd}){12,18}(?![\p{Nd}\p{L}])/gu;
// Words (Bengali conjuncts keep their joiners), digit runs, sentence ends, other marks.
const TOKEN = /\p{Nd}+|[\p{L}\p{M}\u200C\u200D]+|[.!?।\n]|\S/gu;
const SENTENCE_END = /^[.!?।\n]$/;
// Next to a digit, these make a number part of a date, a price, an amount or a reference.
const JOINERS = '/.,:-';
const PREFIXES = '#৳$+';
// How many digits each secret has, in all (a code typed in groups, "482 913", counts them all).
const DIGITS: Record<'code' | 'pin' | 'cvv', { min: number; max: number }> = { code: { min: 4, max: 8 }, pin: { min: 4, max: 6 }, cvv: { min: 3, max: 4 } };
// A code typed in groups: groups of at most this many digits, one space between them.
const GROUP_DIGITS_MAX = 4;
const MAX_OTHER_WORDS = 2;
const MAX_STEPS = 8;

interface Token {
  text: string;
  folded: string;
  start: number;
  end: number;
  type: 'number' | 'word' | 'end' | 'mark';
}

interface Span {
  start: number;
  end: number;
  kind: SecretKind;
}

export function maskSecrets(text: string): MaskedText {
  if (!text || !WORTH_A_LOOK.test(text)) return { text, found: [] };
  const tokens = tokenize(text);
  const spans: Span[] = [...cardSpans(text, tokens), ...numberSpans(text, tokens), ...passwordSpans(text, tokens)];
  if (spans.length === 0) return { text, found: [] };
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const found: SecretKind[] = [];
  for (const span of spans) {
    if (span.start < at) continue; // overlaps one already masked
    out += text.slice(at, span.start) + SECRET_MARKS[span.kind];
    at = span.end;
    if (!found.includes(span.kind)) found.push(span.kind);
  }
  return { text: out + text.slice(at), found };
}

/** The message with every text a customer typed masked; `secrets` lists what was (also by an earlier pass). */
export function maskInboundMessage(message: InboundMessage): InboundMessage {
  const { content, found } = maskContent(message.content);
  const secrets = [...new Set([...(message.secrets ?? []), ...found])];
  return secrets.length === 0 ? message : { ...message, content, secrets };
}

/** A job of the queue's `inbound` topic: a customer message, or a channel's update (an edit's new text is the customer's too). */
export function maskInboundJob<T extends InboundMessage | ChannelUpdate>(job: T): T {
  if (!isChannelUpdate(job)) return maskInboundMessage(job) as T;
  return job.update === 'edit' ? { ...job, text: maskSecrets(job.text).text } : job;
}

function maskContent(content: InboundContent): { content: InboundContent; found: SecretKind[] } {
  switch (content.type) {
    case 'text': {
      const { text, found } = maskSecrets(content.text);
      return { content: { ...content, text }, found };
    }
    case 'media': {
      if (!content.media.caption) return { content, found: [] };
      const { text, found } = maskSecrets(content.media.caption);
      return { content: { ...content, media: { ...content.media, caption: text } }, found };
    }
    case 'order': {
      if (!content.note) return { content, found: [] };
      const { text, found } = maskSecrets(content.note);
      return { content: { ...content, note: text }, found };
    }
    case 'edit': {
      // A WhatsApp edit carries the message's new words (or caption): the customer's too.
      const masked = maskContent(content.content);
      return { content: { ...content, content: masked.content }, found: masked.found };
    }
    default:
      return { content, found: [] };
  }
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => {
    const value = m[0];
    const type = /^\p{Nd}/u.test(value) ? 'number' : /^[\p{L}\p{M}]/u.test(value) ? 'word' : SENTENCE_END.test(value) ? 'end' : 'mark';
    return { text: value, folded: type === 'word' ? foldForCompare(value) : value, start: m.index!, end: m.index! + value.length, type };
  });
}

/** A card number: 13-19 digits starting like a card does (2-6: Mastercard, Amex, Visa, Discover...) and passing Luhn. */
function cardSpans(text: string, tokens: Token[]): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(CARD_CANDIDATE)) {
    const digits = toAsciiDigits(m[0]).replace(/\D/g, '');
    if (digits.length < 13 || !/^[2-6]/.test(digits) || !luhnValid(digits)) continue;
    const first = tokens.findIndex((t) => t.start === m.index);
    if (first >= 0 && context(tokens, first, -1, REFERENCES) === 'keep') continue; // "tracking 4111..."
    spans.push({ start: m.index!, end: m.index! + m[0].length, kind: 'card' });
  }
  return spans;
}

/** https://en.wikipedia.org/wiki/Luhn_algorithm */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A number next to "OTP", "code", "PIN", "CVV", "কোড", "পিন"..., on its own (not in a date or a
 * price), with as many digits as that secret has. A code read out from an SMS in groups ("482
 * 913", "4 8 2 9 1 3") is one number.
 */
function numberSpans(text: string, tokens: Token[]): Span[] {
  const spans: Span[] = [];
  for (const { first, last, digits } of numberGroups(text, tokens)) {
    const span = { start: tokens[first].start, end: tokens[last].end };
    if (digits < DIGITS.cvv.min || digits > DIGITS.code.max || !standsAlone(text, span)) continue;
    const verdict = context(tokens, first, -1, NOT_SECRET) ?? context(tokens, last, 1, NOT_SECRET);
    if (!verdict || verdict === 'keep') continue;
    // "your security code is 482913": a bank's one-time code, not the back of a card; masked all the same.
    const kind = verdict === 'cvv' && digits > DIGITS.cvv.max ? 'code' : verdict;
    if (digits >= DIGITS[kind].min && digits <= DIGITS[kind].max) spans.push({ ...span, kind });
  }
  return spans;
}

/**
 * Runs of numbers with one space between them, each run one candidate: a code read out
 * in short groups counts all its digits; a run with a longer part ("01712 345678") is a phone
 * or a reference, never a secret (0 digits).
 */
function numberGroups(text: string, tokens: Token[]): Array<{ first: number; last: number; digits: number }> {
  const groups: Array<{ first: number; last: number; digits: number }> = [];
  // Spaces only: dashes join the parts of dates and references ("2024-05-12"), which stay.
  const nextJoined = (i: number): number | undefined =>
    tokens[i + 1]?.type === 'number' && text.slice(tokens[i].end, tokens[i + 1].start) === ' ' ? i + 1 : undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'number') continue;
    const parts = [i];
    for (let next = nextJoined(i); next !== undefined; next = nextJoined(next)) parts.push(next);
    const last = parts[parts.length - 1];
    const grouped = parts.length > 1;
    const digits = grouped && parts.some((p) => tokens[p].text.length > GROUP_DIGITS_MAX) ? 0 : parts.reduce((sum, p) => sum + tokens[p].text.length, 0);
    groups.push({ first: i, last, digits });
    i = last;
  }
  return groups;
}

function standsAlone(text: string, token: { start: number; end: number }): boolean {
  const before = text[token.start - 1] ?? ' ';
  const after = text[token.end] ?? ' ';
  const isDigitOrLetter = (c: string | undefined) => !!c && /[\p{Nd}\p{L}]/u.test(c);
  if (isDigitOrLetter(before) || isDigitOrLetter(after) || PREFIXES.includes(before)) return false;
  if (JOINERS.includes(before) && /\p{Nd}/u.test(text[token.start - 2] ?? '')) return false;
  if (JOINERS.includes(after) && /\p{Nd}/u.test(text[token.end + 1] ?? '')) return false;
  return true;
}

/**
 * What the words on one side of tokens[i] say about it: a secret word ('code' / 'pin'), a word
 * of `keep` that makes it something the shop needs ('keep'), or nothing (undefined). Fillers ("is",
 * "amar", "হলো") are skipped; the look stops at a sentence end, another number, or after a few
 * other words.
 */
function context(tokens: Token[], i: number, step: -1 | 1, keep: Set<string>): 'code' | 'pin' | 'cvv' | 'keep' | undefined {
  let others = 0;
  for (let j = i + step, steps = 0; j >= 0 && j < tokens.length && steps < MAX_STEPS; j += step, steps++) {
    const t = tokens[j];
    if (t.type === 'end' || t.type === 'number') return undefined;
    if (t.type === 'mark') continue;
    if (CVV_WORDS.has(t.folded)) return 'cvv';
    if (CODE_WORDS.has(t.folded) || PIN_WORDS.has(t.folded)) {
      if (QUALIFIERS.has(previousWord(tokens, j))) return 'keep';
      // "security code", "card code": the three or four digits on the back of a card.
      if (CODE_WORDS.has(t.folded) && CARD_CODE_QUALIFIERS.has(previousWord(tokens, j))) return 'cvv';
      return CODE_WORDS.has(t.folded) ? 'code' : 'pin';
    }
    if (keep.has(t.folded)) return 'keep';
    if (FILLERS.has(t.folded)) continue;
    if (++others > MAX_OTHER_WORDS) return undefined;
  }
  return undefined;
}

function previousWord(tokens: Token[], j: number): string {
  for (let k = j - 1; k >= 0; k--) {
    if (tokens[k].type === 'word') return tokens[k].folded;
    if (tokens[k].type !== 'mark') return '';
  }
  return '';
}

/**
 * "password: Dhaka@123", "my password is hunter22", "পাসওয়ার্ড হলো abc123": the word after
 * it, unless the customer talks about the password ("my password is not working").
 */
function passwordSpans(text: string, tokens: Token[]): Span[] {
  const spans: Span[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'word' || !PASSWORD_WORDS.has(token.folded)) return;
    let linked = false;
    let j = i + 1;
    for (; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.type === 'mark' && ':="\'-'.includes(t.text)) linked ||= t.text === ':' || t.text === '=';
      else if (t.type === 'word' && PASSWORD_LINKS.has(t.folded)) linked = true;
      else break;
    }
    const next = tokens[j];
    if (!next || next.type === 'end') return;
    const raw = /^\S+/.exec(text.slice(next.start))![0];
    const candidate = raw.replace(/[.,!?;:)\]"'।]+$/u, '');
    if (candidate.length < 4 || NOT_A_PASSWORD.has(foldForCompare(candidate)) || Object.values(SECRET_MARKS).some((m) => m.startsWith(candidate))) return;
    const looksTyped = /[^\p{L}]/u.test(candidate) || /\p{Lu}/u.test(candidate.slice(1));
    if (linked || looksTyped) spans.push({ start: next.start, end: next.start + candidate.length, kind: 'password' });
  });
  return spans;
}
