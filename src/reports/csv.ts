import type { DurationStats, ReportSummary, Share } from './types';

export type Cell = string | number | null | undefined;

/**
 * The summary as one CSV sheet (RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled, every record the same width): `metric,value` rows, then the
 * per-team, per-agent, per-day and lowest-rated tables, each after an empty record and its own
 * header. Starts with a UTF-8 BOM so spreadsheet programs read Bengali text correctly.
 */
export function summaryCsv(summary: ReportSummary): string {
  const tables: Cell[][][] = [
    [['metric', 'value'], ...metricRows(summary)],
    [
      ['team', 'handoffs', 'median time to human (s)', 'median handle time (s)', 'CSAT average', 'CSAT responses', 'SLA breaches'],
      ...summary.teams.map((t) => [t.team, t.handoffs, t.medianTimeToHumanSeconds, t.medianHandleTimeSeconds, t.csatAverage, t.csatResponses, t.slaBreaches]),
    ],
    [
      ['agent', 'agent id', 'handoffs', 'median time to human (s)', 'median handle time (s)', 'CSAT average', 'CSAT responses', 'SLA breaches'],
      ...summary.agents.map((a) => [a.name, a.agentId, a.handoffs, a.medianTimeToHumanSeconds, a.medianHandleTimeSeconds, a.csatAverage, a.csatResponses, a.slaBreaches]),
    ],
    [['date', 'conversations', 'handed off', 'CSAT average'], ...summary.daily.map((d) => [d.date, d.conversations, d.handedOff, d.csatAverage])],
    [
      ['lowest-rated handoff', 'score', 'comment', 'agent', 'team', 'closed at'],
      ...summary.lowestRated.map((r) => [r.handoffId, r.score, r.comment, r.agentName ?? r.agentId, r.team, r.closedAt]),
    ],
  ];
  const records: Cell[][] = [];
  tables.forEach((table, i) => {
    if (i > 0) records.push([]);
    records.push(...table);
  });
  return csvSheet(records);
}

/**
 * Records as one RFC 4180 sheet: CRLF line ends, every record padded to the same width,
 * fields quoted as needed, and a UTF-8 BOM so spreadsheet programs read Bengali text.
 */
export function csvSheet(records: Cell[][]): string {
  const width = Math.max(0, ...records.map((row) => row.length));
  return '\uFEFF' + records.map((row) => [...row, ...new Array<Cell>(width - row.length).fill('')].map(field).join(',')).join('\r\n') + '\r\n';
}

function metricRows(s: ReportSummary): Cell[][] {
  const rows: Cell[][] = [
    ['period.from', s.period.from],
    ['period.to', s.period.to],
    ['period.timeZone', s.period.timeZone],
    ['filter.team', s.filters.team],
    ['filter.agent', s.filters.agent],
    ['filter.channel', s.filters.channel],
    ['filter.language', s.filters.language],
    ['totals.conversations', s.totals.conversations],
    ['totals.handoffs', s.totals.handoffs],
    ['totals.closedHandoffs', s.totals.closedHandoffs],
    ...duration('firstResponse.bot', s.firstResponse.bot),
    ...duration('firstResponse.human', s.firstResponse.human),
    ...duration('timeToHuman', s.timeToHuman),
    ...duration('handleTime', s.handleTime),
    ...duration('resolutionTime', s.resolutionTime),
    ...shareRows('containment', s.containment),
    ...shareRows('firstContactResolution', s.firstContactResolution),
    ['firstContactResolution.days', s.firstContactResolution.days],
    ['firstContactResolution.provisional', s.firstContactResolution.provisional],
    ['csat.average', s.csat.average],
    ['csat.responses', s.csat.responses],
    ['csat.asked', s.csat.asked],
    ['csat.responseRate', s.csat.responseRate],
    ...Object.entries(s.csat.distribution).map(([score, n]): Cell[] => [`csat.score${score}`, n]),
    ...shareRows('slaBreaches', s.slaBreaches),
    ...shareRows('unansweredRate', s.unansweredRate),
    ...s.volume.byHour.map((h): Cell[] => [`volume.hour.${String(h.hour).padStart(2, '0')}`, h.conversations]),
    ...s.volume.byWeekday.map((w): Cell[] => [`volume.weekday.${w.weekday}`, w.conversations]),
    ...s.volume.byIntent.map((i): Cell[] => [`volume.intent.${i.intent}`, i.conversations]),
    ...s.volume.byLanguage.map((l): Cell[] => [`volume.language.${l.language}`, l.conversations]),
    ...s.volume.byChannel.map((c): Cell[] => [`volume.channel.${c.channel}`, c.conversations]),
  ];
  return rows;
}

function duration(name: string, d: DurationStats): Cell[][] {
  return [
    [`${name}.count`, d.count],
    [`${name}.averageSeconds`, d.averageSeconds],
    [`${name}.medianSeconds`, d.medianSeconds],
    [`${name}.p90Seconds`, d.p90Seconds],
  ];
}

function shareRows(name: string, s: Share): Cell[][] {
  return [
    [`${name}.count`, s.count],
    [`${name}.total`, s.total],
    [`${name}.rate`, s.rate],
  ];
}

function field(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  // A text cell a spreadsheet would run as a formula (=, +, -, @; OWASP "CSV injection") is kept as text.
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
