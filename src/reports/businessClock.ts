const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY_MS = 24 * HOUR;
/** UTC offsets are whole quarter hours, and zones change them only on quarter-hour instants. */
const SLOT = 15 * MINUTE;

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** 0-23 */
  hour: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/**
 * Local calendar time in the business's zone (config.handoff.timezone), for "by hour",
 * "by weekday" and "per day" figures. Intl is asked once per quarter hour of the period,
 * not once per row: a month is ~3,000 lookups however many conversations it holds.
 */
export class BusinessClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly dates = new Map<number, string>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Local time minus UTC at `at`, in ms (+6 h for Asia/Dhaka). */
  offsetMs(at: number): number {
    const slot = Math.floor(at / SLOT);
    let offset = this.offsets.get(slot);
    if (offset === undefined) {
      const probe = slot * SLOT;
      const parts: Record<string, number> = {};
      for (const part of this.format.formatToParts(probe)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
      offset = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - probe;
      this.offsets.set(slot, offset);
    }
    return offset;
  }

  local(at: number): LocalTime {
    const local = at + this.offsetMs(at);
    const dayNumber = Math.floor(local / DAY_MS);
    return { date: this.dateOfDay(dayNumber), hour: Math.floor((local - dayNumber * DAY_MS) / HOUR), weekday: (((dayNumber + 4) % 7) + 7) % 7 };
  }

  dateOf(at: number): string {
    return this.dateOfDay(Math.floor((at + this.offsetMs(at)) / DAY_MS));
  }

  /** Epoch ms of local midnight starting `date` (YYYY-MM-DD). */
  startOfDay(date: string): number {
    const [y, m, d] = date.split('-').map(Number);
    const wall = Date.UTC(y, m - 1, d);
    // The offset at the guess, then at the corrected instant (differs only across a DST change).
    const guess = wall - this.offsetMs(wall);
    return wall - this.offsetMs(guess);
  }

  /** Every local date from the one holding `from` to the one holding `to - 1`, in order. */
  datesBetween(from: number, to: number): string[] {
    const dates: string[] = [];
    const last = this.dateOf(to - 1);
    for (let date = this.dateOf(from); date <= last; date = addDays(date, 1)) dates.push(date);
    return dates;
  }

  private dateOfDay(dayNumber: number): string {
    let date = this.dates.get(dayNumber);
    if (date === undefined) {
      date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
      this.dates.set(dayNumber, date);
    }
    return date;
  }
}

/** Calendar arithmetic on YYYY-MM-DD (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
