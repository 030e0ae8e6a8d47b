import type { DeliveryReceipt, ReceiptBatch } from '../channels/port';
import { customerIdOf } from '../domain/conversation';
import type { DeliveryStatus } from '../domain/message';
import type { OutboundEntry } from '../domain/transcript';
import type { LiveEvents } from '../events/port';
import type { Store } from '../store/port';

// A watermark receipt (Messenger: "everything up to this moment was read") is applied to what
// was sent to the customer in the last week: older messages are not worth a longer scan.
const WATERMARK_LOOKBACK_MS = 7 * 24 * 3_600_000;
const WATERMARK_SCAN_LIMIT = 500;
// What a watermark may move forward: it never turns a read message back into "delivered".
const BEFORE: Record<DeliveryReceipt['status'], DeliveryStatus[]> = { sent: [], delivered: ['sent'], read: ['sent', 'delivered'], played: ['sent', 'delivered', 'read'], failed: [] };

/**
 * The consumer of the queue's `status` topic: a channel's receipt (sent, delivered, read,
 * failed) recorded on the message it is about, or on every message up to its watermark, and
 * shown live to an agent watching the chat.
 */
export function createReceiptHandler(deps: { store: Store; events: LiveEvents }): (job: DeliveryReceipt | ReceiptBatch) => Promise<void> {
  const apply = receiptApplier(deps);
  return async (job) => {
    // Each receipt stands alone (a message keeps its furthest state), so a retried batch is harmless.
    for (const receipt of 'receipts' in job ? job.receipts : [job]) await apply(receipt);
  };
}

function receiptApplier(deps: { store: Store; events: LiveEvents }): (receipt: DeliveryReceipt) => Promise<void> {
  const { store, events } = deps;
  return async (receipt) => {
    for (const entry of await messagesOf(store, receipt)) {
      await store.messages.updateDelivery(entry.id, { status: receipt.status, at: receipt.at, error: receipt.error });
      // An agent watching the chat sees ticks and failures (with WhatsApp's code) as they come.
      const conversation = await store.conversations.get(entry.conversationId);
      if (conversation?.handoffId) {
        const handoff = await store.handoffs.get(conversation.handoffId);
        events.publish({ type: 'message', conversationId: conversation.id, handoffId: handoff?.id, team: handoff?.team, agentId: handoff?.agentId, at: Date.now(), detail: { messageId: entry.id, status: receipt.status, error: receipt.error } });
      }
    }
  };
}

async function messagesOf(store: Store, receipt: DeliveryReceipt): Promise<OutboundEntry[]> {
  if (receipt.channelMessageId !== undefined) {
    const entry = await store.messages.findByChannelMessageId(receipt.channelMessageId);
    // None: a receipt for a message sent outside this product. Another channel's message: ids
    // are unique within a channel only, so it is not the one this receipt is about.
    return entry && entry.channel === receipt.channel ? [entry] : [];
  }
  const recent = await store.messages.listByCustomer(customerIdOf(receipt.channel, receipt.recipient), {
    after: receipt.upTo - WATERMARK_LOOKBACK_MS,
    limit: WATERMARK_SCAN_LIMIT,
  });
  return recent.filter(
    (entry): entry is OutboundEntry => entry.direction === 'out' && entry.createdAt <= receipt.upTo && BEFORE[receipt.status].includes(entry.status),
  );
}
