import type { Conversation } from '../../domain/conversation';
import type { Handoff } from '../../domain/handoff';
import type { ConversationFactRow, HandoffFactRow, ReportFactsQuery, ReportsRepository } from '../port';

/** The collections the report reads; a getter, because the memory store swaps its state on load. */
interface ReportSource {
  conversations: Map<string, Conversation>;
  handoffs: Map<string, Handoff>;
}

/**
 * Reports over the embedded store: one pass over the conversations / handoffs with the same
 * filters the Mongo adapter sends to the server (test/contracts/reportsContract.ts holds both
 * to the same answers). Rows are fresh objects, so callers cannot change stored state.
 */
export class MemoryReportsRepository implements ReportsRepository {
  constructor(private readonly source: () => ReportSource) {}

  async conversationFacts(query: ReportFactsQuery): Promise<ConversationFactRow[]> {
    const ids = query.conversationIds && new Set(query.conversationIds);
    const rows: ConversationFactRow[] = [];
    for (const c of this.source().conversations.values()) {
      if (c.createdAt < query.from || c.createdAt >= query.to) continue;
      if (query.channel && c.channel !== query.channel) continue;
      if (query.locale && c.locale !== query.locale) continue;
      if (ids && !ids.has(c.id)) continue;
      const row: ConversationFactRow = { id: c.id, channel: c.channel, locale: c.locale, createdAt: c.createdAt };
      if (c.facts) row.facts = { ...c.facts };
      rows.push(row);
    }
    return rows;
  }

  async handoffFacts(query: ReportFactsQuery): Promise<HandoffFactRow[]> {
    const customers = query.customerIds && new Set(query.customerIds);
    const rows: HandoffFactRow[] = [];
    for (const h of this.source().handoffs.values()) {
      if (h.queuedAt < query.from || h.queuedAt >= query.to) continue;
      if (query.team && h.team !== query.team) continue;
      if (query.agentId && h.agentId !== query.agentId) continue;
      if (query.channel && (h.channel ?? channelOfCustomer(h.customerId)) !== query.channel) continue;
      if (query.locale && h.locale !== query.locale) continue;
      if (customers && !customers.has(h.customerId)) continue;
      rows.push(handoffRow(h));
    }
    return rows;
  }
}

/** Customer ids are `${channel}:${address}` (domain/conversation.ts customerIdOf). */
function channelOfCustomer(customerId: string): string {
  return customerId.slice(0, customerId.indexOf(':'));
}

function handoffRow(h: Handoff): HandoffFactRow {
  const row: HandoffFactRow = { id: h.id, conversationId: h.conversationId, customerId: h.customerId, status: h.status, team: h.team, queuedAt: h.queuedAt };
  if (h.agentId !== undefined) row.agentId = h.agentId;
  if (h.channel !== undefined) row.channel = h.channel;
  if (h.locale !== undefined) row.locale = h.locale;
  if (h.claimedAt !== undefined) row.claimedAt = h.claimedAt;
  if (h.firstAgentReplyAt !== undefined) row.firstAgentReplyAt = h.firstAgentReplyAt;
  if (h.closedAt !== undefined) row.closedAt = h.closedAt;
  if (h.slaBreachedAt !== undefined) row.slaBreachedAt = h.slaBreachedAt;
  if (h.resolution !== undefined) row.resolution = h.resolution;
  if (h.csat) row.csat = { ...h.csat };
  return row;
}
