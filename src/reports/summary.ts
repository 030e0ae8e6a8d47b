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

/**
 * Reads what the summary needs: the handoffs first (a team or agent cut decides which
 * conversations count), then the conversations, then the follow-ups of the closed handoffs.
 */
export async function loadSummary(reports: ReportsRepository, query: ReportQuery, agentNames: ReadonlyMap<string, string>, now: number): Promise<ReportSummary> {
  const cuts = { team: query.team, agentId: query.agentId, channel: query.channel, locale: query.locale };
  const handoffs = await reports.handoffFacts({ from: query.from, to: query.to, ...cuts });
  const cutByPeople = query.team !== undefined || query.agentId !== undefined;
  const conversationIds = cutByPeople ? [...new Set(handoffs.map((h) => h.conversationId))] : undefined;
  const conversations =
    conversationIds?.length === 0 ? [] : await reports.conversationFacts({ from: query.from, to: query.to, channel: query.channel, locale: query.locale, conversationIds });
  const window = followUpWindow(handoffs, query.fcrDays);
  const followUps = window ? await reports.handoffFacts(window) : [];
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
