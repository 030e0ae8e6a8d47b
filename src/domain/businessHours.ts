import type { Locale } from './locale';

/**
 * When people answer: "always", or weekly hours like "sat-thu 10:00-20:00; fri closed", in a
 * time zone, minus holidays. Tells whether people are in now and when they are next back.
 */
export interface BusinessHours {
  isOpen(at: number): boolean;
  /** The next moment people are in (now if open), or null when no hours are set at all. */
  nextOpening(at: number): number | null;
  /** "today at 10:00" / "আজ ১০:০০ টায়" style description of a moment, in the shop's time zone. */
  describe(at: number, from: number, locale: Locale): string;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES: Record<Locale, string[]> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  bn: ['রবিবার', 'সোমবার', 'মঙ্গলবার', 'বুধবার', 'বৃহস্পতিবার', 'শুক্রবার', 'শনিবার'],
};
const BENGALI_DIGITS = '০১২৩৪৫৬৭৮৯';

interface Window {
  startMinute: number;
  endMinute: number;
}

export class BusinessHoursError extends Error {}

function parseDays(spec: string): number[] {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to] = part.split('-').map((d) => DAYS.indexOf(d.trim().slice(0, 3) as (typeof DAYS)[number]));
    if (from < 0 || (to !== undefined && to < 0)) throw new BusinessHoursError(`unknown day in "${spec}" (use sat, sun, mon, tue, wed, thu, fri)`);
    if (to === undefined) days.add(from);
    else for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days];
}

function parseMinute(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new BusinessHoursError(`"${hhmm}" is not a time like 09:30`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Local calendar parts of a moment in a time zone. */
function localParts(at: number, timeZone: string): { date: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: DAYS.indexOf(parts.weekday.toLowerCase().slice(0, 3) as (typeof DAYS)[number]),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function parseBusinessHours(spec: string, timeZone: string, holidays: string[] = []): BusinessHours {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new BusinessHoursError(`unknown time zone "${timeZone}"`);
  }
  for (const h of holidays) if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw new BusinessHoursError(`holiday "${h}" is not a date like 2026-12-16`);
  const always = spec.trim().toLowerCase() === 'always';
  const week: Window[][] = Array.from({ length: 7 }, () => []);
  if (!always) {
    for (const segment of spec.toLowerCase().split(';').map((s) => s.trim()).filter(Boolean)) {
      const [days, hours] = segment.split(/\s+/, 2);
      if (!hours) throw new BusinessHoursError(`"${segment}" needs days and hours, like "sat-thu 10:00-20:00"`);
      if (hours === 'closed') {
        for (const d of parseDays(days)) week[d] = [];
        continue;
      }
      const [start, end] = hours.split('-');
      const window = { startMinute: parseMinute(start), endMinute: parseMinute(end ?? '') };
      if (window.endMinute <= window.startMinute) throw new BusinessHoursError(`"${hours}" must end after it starts`);
      for (const d of parseDays(days)) week[d].push(window);
    }
    if (week.every((w) => w.length === 0)) throw new BusinessHoursError('no opening hours on any day');
  }
  const closedOn = new Set(holidays);

  const isOpen = (at: number) => {
    if (always) return true;
    const p = localParts(at, timeZone);
    return !closedOn.has(p.date) && week[p.weekday].some((w) => p.minute >= w.startMinute && p.minute < w.endMinute);
  };

  return {
    isOpen,
    nextOpening(at) {
      if (isOpen(at)) return at;
      if (always) return at;
      // Step to each window start over the next two weeks; minute precision is plenty.
      const startOfMinute = at - (at % 60_000);
      for (let offset = 60_000; offset <= 15 * 86_400_000; offset += 60_000) {
        const t = startOfMinute + offset;
        const p = localParts(t, timeZone);
        if (week[p.weekday].some((w) => w.startMinute === p.minute) && isOpen(t)) return t;
      }
      return null;
    },
    describe(at, from, locale) {
      const when = localParts(at, timeZone);
      const now = localParts(from, timeZone);
      const hh = String(Math.floor(when.minute / 60)).padStart(2, '0');
      const mm = String(when.minute % 60).padStart(2, '0');
      const dayDiff = Math.round((Date.parse(when.date) - Date.parse(now.date)) / 86_400_000);
      if (locale === 'bn') {
        const time = `${hh}:${mm}`.replace(/\d/g, (d) => BENGALI_DIGITS[Number(d)]);
        const day = dayDiff === 0 ? 'আজ' : dayDiff === 1 ? 'আগামীকাল' : DAY_NAMES.bn[when.weekday];
        return `${day} ${time} টায়`;
      }
      const day = dayDiff === 0 ? 'today' : dayDiff === 1 ? 'tomorrow' : `on ${DAY_NAMES.en[when.weekday]}`;
      return `${day} at ${hh}:${mm}`;
    },
  };
}
