import { storedMessageId, type CustomerNotice, type InboundContent, type InboundMessage } from '../domain/message';
import type { Customer } from '../domain/customer';
import type { InboundEntry } from '../domain/transcript';
import type { LiveEvents } from '../events/port';
import type { MediaStore } from '../media/port';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import { publishChatMessage } from '../conversation/chatEvents';

export interface CustomerNoticeDeps {
  store: Store;
  events: LiveEvents;
  media?: MediaStore;
  logger: Logger;
}

/**
 * What a customer changed rather than said: an edit or a deletion of one of their messages,
 * or their marketing preference. Each is recorded where it belongs (the message, the
 * customer) and shown to agents; none gets an answer, opens a conversation or WhatsApp's
 * 24-hour window, and applying one twice changes nothing.
 */
export class CustomerNotices {
  constructor(private readonly deps: CustomerNoticeDeps) {}

  async apply(message: InboundMessage & { content: CustomerNotice }, customerId: string): Promise<void> {
    const content = message.content;
    const log = this.deps.logger.child({ messageId: message.id, channel: message.channel, notice: content.type });
    if (content.type === 'preference') {
      await this.preference(customerId, message as InboundMessage & { content: typeof content }, log);
      return;
    }
    // Kept under channel:id (domain/message.ts storedMessageId).
    const original = await this.deps.store.messages.get(storedMessageId({ channel: message.channel, id: content.messageId }));
    // Only the customer's own messages: a notice naming someone else's (or one of ours) is dropped.
    if (!original || original.direction !== 'in' || original.customerId !== customerId) {
      log.info(`${content.type} of a message the bot does not have; nothing to change`);
      return;
    }
    const amended = content.type === 'edit' ? await this.edit(original, content.content, message.timestamp) : await this.delete(original, message.timestamp);
    if (amended) await publishChatMessage(this.deps, await this.deps.store.conversations.get(original.conversationId), Date.now(), { messageId: original.id, change: content.type === 'edit' ? 'edited' : 'deleted' });
  }

  /** The message reads as edited; an older edit arriving late does not undo a newer one. */
  private async edit(original: InboundEntry, edited: InboundContent, at: number): Promise<boolean> {
    if (original.deletedAt || (original.editedAt ?? 0) > at) return false;
    // A media message keeps its file: only its caption changed (channels may send the new words as text).
    const caption = edited.type === 'media' ? edited.media.caption : edited.type === 'text' ? edited.text : undefined;
    const content: InboundContent = original.content.type === 'media' && (edited.type === 'media' || edited.type === 'text')
      ? { ...original.content, media: { ...original.content.media, caption } }
      : edited;
    return (await this.deps.store.messages.amendInbound(original.id, { content, editedAt: at })) !== null;
  }

  /** Its words and its file go; the transcript keeps a "deleted by the customer" in its place. */
  private async delete(original: InboundEntry, at: number): Promise<boolean> {
    if (original.deletedAt) return false;
    const gone: InboundContent = { type: 'unsupported', originalType: original.content.type, detail: 'deleted by the customer' };
    const amended = await this.deps.store.messages.amendInbound(original.id, { content: gone, deletedAt: at, media: undefined, editedAt: undefined });
    await this.deps.media?.delete(original.id);
    return amended !== null;
  }

  /** Kept on the customer, the newest choice winning (stop and resume may arrive out of order). */
  private async preference(customerId: string, message: InboundMessage & { content: { type: 'preference'; marketing: 'stop' | 'resume'; detail?: string } }, log: Logger): Promise<void> {
    const customer: Customer | null = await this.deps.store.customers.get(customerId);
    if (!customer) return;
    if ((customer.marketing?.at ?? 0) > message.timestamp) return;
    const marketing: NonNullable<Customer['marketing']> = { status: message.content.marketing === 'stop' ? 'stopped' : 'resumed', at: message.timestamp };
    if (message.content.detail) marketing.detail = message.content.detail;
    await this.deps.store.customers.update(customerId, { marketing });
    log.info('customer marketing preference recorded', { marketing: marketing.status });
    const conversation = await this.deps.store.conversations.findOpen(customerId);
    await publishChatMessage(this.deps, conversation, Date.now(), { customerId, marketing: marketing.status });
  }
}
