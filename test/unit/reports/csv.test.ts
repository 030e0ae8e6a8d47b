import { summaryCsv } from '../../../src/reports/csv';
import type { ReportSummary } from '../../../src/reports/types';
import { EXPECTED } from '../../contracts/reportsContract';
import { parseCsv } from './csvReader';

const summary: ReportSummary = {
  ...EXPECTED,
  notes: [],
  lowestRated: [...EXPECTED.lowestRated, { handoffId: 'h9', score: 1, comment: '=HYPERLINK("http://evil.example","click")\nসময় লেগেছে', agentName: '+Mina', team: 'sales' }],
};

describe('summaryCsv', () => {
  const text = summaryCsv(summary);
  const records = parseCsv(text);

  it('is RFC 4180: CRLF records of one width, with a BOM for spreadsheets', () => {
    expect(text.startsWith('\uFEFFmetric,value,')).toBe(true);
    const widths = new Set(records.map((r) => r.length));
    expect(widths).toEqual(new Set([8]));
  });

  it('has the metric,value rows', () => {
    const metrics = new Map(records.filter((r) => r[0] && r[1] !== undefined).map((r) => [r[0], r[1]]));
    expect(metrics.get('totals.conversations')).toBe('8');
    expect(metrics.get('containment.rate')).toBe('0.375');
    expect(metrics.get('firstResponse.bot.p90Seconds')).toBe('6.6');
    expect(metrics.get('timeToHuman.medianSeconds')).toBe('90');
    expect(metrics.get('csat.responseRate')).toBe('0.6667');
    expect(metrics.get('csat.score2')).toBe('1');
    expect(metrics.get('firstContactResolution.rate')).toBe('0.75');
    expect(metrics.get('volume.hour.09')).toBe('1');
    expect(metrics.get('volume.intent.(none)')).toBe('1');
    expect(metrics.get('filter.team')).toBe('');
  });

  it('has the team and agent tables after an empty record', () => {
    const team = records.findIndex((r) => r[0] === 'team');
    expect(records[team - 1].every((f) => f === '')).toBe(true);
    expect(records[team].slice(0, 7)).toEqual(['team', 'handoffs', 'median time to human (s)', 'median handle time (s)', 'CSAT average', 'CSAT responses', 'SLA breaches']);
    expect(records[team + 1].slice(0, 7)).toEqual(['sales', '3', '45', '750', '5', '1', '0']);
    expect(records[team + 2].slice(0, 7)).toEqual(['delivery', '2', '360', '750', '2', '1', '1']);
    const agent = records.findIndex((r) => r[0] === 'agent');
    expect(records[agent + 1]).toEqual(['Mina', 'ag-mina', '2', '45', '750', '5', '1', '0']);
    expect(records[agent + 2]).toEqual(['Rafi', 'ag-rafi', '2', '360', '750', '2', '1', '1']);
  });

  it('quotes commas, quotes and line breaks, and keeps formulas as text', () => {
    expect(text).toContain('"too slow, ""again"""');
    const low = records.filter((r) => r[0] === 'h2' || r[0] === 'h9');
    expect(low[0].slice(0, 5)).toEqual(['h2', '2', 'too slow, "again"', 'Rafi', 'delivery']);
    expect(low[1].slice(0, 5)).toEqual(['h9', '1', `'=HYPERLINK("http://evil.example","click")\nসময় লেগেছে`, "'+Mina", 'sales']);
  });
});
