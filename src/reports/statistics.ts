import type { DurationStats, Share } from './types';

/**
 * The p-th percentile of an ascending array by linear interpolation between closest ranks
 * (Excel's PERCENTILE.INC, R type 7, numpy's default), so figures can be checked against a
 * spreadsheet made from the CSV export. The median of [1, 2, 3, 4] is 2.5.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Average, median and p90 of durations given in ms, reported in seconds (ms precision). */
export function durationStats(durationsMs: number[]): DurationStats {
  if (durationsMs.length === 0) return { count: 0, averageSeconds: null, medianSeconds: null, p90Seconds: null };
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const seconds = (ms: number) => round(ms / 1000, 3);
  return {
    count: sorted.length,
    averageSeconds: seconds(average(sorted)!),
    medianSeconds: seconds(percentile(sorted, 50)),
    p90Seconds: seconds(percentile(sorted, 90)),
  };
}

export function medianSeconds(durationsMs: number[]): number | null {
  if (durationsMs.length === 0) return null;
  return round(percentile([...durationsMs].sort((a, b) => a - b), 50) / 1000, 3);
}

export function share(count: number, total: number): Share {
  return { count, total, rate: total > 0 ? round(count / total, 4) : null };
}

/** `end - start` when both are known and in order; a negative span is a clock problem, not a duration. */
export function span(start: number | undefined, end: number | undefined): number | undefined {
  if (start === undefined || end === undefined || end < start) return undefined;
  return end - start;
}

export function collect<T>(rows: readonly T[], pick: (row: T) => number | undefined): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const value = pick(row);
    if (value !== undefined) out.push(value);
  }
  return out;
}
