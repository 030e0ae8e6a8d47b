/**
 * Shortening and splitting of text for the channels' length limits (WhatsApp's
 * channels/whatsapp-cloud/limits.ts, the Messenger Platform's meta/messenger-platform/limits.ts).
 *
 * Cuts never fall inside a grapheme: a Bengali conjunct (consonant + hasanta + consonant) or
 * an emoji with modifiers is several code points, and cutting between them shows the customer
 * a broken glyph. Splits prefer, in order: a blank line, a line break, the end of a sentence
 * (`.`, `!`, `?` and the Bengali dari `।`), a space; only text without any of those is cut
 * mid-word.
 */

export const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Largest cut position ≤ max that keeps every grapheme whole. */
export function graphemeSafeCut(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let cut = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    cut = index + segment.length;
  }
  if (cut > 0) return cut;
  // A single grapheme longer than the limit (pathological input): cut between code points.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** The text itself when it fits, otherwise shortened to exactly fit with a trailing "…". */
export function shortenWithEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = graphemeSafeCut(text, max - ELLIPSIS.length);
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** Kinds of places to break, strongest first. `at` is where the following piece starts. */
const BREAK_PATTERNS: readonly RegExp[] = [
  /\n[ \t]*\n\s*/g, // paragraph
  /\n\s*/g, // line
  /[.!?।]+["'”’)\]]*\s+/g, // sentence
  /\s+/g, // word
];

function breakPositions(text: string, pattern: RegExp): number[] {
  const positions: number[] = [];
  for (const match of text.matchAll(pattern)) {
    positions.push((match.index ?? 0) + match[0].length);
  }
  return positions;
}

/** Where to end the first piece so that it fits in `max` and is at least half full if possible. */
function firstPieceEnd(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  const fits = (at: number) => {
    const length = text.slice(0, at).trimEnd().length;
    return length > 0 && length <= max;
  };
  let fallback = 0;
  for (const pattern of BREAK_PATTERNS) {
    const candidates = breakPositions(window, pattern).filter(fits);
    const best = candidates.at(-1);
    if (best === undefined) continue;
    if (text.slice(0, best).trimEnd().length >= max / 2) return best;
    fallback = Math.max(fallback, best);
  }
  return fallback > 0 ? fallback : graphemeSafeCut(text, max);
}

/** Splits text into pieces of at most `max` each, in order, at the most natural boundaries. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const end = firstPieceEnd(rest, max);
    pieces.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(end).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/**
 * Splits off the longest ending of `text` that fits in `max`, breaking at the strongest
 * boundary available (so the question just above a set of buttons stays with them).
 * `head` is what comes before it, possibly longer than `max`.
 */
export function splitTail(text: string, max: number): { head: string; tail: string } {
  const trimmed = text.trim();
  if (trimmed.length <= max) return { head: '', tail: trimmed };
  const fits = (at: number) => {
    const length = trimmed.slice(at).trimStart().length;
    return length > 0 && length <= max;
  };
  for (const pattern of BREAK_PATTERNS) {
    const start = breakPositions(trimmed, pattern).find(fits);
    if (start !== undefined) {
      return { head: trimmed.slice(0, start).trimEnd(), tail: trimmed.slice(start).trimStart() };
    }
  }
  // No boundary in reach: cut mid-word at the first grapheme boundary that fits.
  for (const { index } of graphemes.segment(trimmed)) {
    if (trimmed.length - index <= max) {
      return { head: trimmed.slice(0, index), tail: trimmed.slice(index) };
    }
  }
  return { head: trimmed, tail: '' };
}

/** UTF-8 bytes of a text (Instagram counts its limit in bytes: a Bengali letter is 3). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * splitText for a limit in UTF-8 bytes: pieces at the same natural boundaries, each at most
 * `maxBytes`. A piece too heavy for its length (Bengali, emoji) is split again, shorter in
 * proportion; a piece of maxBytes / 3 code units always fits (one unit is at most 3 bytes).
 */
export function splitTextToBytes(text: string, maxBytes: number): string[] {
  return splitText(text, maxBytes).flatMap(function fit(piece: string): string[] {
    const bytes = utf8Bytes(piece);
    if (bytes <= maxBytes) return [piece];
    const shorter = Math.max(Math.floor(maxBytes / 3), Math.floor((piece.length * maxBytes) / bytes));
    return splitText(piece, shorter).flatMap(fit);
  });
}

/** shortenWithEllipsis for a limit in UTF-8 bytes. */
export function shortenToBytes(text: string, maxBytes: number): string {
  let max = Math.min(text.length, maxBytes);
  let shortened = shortenWithEllipsis(text, max);
  while (utf8Bytes(shortened) > maxBytes && max > 1) {
    max -= Math.max(1, Math.ceil((utf8Bytes(shortened) - maxBytes) / 3));
    shortened = shortenWithEllipsis(text, max);
  }
  return shortened;
}
