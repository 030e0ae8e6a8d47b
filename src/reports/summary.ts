import type { ConversationFactRow, HandoffFactRow, ReportsRepository } from '../store/port';
import { BusinessClock, DAY_MS } from './businessClock';
import { containment, unansweredRate } from './botOutcomes';
import { agentTable, teamTable } from './breakdowns';
import { csatSummary, lowestRated } from './csat';
import { firstContactResolution, followUpWindow } from './firstContactResolution';
import { slaBreaches } from './slaBreaches';
import { round } from './statistics';
import { timings } from './timings';
import { dailySeries, volume } from './volume';
import type { ReportQuery, ReportSummary } from './types';

export interface SummaryInput {
  query: ReportQuery;
  /** Conversations started in the period (when cut by team or agent: only those handed to them). */
  conversations: readonly ConversationFactRow[];
  /** Handoffs queued in the period, with the query's cuts. */
  handoffs: readonly HandoffFactRow[];
  /** The same customers' handoffs after the closes (firstContactResolution). */
  followUps: readonly HandoffFactRow[];
  agentNames: ReadonlyMap<string, string>;
  now: number;
}

/** Every KPI of the period from the stored rows; no I/O, so the numbers are testable exactly. */
export function buildSummary(input: SummaryInput): ReportSummary {
  const { query, conversations, handoffs } = input;
  const clock = new BusinessClock(query.timeZone);
  const cutByPeople = query.team !== undefined || query.agentId !== undefined;
  const fcr = firstContactResolution(handoffs, input.followUps, query.fcrDays, input.now);
  return {
    period: { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), timeZone: query.timeZone, days: round((query.to - query.from) / DAY_MS, 2) },
    filters: { team: query.team, agent: query.agentId, channel: query.channel, language: query.locale },
    totals: { conversations: conversations.length, handoffs: handoffs.length, closedHandoffs: handoffs.filter((h) => h.status === 'closed').length },
    ...timings(conversations, handoffs),
    containment: containment(conversations, cutByPeople),
    firstContactResolution: fcr,
    csat: csatSummary(handoffs),
    slaBreaches: slaBreaches(handoffs),
    unansweredRate: unansweredRate(conversations),
    volume: volume(conversations, clock),
    daily: dailySeries(conversations, handoffs, clock, query.from, query.to),
    teams: teamTable(handoffs),
    agents: agentTable(handoffs, input.agentNames),
    lowestRated: lowestRated(handoffs, input.agentNames),
    notes: notes(input, cutByPeople, fcr.provisional),
  };
}

/** Above this many customers the follow-ups are read by period only and matched here (see loadSummary). */
const MAX_CUSTOMER_FILTER = 500;

/**
 * Reads what the summary needs with as few scans as possible (on FerretDB v1 every non-_id
 * query reads the whole collection, so each avoided query is a full scan saved):
 * - not cut by team, agent or language: one handoff read over [from, max(to, now) + fcrDays)
 *   serves both the period and the follow-ups of its closes, and runs alongside the
 *   conversation read;
 * - cut: the handoffs first (they decide which conversations count), then the conversations,
 *   then the follow-ups of the closes (all teams and agents: a customer back with anyone counts).
 */
export async function loadSummary(reports: ReportsRepository, query: ReportQuery, agentNames: ReadonlyMap<string, string>, now: number): Promise<ReportSummary> {
  const period = { from: query.from, to: query.to };
  const inPeriod = (h: HandoffFactRow) => h.queuedAt >= query.from && h.queuedAt < query.to;
  const cutByPeople = query.team !== undefined || query.agentId !== undefined;
  let handoffs: HandoffFactRow[];
  let conversations: ConversationFactRow[];
  let followUps: HandoffFactRow[] | undefined;

  if (!cutByPeople && query.locale === undefined) {
    // Customer ids carry their channel, so a channel cut keeps every follow-up that matters.
    const readTo = Math.max(query.to, now) + query.fcrDays * DAY_MS;
    const [wide, rows] = await Promise.all([
      reports.handoffFacts({ from: query.from, to: readTo, channel: query.channel }),
      reports.conversationFacts({ ...period, channel: query.channel }),
    ]);
    handoffs = wide.filter(inPeriod);
    conversations = rows;
    const window = followUpWindow(handoffs, query.fcrDays);
    if (!window || window.to <= readTo) followUps = wide;
  } else {
    handoffs = await reports.handoffFacts({ ...period, team: query.team, agentId: query.agentId, channel: query.channel, locale: query.locale });
    const conversationIds = cutByPeople ? [...new Set(handoffs.map((h) => h.conversationId))] : undefined;
    conversations = conversationIds?.length === 0 ? [] : await reports.conversationFacts({ ...period, channel: query.channel, locale: query.locale, conversationIds });
  }
  if (!followUps) {
    const window = followUpWindow(handoffs, query.fcrDays);
    // A long `$in` list is evaluated row by row on FerretDB: past a few hundred customers,
    // reading the window and matching customers here is faster on every server.
    followUps = !window ? [] : await reports.handoffFacts(window.customerIds.length <= MAX_CUSTOMER_FILTER ? window : { from: window.from, to: window.to });
  }
  return buildSummary({ query, conversations, handoffs, followUps, agentNames, now });
}

function notes(input: SummaryInput, cutByPeople: boolean, provisional: number): string[] {
  const out: string[] = [];
  if (cutByPeople) {
    out.push('Conversation figures (bot first response, containment, unanswered rate, volume, daily) cover only the conversations handed to this team or agent in the period; containment is not defined for them.');
  }
  if (provisional > 0) {
    out.push(`${provisional} closed chat${provisional === 1 ? ' is' : 's are'} less than ${input.query.fcrDays} days old: first contact resolution can still drop.`);
  }
  const withoutFacts = input.conversations.filter((c) => !c.facts).length;
  if (withoutFacts > 0) out.push(`${withoutFacts} conversation${withoutFacts === 1 ? ' has' : 's have'} no recorded facts (kept before facts were recorded): counted as never handed off, with no messages.`);
  return out;
}
