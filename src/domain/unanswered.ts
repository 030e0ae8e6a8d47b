import type { Locale } from './locale';
import { foldForCompare } from './text';

/** A question the bot could not match, counted by its normalised form. */
export interface UnansweredQuestion {
  /** Normalised form: folded words, sorted, without duplicates. */
  key: string;
  count: number;
  lastExample: string;
  lastAt: number;
  firstAt: number;
  locale?: Locale;
}

const MAX_KEY_WORDS = 12;

/** "Where is the SHOP?!" and "shop where is the" count as one question. */
export function unansweredKey(text: string): string {
  const words = foldForCompare(text).split(' ').filter((w) => w.length > 1 || /\p{N}/u.test(w));
  return [...new Set(words)].sort().slice(0, MAX_KEY_WORDS).join(' ');
}

export interface UnansweredGroup {
  /** The most frequent wording of the group. */
  key: string;
  /** Every stored question of the group, to remove them together once answered. */
  keys: string[];
  count: number;
  lastExample: string;
  lastAt: number;
  variants: number;
  locale?: Locale;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / Math.max(1, a.size + b.size - shared);
}

/**
 * Groups near-identical questions (half or more of their words shared), biggest groups first,
 * so ops see "14 × do you deliver to cox's bazar" rather than 14 slightly different lines.
 */
export function groupUnanswered(questions: UnansweredQuestion[], threshold = 0.5): UnansweredGroup[] {
  const sorted = [...questions].sort((a, b) => b.count - a.count);
  const groups: { words: Set<string>; group: UnansweredGroup }[] = [];
  for (const q of sorted) {
    const words = new Set(q.key.split(' '));
    const home = groups.find((g) => similarity(g.words, words) >= threshold);
    if (home) {
      home.group.count += q.count;
      home.group.variants += 1;
      home.group.keys.push(q.key);
      if (q.lastAt > home.group.lastAt) Object.assign(home.group, { lastAt: q.lastAt, lastExample: q.lastExample });
    } else {
      groups.push({ words, group: { key: q.key, keys: [q.key], count: q.count, lastExample: q.lastExample, lastAt: q.lastAt, variants: 1, locale: q.locale } });
    }
  }
  return groups.map((g) => g.group).sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}
