import { SUPPORTED_LOCALES, type Locale } from '../domain/locale';
import { addDays, BusinessClock, DAY_MS } from './businessClock';
import type { ReportQuery } from './types';

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;
export const DEFAULT_FCR_DAYS = 3;
const MAX_FCR_DAYS = 90;

/** A query a person typed wrong; the message says what is expected. */
export class ReportQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportQueryError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The period and cuts of `GET /api/reports/summary` from its query string:
 * - `from` / `to`: a date (YYYY-MM-DD, local midnight in the business zone) or a date-time
 *   with its offset (2024-05-01T09:00:00+06:00); the period is [from, to), at most 366 days;
 * - or `days=N`: the N local days ending today (today included, up to the end of today);
 * - neither: the last 30 days. Only `from`: up to the end of today. Only `to`: 30 days before it.
 */
export function parseReportQuery(params: Record<string, unknown>, options: { timeZone: string; now: number; channels: readonly string[] }): ReportQuery {
  const clock = new BusinessClock(options.timeZone);
  const text = (name: string, max = 200): string | undefined => {
    const value = params[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new ReportQueryError(`${name}: give it once, as text`);
    if (value.length > max) throw new ReportQueryError(`${name}: at most ${max} characters`);
    return value;
  };
  const integer = (name: string, min: number, max: number): number | undefined => {
    const value = text(name, 10);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new ReportQueryError(`${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
    return Number(value);
  };

  const fromText = text('from', 40);
  const toText = text('to', 40);
  const days = integer('days', 1, MAX_DAYS);
  if (days !== undefined && (fromText || toText)) throw new ReportQueryError('days: give either days or from/to, not both');
  const endOfToday = clock.startOfDay(addDays(clock.dateOf(options.now), 1));
  let from: number;
  let to: number;
  if (fromText || toText) {
    to = toText ? instant('to', toText, clock) : endOfToday;
    from = fromText ? instant('from', fromText, clock) : to - DEFAULT_DAYS * DAY_MS;
  } else {
    to = endOfToday;
    from = clock.startOfDay(addDays(clock.dateOf(options.now), -((days ?? DEFAULT_DAYS) - 1)));
  }
  if (from >= to) throw new ReportQueryError(`from must be before to (the period is [from, to)); got from=${new Date(from).toISOString()}, to=${new Date(to).toISOString()}`);
  if (to - from > MAX_DAYS * DAY_MS + 2 * 60 * 60 * 1000) throw new ReportQueryError(`the period is longer than ${MAX_DAYS} days; ask for a shorter one`);

  const channel = text('channel');
  if (channel !== undefined && !options.channels.includes(channel)) throw new ReportQueryError(`channel: expected one of ${options.channels.join(', ')}, got "${channel}"`);
  const language = text('language');
  if (language !== undefined && !(SUPPORTED_LOCALES as readonly string[]).includes(language)) throw new ReportQueryError(`language: expected one of ${SUPPORTED_LOCALES.join(', ')}, got "${language}"`);

  return {
    from,
    to,
    timeZone: options.timeZone,
    team: text('team', 100),
    agentId: text('agent'),
    channel,
    locale: language as Locale | undefined,
    fcrDays: integer('fcrDays', 1, MAX_FCR_DAYS) ?? DEFAULT_FCR_DAYS,
  };
}

function instant(name: string, value: string, clock: BusinessClock): number {
  const date = DATE.exec(value);
  if (date) {
    const [, y, m, d] = date.map(Number);
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new ReportQueryError(`${name}: "${value}" is not a calendar date`);
    return clock.startOfDay(value);
  }
  if (DATE_TIME.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return at;
  }
  throw new ReportQueryError(`${name}: expected a date like 2024-05-01 (midnight in ${clock.timeZone}) or a date-time with its offset like 2024-05-01T09:00:00+06:00, got "${value}"`);
}
