import type { Conversation } from '../../../src/domain/conversation';
import type { Handoff } from '../../../src/domain/handoff';
import { ERASED_TEXT, erasedConversation, erasedCustomerId, erasedHandoffChanges, isErasedCustomerId, redactedConversation, redactedHandoffChanges } from '../../../src/domain/customerData';

const conversation: Conversation = {
  id: 'c1', customerId: 'whatsapp-cloud:8801700000001', channel: 'whatsapp-cloud', address: '8801700000001', locale: 'bn',
  owner: 'agent', agentId: 'a1', handoffId: 'h1', status: 'open',
  position: { flowId: 'order_status', stepId: 'ask_order', flowVersion: 'v1', awaiting: true, attempts: 0 },
  values: { order_id: '204518', name: 'Rahim' }, misses: 1, intents: [{ intent: 'order_status', confidence: 0.9, at: 5 }],
  lastInboundId: 'wamid.1', pendingReplies: [], lastOptions: [{ id: 'x', title: 'X' }], sentiment: -0.4, lastCustomerMessageAt: 9,
  csat: { handoffId: 'h0', askedAt: 3, stage: 'comment', invalidAnswers: 0 }, reengagement: { template: 't', at: 8, messageId: 'm' },
  facts: { inbound: 4, unmatched: 1, handoffs: 1, firstCustomerMessageAt: 2, firstReplyAt: 3, firstIntent: 'order_status' },
  createdAt: 1, updatedAt: 9, version: 7,
};

const handoff: Handoff = {
  id: 'h1', conversationId: 'c1', customerId: conversation.customerId, status: 'claimed', trigger: 'flow', reason: 'Catalogue order: 2 × SKU-1',
  team: 'sales', priority: 'high', queuedAt: 10, claimedAt: 20, agentId: 'a1', notes: [{ id: 'n', agentId: 'a1', text: 'lives at road 5', at: 21 }],
  summary: 'Customer said: "my address is road 5"', csat: { score: 2, comment: 'Rahim here, too slow', at: 40, agentId: 'a1', team: 'sales' },
  firstAgentReplyAt: 25, locale: 'bn', channel: 'whatsapp-cloud', version: 3,
};

describe('what is left of a customer\u2019s data', () => {
  it('keeps a conversation\u2019s facts and drops what the customer said or was asked', () => {
    const kept = redactedConversation({ ...conversation, status: 'closed', closedAt: 30 }, 99);
    expect(kept).toEqual({
      id: 'c1', customerId: conversation.customerId, channel: 'whatsapp-cloud', address: '8801700000001', locale: 'bn', owner: 'bot', status: 'closed',
      values: {}, misses: 0, intents: conversation.intents, facts: conversation.facts, lastInboundId: 'wamid.1',
      createdAt: 1, updatedAt: 99, closedAt: 30, redactedAt: 99, version: 7,
    });
  });

  it('erases a conversation to facts under a stand-in id, closing it when it was open', () => {
    const standIn = erasedCustomerId('whatsapp-cloud', 'r4nd0m');
    expect(standIn).toBe('whatsapp-cloud:erased-r4nd0m');
    expect(isErasedCustomerId(standIn)).toBe(true);
    expect(isErasedCustomerId(conversation.customerId)).toBe(false);
    const erased = erasedConversation(conversation, standIn, 50);
    expect(erased).toMatchObject({ customerId: standIn, address: '', status: 'closed', closedAt: 50, owner: 'bot', values: {}, facts: conversation.facts, intents: conversation.intents, redactedAt: 50 });
    expect(JSON.stringify(erased)).not.toMatch(/8801700000001|204518|Rahim|wamid/);
  });

  it('keeps a handoff\u2019s times, team, agent and CSAT score, and drops notes, summary and comment', () => {
    expect(redactedHandoffChanges(handoff)).toEqual({ notes: [], summary: undefined, csat: { score: 2, at: 40, agentId: 'a1', team: 'sales' } });
    const erased = { ...handoff, ...erasedHandoffChanges(handoff, 'whatsapp-cloud:erased-x', 50) };
    expect(erased).toMatchObject({ customerId: 'whatsapp-cloud:erased-x', status: 'closed', closedAt: 50, resolution: ERASED_TEXT, reason: ERASED_TEXT, queuedAt: 10, claimedAt: 20, firstAgentReplyAt: 25, team: 'sales', agentId: 'a1' });
    expect(JSON.stringify(erased)).not.toMatch(/8801700000001|road 5|Rahim|SKU-1/);
  });

  it('keeps "returned to the bot", which reports tell from a closed chat', () => {
    const handedBack = { ...handoff, status: 'closed' as const, closedAt: 30, resolution: 'returned to the bot' };
    expect(erasedHandoffChanges(handedBack, 's', 50)).toMatchObject({ resolution: 'returned to the bot' });
    expect(erasedHandoffChanges({ ...handedBack, resolution: 'Refund sent to 01712345678' }, 's', 50)).toMatchObject({ resolution: ERASED_TEXT });
    expect(erasedHandoffChanges(handedBack, 's', 50)).not.toHaveProperty('closedAt');
  });
});
