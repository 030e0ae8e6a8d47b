import { parseReportQuery, ReportQueryError } from '../../../src/reports/reportQuery';

// The channels the product has come from runtime/adapters.ts; these are today's.
const DHAKA = { timeZone: 'Asia/Dhaka', now: Date.UTC(2024, 2, 10, 12, 0), channels: ['simulator', 'whatsapp-cloud', 'whatsapp-web'] }; // Sunday 10 March, 18:00 in Dhaka
const dhakaMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 6 * 3600_000;

function refused(params: Record<string, unknown>): string {
  try {
    parseReportQuery(params, DHAKA);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportQueryError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(params)}`);
}

describe('parseReportQuery', () => {
  it('defaults to the last 30 local days, today included, FCR within 3 days', () => {
    expect(parseReportQuery({}, DHAKA)).toEqual({ from: dhakaMidnight(2024, 2, 10), to: dhakaMidnight(2024, 3, 11), timeZone: 'Asia/Dhaka', fcrDays: 3 });
  });

  it('takes days=N, dates (local midnight) and date-times with an offset', () => {
    expect(parseReportQuery({ days: '7' }, DHAKA)).toMatchObject({ from: dhakaMidnight(2024, 3, 4), to: dhakaMidnight(2024, 3, 11) });
    expect(parseReportQuery({ from: '2024-03-01', to: '2024-03-05' }, DHAKA)).toMatchObject({ from: dhakaMidnight(2024, 3, 1), to: dhakaMidnight(2024, 3, 5) });
    expect(parseReportQuery({ from: '2024-03-01T09:30:00+06:00', to: '2024-03-01T10:00Z' }, DHAKA)).toMatchObject({ from: Date.UTC(2024, 2, 1, 3, 30), to: Date.UTC(2024, 2, 1, 10) });
    expect(parseReportQuery({ from: '2024-03-01' }, DHAKA)).toMatchObject({ from: dhakaMidnight(2024, 3, 1), to: dhakaMidnight(2024, 3, 11) });
    expect(parseReportQuery({ to: '2024-03-05' }, DHAKA)).toMatchObject({ from: dhakaMidnight(2024, 3, 5) - 30 * 86400_000, to: dhakaMidnight(2024, 3, 5) });
  });

  it('takes the cuts', () => {
    expect(parseReportQuery({ team: 'sales', agent: 'ag-1', channel: 'whatsapp-web', language: 'bn', fcrDays: '7' }, DHAKA)).toMatchObject({ team: 'sales', agentId: 'ag-1', channel: 'whatsapp-web', locale: 'bn', fcrDays: 7 });
  });

  it('refuses what it cannot read, saying what it expects', () => {
    expect(refused({ from: 'yesterday' })).toMatch(/^from: expected a date like 2024-05-01 \(midnight in Asia\/Dhaka\) or a date-time with its offset/);
    expect(refused({ to: '2024-02-30' })).toBe('to: "2024-02-30" is not a calendar date');
    expect(refused({ from: '2024-03-01T09:00:00' })).toMatch(/^from: expected/); // no offset: ambiguous
    expect(refused({ from: '2024-03-05', to: '2024-03-05' })).toMatch(/^from must be before to/);
    expect(refused({ from: '2023-01-01', to: '2024-03-05' })).toMatch(/longer than 366 days/);
    expect(refused({ days: '7', from: '2024-03-01' })).toMatch(/either days or from\/to/);
    expect(refused({ days: '0' })).toMatch(/^days: expected a whole number from 1 to 366/);
    expect(refused({ fcrDays: 'three' })).toMatch(/^fcrDays: expected a whole number from 1 to 90/);
    expect(refused({ channel: 'telegram' })).toMatch(/^channel: expected one of simulator, whatsapp-cloud, whatsapp-web/);
    expect(refused({ language: 'fr' })).toMatch(/^language: expected one of en, bn/);
    expect(refused({ team: ['a', 'b'] })).toBe('team: give it once, as text');
  });
});
