import type { ConversationFactRow, HandoffFactRow } from '../store/port';
import { WEEKDAYS, type BusinessClock } from './businessClock';
import { wasAsked } from './csat';
import { round } from './statistics';
import type { DailyPoint, ReportSummary } from './types';

/** Monday first (ISO 8601), whatever the shop's own week. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
export const NO_INTENT = '(none)';

/**
 * Conversations started in the period by local hour and weekday (from createdAt, in the
 * business zone), by the first intent the bot recognised, by language and by channel.
 */
export function volume(conversations: readonly ConversationFactRow[], clock: BusinessClock): ReportSummary['volume'] {
  const hours = new Array<number>(24).fill(0);
  const weekdays = new Array<number>(7).fill(0);
  const intents = new Map<string, number>();
  const languages = new Map<string, number>();
  const channels = new Map<string, number>();
  for (const c of conversations) {
    const local = clock.local(c.createdAt);
    hours[local.hour]++;
    weekdays[local.weekday]++;
    increment(intents, c.facts?.firstIntent ?? NO_INTENT);
    increment(languages, c.locale);
    increment(channels, c.channel);
  }
  return {
    byHour: hours.map((conversations, hour) => ({ hour, conversations })),
    byWeekday: WEEK_ORDER.map((day) => ({ weekday: WEEKDAYS[day], conversations: weekdays[day] })),
    byIntent: ranked(intents).map(([intent, conversations]) => ({ intent, conversations })),
    byLanguage: ranked(languages).map(([language, conversations]) => ({ language, conversations })),
    byChannel: ranked(channels).map(([channel, conversations]) => ({ channel, conversations })),
  };
}

/**
 * One point per local day of the period, days without data included: conversations started,
 * those handed off at least once, and the average CSAT of the handoffs queued that day.
 */
export function dailySeries(conversations: readonly ConversationFactRow[], handoffs: readonly HandoffFactRow[], clock: BusinessClock, from: number, to: number): DailyPoint[] {
  const days = new Map<string, { conversations: number; handedOff: number; csatSum: number; csatCount: number }>();
  for (const date of clock.datesBetween(from, to)) days.set(date, { conversations: 0, handedOff: 0, csatSum: 0, csatCount: 0 });
  for (const c of conversations) {
    const day = days.get(clock.dateOf(c.createdAt));
    if (!day) continue;
    day.conversations++;
    if ((c.facts?.handoffs ?? 0) > 0) day.handedOff++;
  }
  for (const h of handoffs) {
    if (!wasAsked(h) || !h.csat) continue;
    const day = days.get(clock.dateOf(h.queuedAt));
    if (!day) continue;
    day.csatSum += h.csat.score;
    day.csatCount++;
  }
  return [...days].map(([date, d]) => ({ date, conversations: d.conversations, handedOff: d.handedOff, csatAverage: d.csatCount > 0 ? round(d.csatSum / d.csatCount, 2) : null }));
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Most first; ties by name, so the order is the same on every store. */
function ranked(map: Map<string, number>): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
