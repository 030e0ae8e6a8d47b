import { customerIdOf, type Conversation } from '../domain/conversation';
import type { ChannelUpdate } from '../domain/delivery';
import { maskSecrets } from '../domain/secrets';
import { contentText, storedMessageId, type OutboundContent } from '../domain/message';
import type { InboundEntry, OutboundEntry } from '../domain/transcript';
import type { LiveEvents } from '../events/port';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';

// An echo of the bot's own send arrives within moments; older sends are not looked at.
const OWN_ECHO_WINDOW_MS = 2 * 60_000;
const ON_ITS_WAY: OutboundEntry['status'][] = ['sending', 'sent', 'delivered', 'read'];

/**
 * The consumer of channel updates on the `inbound` topic (domain/delivery.ts ChannelUpdate):
 * what the business's own account wrote outside the bot, and a customer's edit or unsend, go
 * into the transcript for agents, without waking the bot or touching the messaging window.
 */
export function createChannelUpdateHandler(deps: { store: Store; events: LiveEvents; logger: Logger }): (update: ChannelUpdate) => Promise<void> {
  const { store, logger } = deps;
  return async (update) => {
    const conversation = await conversationOf(store, update);
    if (!conversation) {
      logger.info('channel update for a customer without a conversation ignored', { channel: update.channel, update: update.update });
      return;
    }
    if (update.update === 'page-message') await recordPageMessage(deps, conversation, update);
    else await recordRevision(deps, conversation, update);
  };
}

type Revision = Extract<ChannelUpdate, { update: 'edit' | 'unsend' }>;

/**
 * An edit or an unsend is noted right after in the transcript, pointing at the message it is
 * about (`replyTo`), recorded as handled: the bot does not act on it.
 */
async function recordRevision(deps: { store: Store; events: LiveEvents }, conversation: Conversation, update: Revision): Promise<void> {
  // The customer's message is kept under channel:id (domain/message.ts storedMessageId), and so is the note.
  const originalId = storedMessageId({ channel: update.channel, id: update.channelMessageId });
  const original = await deps.store.messages.get(originalId);
  const entry: InboundEntry = {
    id: `${originalId}#${update.update}:${update.at}`,
    direction: 'in',
    conversationId: original?.conversationId ?? conversation.id,
    customerId: conversation.customerId,
    channel: conversation.channel,
    createdAt: update.at,
    content: { type: 'system', detail: update.update === 'edit' ? `Edited a message to: "${maskSecrets(update.text).text}"` : 'Unsent a message' },
    replyTo: update.channelMessageId,
    handledAt: update.at,
  };
  if (await deps.store.messages.insertInbound(entry)) await notifyAgents(deps, conversation, entry.id, 'in');
}

async function notifyAgents(deps: { store: Store; events: LiveEvents }, conversation: Conversation, messageId: string, direction: 'in' | 'out'): Promise<void> {
  if (!conversation.handoffId) return;
  const handoff = await deps.store.handoffs.get(conversation.handoffId);
  deps.events.publish({ type: 'message', conversationId: conversation.id, handoffId: handoff?.id, team: handoff?.team, agentId: handoff?.agentId, at: Date.now(), detail: { messageId, direction } });
}

/** The customer's open conversation, or their latest one (an edit of an old message). */
async function conversationOf(store: Store, update: ChannelUpdate): Promise<Conversation | null> {
  const customerId = customerIdOf(update.channel, update.customer);
  const open = await store.conversations.findOpen(customerId);
  if (open) return open;
  const all = await store.conversations.listByCustomer(customerId);
  return all.reduce<Conversation | null>((latest, c) => (!latest || c.createdAt > latest.createdAt ? c : latest), null);
}

async function recordPageMessage(deps: { store: Store; events: LiveEvents }, conversation: Conversation, update: Extract<ChannelUpdate, { update: 'page-message' }>): Promise<void> {
  const { store } = deps;
  if (await store.messages.findByChannelMessageId(update.channelMessageId)) return;
  if (await isOwnSend(store, conversation.id, update)) return;
  const entry: OutboundEntry = {
    id: `page:${update.channelMessageId}`,
    direction: 'out',
    conversationId: conversation.id,
    customerId: conversation.customerId,
    channel: conversation.channel,
    createdAt: update.at,
    content: update.content,
    sender: 'page',
    status: 'sent',
    statusAt: update.at,
    channelMessageId: update.channelMessageId,
  };
  // false: a redelivered echo.
  if (await store.messages.insertOutbound(entry)) await notifyAgents(deps, conversation, entry.id, 'out');
}

/**
 * An echo whose id is not recorded yet may still be the bot's own: the echo can outrun the Send
 * API's answer (Instagram's echoes carry no metadata to tell). It is ours when a message of ours
 * on its way in the last minutes says the same (a long text goes in pieces: it contains the echo).
 */
async function isOwnSend(store: Store, conversationId: string, update: { at: number; content: OutboundContent }): Promise<boolean> {
  const recent = await store.messages.listByConversation(conversationId, { after: update.at - OWN_ECHO_WINDOW_MS });
  const echoed = comparable(update.content);
  return recent.some((e) => e.direction === 'out' && e.sender !== 'page' && ON_ITS_WAY.includes(e.status) && echoed !== '' && comparable(e.content).includes(echoed));
}

function comparable(content: OutboundContent): string {
  return (content.type === 'media' ? (content.media.url ?? '') : contentText(content)).replace(/\s+/g, ' ').trim();
}
