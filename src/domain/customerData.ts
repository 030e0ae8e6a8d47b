import type { Conversation } from './conversation';
import { RETURNED_TO_BOT, type Handoff } from './handoff';
import type { ChannelName } from './message';

/**
 * What is left of a customer's data after an erasure or after the retention period: the
 * anonymous facts reports read (counts, times, intents, team, agent, CSAT score), nothing a
 * person wrote or could be recognised by (docs/PRIVACY.md).
 */

/** The resolution reports treat as "the chat went on with the bot" (reports/csat.ts) survives; any other becomes this. */
export const ERASED_TEXT = '[erased]';

/**
 * Stands in for an erased customer's id on what is kept, so reports still see one customer
 * (first contact resolution counts repeat chats per customer) on its channel (reports cut by
 * the id's channel prefix), without anything that leads back to the person.
 */
export function erasedCustomerId(channel: ChannelName, randomId: string): string {
  return `${channel}:erased-${randomId}`;
}

export function isErasedCustomerId(customerId: string): boolean {
  return /:erased-[\w-]+$/.test(customerId);
}

/** A conversation kept only as facts: the flow state, collected values and pending messages go. */
export function redactedConversation(conversation: Conversation, at: number): Conversation {
  return {
    id: conversation.id,
    customerId: conversation.customerId,
    channel: conversation.channel,
    address: conversation.address,
    locale: conversation.locale,
    owner: conversation.status === 'open' ? conversation.owner : 'bot',
    agentId: conversation.status === 'open' ? conversation.agentId : undefined,
    handoffId: conversation.status === 'open' ? conversation.handoffId : undefined,
    status: conversation.status,
    values: {},
    misses: 0,
    intents: conversation.intents,
    facts: conversation.facts,
    lastInboundId: conversation.lastInboundId,
    createdAt: conversation.createdAt,
    updatedAt: at,
    closedAt: conversation.closedAt,
    redactedAt: at,
    version: conversation.version,
  };
}

/** An erased customer's conversation: facts only, under the stand-in id, closed if it was open. */
export function erasedConversation(conversation: Conversation, standIn: string, at: number): Conversation {
  const closed: Conversation = { ...conversation, status: 'closed', closedAt: conversation.closedAt ?? at };
  return { ...redactedConversation(closed, at), customerId: standIn, address: '', lastInboundId: undefined };
}

/** The changes that keep a handoff as facts: notes, the summary and the customer's CSAT comment go. */
export function redactedHandoffChanges(handoff: Handoff): Partial<Handoff> {
  return {
    notes: [],
    summary: undefined,
    csat: handoff.csat && { score: handoff.csat.score, at: handoff.csat.at, agentId: handoff.csat.agentId, team: handoff.csat.team },
  };
}

/** An erased customer's handoff: facts only, under the stand-in id; one still open is closed. */
export function erasedHandoffChanges(handoff: Handoff, standIn: string, at: number): Partial<Handoff> {
  const open = handoff.status !== 'closed';
  return {
    ...redactedHandoffChanges(handoff),
    customerId: standIn,
    reason: ERASED_TEXT,
    resolution: open ? ERASED_TEXT : handoff.resolution === RETURNED_TO_BOT ? RETURNED_TO_BOT : handoff.resolution && ERASED_TEXT,
    ...(open ? { status: 'closed' as const, closedAt: at } : {}),
  };
}
