import { durationStats, percentile, share, span } from '../../../src/reports/statistics';

describe('report statistics', () => {
  it('interpolates percentiles like a spreadsheet (PERCENTILE.INC)', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 10);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises durations in seconds, and says null when there is nothing', () => {
    expect(durationStats([4000, 1000, 3000, 2000])).toEqual({ count: 4, averageSeconds: 2.5, medianSeconds: 2.5, p90Seconds: 3.7 });
    expect(durationStats([1])).toEqual({ count: 1, averageSeconds: 0.001, medianSeconds: 0.001, p90Seconds: 0.001 });
    expect(durationStats([])).toEqual({ count: 0, averageSeconds: null, medianSeconds: null, p90Seconds: null });
  });

  it('rounds shares to 4 decimals and leaves out inverted or missing spans', () => {
    expect(share(2, 3)).toEqual({ count: 2, total: 3, rate: 0.6667 });
    expect(share(0, 0)).toEqual({ count: 0, total: 0, rate: null });
    expect(span(10, 5)).toBeUndefined();
    expect(span(undefined, 5)).toBeUndefined();
    expect(span(5, 5)).toBe(0);
  });
});
