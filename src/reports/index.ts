/** Manager reports: KPIs of a period computed from stored facts (ReportsRepository), never from live counters. */
export { buildSummary, loadSummary, type SummaryInput } from './summary';
export { parseReportQuery, ReportQueryError, DEFAULT_DAYS, DEFAULT_FCR_DAYS, MAX_DAYS } from './reportQuery';
export { summaryCsv } from './csv';
export { BusinessClock } from './businessClock';
export { percentile } from './statistics';
export { RETURNED_TO_BOT, LOW_SCORE } from './csat';
export type * from './types';
