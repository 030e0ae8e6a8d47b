import type { Store } from '../store/port';
import type { TranscriptEntry } from '../domain/transcript';
import type { Handoff } from '../domain/handoff';

// A customer's handoffs, newest first, as many as any shop keeps for one person.
const MAX_HANDOFFS = 10_000;

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

/**
 * Everything the shop holds about one customer, to answer "what do you hold about me?":
 * profile and identifiers, every conversation with its transcript and collected values, the
 * handoffs with their notes and CSAT answers. Null when the store has nothing of them.
 */
export async function exportCustomer(store: Store, customerId: string, now: number) {
  const [customer, conversations, handoffs, agents] = await Promise.all([
    store.customers.get(customerId),
    store.conversations.listByCustomer(customerId),
    store.handoffs.listByCustomer(customerId, MAX_HANDOFFS),
    store.agents.list(),
  ]);
  if (!customer && conversations.length === 0) return null;
  const agentName = (id: string | undefined) => (id ? agents.find((a) => a.id === id)?.name ?? 'an agent' : undefined);
  const transcripts = await Promise.all(conversations.map((c) => store.messages.listByConversation(c.id)));
  return {
    exportedAt: iso(now),
    customer: customer && {
      id: customer.id,
      name: customer.profileName,
      username: customer.username,
      typedPhone: customer.statedPhone,
      locale: customer.locale,
      tags: customer.tags,
      optedOut: customer.optedOut,
      marketing: customer.marketing && { status: customer.marketing.status, at: iso(customer.marketing.at) },
      firstSeenAt: iso(customer.createdAt),
      lastSeenAt: iso(customer.lastSeenAt),
    },
    // Every identifier the customer was seen with (phone, BSUID, parent BSUID), merged records' too.
    identifiers: customer
      ? customer.identifiers.map((id) => ({ channel: customer.channel, kind: id.kind, address: id.value }))
      : [{ channel: conversations[0].channel, address: conversations[0].address }],
    conversations: conversations.map((c, i) => ({
      id: c.id,
      channel: c.channel,
      locale: c.locale,
      status: c.status,
      startedAt: iso(c.createdAt),
      closedAt: iso(c.closedAt),
      collectedValues: c.values,
      intents: c.intents.map((m) => ({ intent: m.intent, confidence: m.confidence, at: iso(m.at) })),
      transcript: transcripts[i].map((entry) => exportedEntry(entry, agentName)),
    })),
    handoffs: handoffs.map((h) => exportedHandoff(h, agentName)),
  };
}

export type CustomerExport = NonNullable<Awaited<ReturnType<typeof exportCustomer>>>;

function exportedEntry(entry: TranscriptEntry, agentName: (id: string | undefined) => string | undefined) {
  const base = { id: entry.id, at: iso(entry.createdAt), content: entry.content };
  return entry.direction === 'in'
    ? { ...base, from: 'customer' }
    : { ...base, from: entry.sender, agent: agentName(entry.agentId), delivery: entry.status };
}

function exportedHandoff(h: Handoff, agentName: (id: string | undefined) => string | undefined) {
  return {
    id: h.id,
    conversationId: h.conversationId,
    status: h.status,
    reason: h.reason,
    team: h.team,
    summary: h.summary,
    queuedAt: iso(h.queuedAt),
    claimedAt: iso(h.claimedAt),
    closedAt: iso(h.closedAt),
    agent: agentName(h.agentId),
    resolution: h.resolution,
    notes: h.notes.map((n) => ({ by: agentName(n.agentId), at: iso(n.at), text: n.text })),
    csat: h.csat && { score: h.csat.score, comment: h.csat.comment, at: iso(h.csat.at) },
  };
}
