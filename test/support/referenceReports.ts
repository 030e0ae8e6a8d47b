import type { Conversation } from '../../src/domain/conversation';
import type { Handoff } from '../../src/domain/handoff';
import type { ConversationFactRow, HandoffFactRow, ReportFactsQuery, ReportsRepository } from '../../src/store/port';

/** What the reports contract seeds into a store and reads back through `reports`. */
export interface ReportSeedTarget {
  conversations: { create(conversation: Conversation): Promise<void> };
  handoffs: { create(handoff: Handoff): Promise<boolean> };
  reports: ReportsRepository;
}

/**
 * The reference answer of the reports contract's random-data check: the port's filters
 * written out as plain loops over the seeded records, with no database in between. Every
 * adapter's rows must equal these.
 */
export function referenceReports(): ReportSeedTarget {
  const conversations: Conversation[] = [];
  const handoffs: Handoff[] = [];
  return {
    conversations: { create: async (c) => void conversations.push(structuredClone(c)) },
    handoffs: { create: async (h) => (handoffs.push(structuredClone(h)), true) },
    reports: {
      conversationFacts: async (query) => conversations.filter((c) => conversationMatches(c, query)).map(conversationRow),
      handoffFacts: async (query) => handoffs.filter((h) => handoffMatches(h, query)).map(handoffRow),
    },
  };
}

function conversationMatches(c: Conversation, query: ReportFactsQuery): boolean {
  return c.createdAt >= query.from && c.createdAt < query.to
    && (!query.channel || c.channel === query.channel)
    && (!query.locale || c.locale === query.locale)
    && (!query.conversationIds || query.conversationIds.includes(c.id));
}

function handoffMatches(h: Handoff, query: ReportFactsQuery): boolean {
  // Customer ids are `${channel}:${address}`; handoffs stored without `channel` are cut by it.
  const channel = h.channel ?? h.customerId.slice(0, h.customerId.indexOf(':'));
  return h.queuedAt >= query.from && h.queuedAt < query.to
    && (!query.team || h.team === query.team)
    && (!query.agentId || h.agentId === query.agentId)
    && (!query.channel || channel === query.channel)
    && (!query.locale || h.locale === query.locale)
    && (!query.customerIds || query.customerIds.includes(h.customerId));
}

function conversationRow(c: Conversation): ConversationFactRow {
  const row: ConversationFactRow = { id: c.id, channel: c.channel, locale: c.locale, createdAt: c.createdAt };
  if (c.facts) row.facts = { ...c.facts };
  return row;
}

function handoffRow(h: Handoff): HandoffFactRow {
  const keys = ['conversationId', 'customerId', 'status', 'team', 'agentId', 'channel', 'locale', 'queuedAt', 'claimedAt', 'firstAgentReplyAt', 'closedAt', 'slaBreachedAt', 'resolution', 'csat'] as const;
  const row: Record<string, unknown> = { id: h.id };
  for (const key of keys) if (h[key] !== undefined) row[key] = structuredClone(h[key]);
  return row as unknown as HandoffFactRow;
}
