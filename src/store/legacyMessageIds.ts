import { storedMessageId } from '../domain/message';

/**
 * Stores written before customer messages were kept under `channel:id` (domain/message.ts,
 * storedMessageId) are brought over by each adapter's migration with these: the new id of a
 * stored customer message, and of what points at one (a reply's `inReplyTo`, a conversation's
 * `lastInboundId` and its pending replies). A reference always names a message of its own
 * record's channel. Each returns null when the record needs no change, so a migration that ran
 * before changes nothing.
 */
interface LegacyMessage {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  inReplyTo?: string;
}

interface LegacyConversation {
  channel: string;
  lastInboundId?: string;
  pendingReplies?: { inReplyTo?: string }[];
}

function scoped(channel: string, id: string): string {
  return id.startsWith(`${channel}:`) ? id : storedMessageId({ channel, id });
}

export function scopeMessage<T extends LegacyMessage>(message: T): T | null {
  if (message.direction === 'in') {
    const id = scoped(message.channel, message.id);
    return id === message.id ? null : { ...message, id };
  }
  if (!message.inReplyTo) return null;
  const inReplyTo = scoped(message.channel, message.inReplyTo);
  return inReplyTo === message.inReplyTo ? null : { ...message, inReplyTo };
}

export function scopeConversation<T extends LegacyConversation>(conversation: T): T | null {
  if (!conversation.lastInboundId) return null;
  const lastInboundId = scoped(conversation.channel, conversation.lastInboundId);
  if (lastInboundId === conversation.lastInboundId) return null;
  const pendingReplies = conversation.pendingReplies?.map((reply) => (reply.inReplyTo ? { ...reply, inReplyTo: scoped(conversation.channel, reply.inReplyTo) } : reply));
  return { ...conversation, lastInboundId, ...(pendingReplies ? { pendingReplies } : {}) };
}
