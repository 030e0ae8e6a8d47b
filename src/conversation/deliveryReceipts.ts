import type { DeliveryReceipt } from '../channels/port';
import type { LiveEvents } from '../events/port';
import type { Store } from '../store/port';

/**
 * The consumer of the queue's `status` topic: a channel's receipt (sent, delivered, read,
 * failed) recorded on the message it is about, and shown live to an agent watching the chat.
 */
export function createReceiptHandler(deps: { store: Store; events: LiveEvents }): (receipt: DeliveryReceipt) => Promise<void> {
  const { store, events } = deps;
  return async (receipt) => {
    const entry = await store.messages.findByChannelMessageId(receipt.channelMessageId);
    if (!entry) return; // a receipt for a message sent outside this product
    await store.messages.updateDelivery(entry.id, { status: receipt.status, at: receipt.at, error: receipt.error });
    // An agent watching the chat sees ticks and failures (with WhatsApp's code) as they come.
    const conversation = await store.conversations.get(entry.conversationId);
    if (conversation?.handoffId) {
      const handoff = await store.handoffs.get(conversation.handoffId);
      events.publish({ type: 'message', conversationId: conversation.id, handoffId: handoff?.id, team: handoff?.team, agentId: handoff?.agentId, at: Date.now(), detail: { messageId: entry.id, status: receipt.status, error: receipt.error } });
    }
  };
}
