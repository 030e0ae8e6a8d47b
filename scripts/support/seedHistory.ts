import type { Conversation } from '../../src/domain/conversation';
import type { Handoff } from '../../src/domain/handoff';
import type { InboundEntry, OutboundEntry } from '../../src/domain/transcript';
import type { Store } from '../../src/store/port';

const DAY = 86_400_000;
const QUESTIONS = ['where is my order', 'delivery charge koto?', 'ঢাকার বাইরে ডেলিভারি কতদিন লাগে', 'return policy?', 'bkash e payment kora jabe', 'thanks'];
const ANSWER = 'Delivery inside Dhaka is 60 taka and takes 1-2 days; outside Dhaka 120 taka, 3-5 days. Anything else I can help with?';

export interface SeededHistory {
  customers: number;
  conversations: number;
  messages: number;
  handoffs: number;
}

/**
 * Months of a shop's past chats, written through the Store port as the bot writes them: each
 * conversation closed, with its collected values, intents, facts and a transcript of three
 * questions and their answers; one in five went to a person and was closed with a rating.
 * Customers are `whatsapp-cloud:8801<700000000 + n>` for n below `customers`, so later traffic
 * from those numbers comes from returning customers with history.
 */
export async function seedHistory(store: Store, options: { conversations: number; customers: number; now?: number }): Promise<SeededHistory> {
  const now = options.now ?? Date.now();
  const counts: SeededHistory = { customers: 0, conversations: 0, messages: 0, handoffs: 0 };
  // A thousand conversations at a time: their writes share the store's group commits.
  for (let start = 0; start < options.conversations; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, options.conversations - start) }, (_, k) => start + k);
    await Promise.all(batch.map((i) => seedConversation(store, i, options.customers, now, counts)));
  }
  return counts;
}

async function seedConversation(store: Store, i: number, customers: number, now: number, counts: SeededHistory): Promise<void> {
  const n = i % customers;
  const address = `8801${700_000_000 + n}`;
  const customerId = `whatsapp-cloud:${address}`;
  const createdAt = now - 90 * DAY + i * 60_000; // one conversation a minute, weeks ago
  const closedAt = createdAt + 3_600_000;
  await store.customers.touch({ id: customerId, channel: 'whatsapp-cloud', address, profileName: `Customer ${n}`, at: createdAt });
  if (i < customers) counts.customers += 1;
  const handedOff = i % 5 === 0;
  const conversation: Conversation = {
    id: `history-${i}`, customerId, channel: 'whatsapp-cloud', address, locale: i % 2 ? 'bn' : 'en', owner: 'bot', status: 'closed',
    values: { order_id: String(200_000 + (i % 99_999)), order: { status: 'shipped', courier: 'Pathao' } }, misses: 0,
    intents: [{ intent: 'order_status', confidence: 0.91, at: createdAt }, { intent: 'delivery_charge', confidence: 0.83, at: createdAt + 60_000 }],
    facts: { inbound: 3, unmatched: 0, handoffs: handedOff ? 1 : 0, firstCustomerMessageAt: createdAt, firstReplyAt: createdAt + 900, firstIntent: 'order_status' },
    lastInboundId: `wamid.history.${i}.2`, lastCustomerMessageAt: createdAt + 120_000, createdAt, updatedAt: closedAt, closedAt, version: 4,
  };
  await store.conversations.create(conversation);
  counts.conversations += 1;
  for (let m = 0; m < 3; m++) {
    const at = createdAt + m * 60_000;
    const inbound: InboundEntry = {
      id: `wamid.history.${i}.${m}`, direction: 'in', conversationId: conversation.id, customerId, channel: 'whatsapp-cloud', createdAt: at, locale: conversation.locale,
      content: { type: 'text', text: QUESTIONS[(i + m) % QUESTIONS.length] }, handledAt: at + 40, intent: 'delivery_charge', confidence: 0.83,
    };
    const reply: OutboundEntry = {
      id: `${inbound.id}#0`, direction: 'out', conversationId: conversation.id, customerId, channel: 'whatsapp-cloud', createdAt: at + 40, locale: conversation.locale,
      content: { type: 'text', text: ANSWER }, sender: 'bot', inReplyTo: inbound.id, status: 'read', channelMessageId: `wamid.history.out.${i}.${m}`, statusAt: at + 5000,
    };
    await store.messages.insertInbound(inbound);
    await store.messages.insertOutbound(reply);
    counts.messages += 2;
  }
  if (!handedOff) return;
  const queuedAt = createdAt + 130_000;
  const handoff: Handoff = {
    id: `history-handoff-${i}`, conversationId: conversation.id, customerId, status: 'closed', trigger: 'customer-request', reason: 'asked for a person', team: 'sales', priority: 'normal',
    queuedAt, claimedAt: queuedAt + 90_000, firstAgentReplyAt: queuedAt + 120_000, closedAt: queuedAt + 900_000, agentId: 'history-agent', resolution: 'answered',
    notes: [{ id: `note-${i}`, agentId: 'history-agent', text: 'asked about delivery outside Dhaka', at: queuedAt + 200_000 }],
    csat: { score: 4, at: queuedAt + 960_000, team: 'sales', agentId: 'history-agent' }, channel: 'whatsapp-cloud', locale: conversation.locale, version: 3,
  };
  await store.handoffs.create(handoff);
  counts.handoffs += 1;
}
