import type { DeliveryReceipt, ReceiptBatch } from '../channels/port';
import { customerIdOf } from '../domain/conversation';
import type { DeliveryStatus } from '../domain/message';
import type { OutboundEntry } from '../domain/transcript';
import type { LiveEvents } from '../events/port';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import { publishChatMessage } from './chatEvents';
import { CustomerIdentities } from './customerIdentity';

// A watermark receipt (Messenger: "everything up to this moment was read") is applied to what
// was sent to the customer in the last week: older messages are not worth a longer scan.
const WATERMARK_LOOKBACK_MS = 7 * 24 * 3_600_000;
const WATERMARK_SCAN_LIMIT = 500;
// What a watermark may reach: messages on their way, never one that failed.
const BEFORE: Record<DeliveryReceipt['status'], DeliveryStatus[]> = { sent: [], delivered: ['sent'], read: ['sent', 'delivered'], played: ['sent', 'delivered', 'read'], failed: [] };

type Deps = { store: Store; events: LiveEvents; logger: Logger; clock?: () => number };

/**
 * The consumer of the queue's `status` topic: a channel's receipts (sent, delivered, read,
 * played, failed) recorded on the message each is about, or on every message up to its
 * watermark, and shown live to an agent watching the chat. Meta does not promise their order
 * (a "read" may come before its "delivered", one batch may hold both): the store keeps each
 * message at the furthest state reached, so a late or repeated receipt changes nothing and a
 * retried batch is harmless.
 */
export function createReceiptHandler(deps: Deps): (job: DeliveryReceipt | ReceiptBatch) => Promise<void> {
  const identities = new CustomerIdentities({ store: deps.store, logger: deps.logger });
  return async (job) => {
    for (const receipt of 'receipts' in job ? job.receipts : [job]) await apply(deps, identities, receipt);
  };
}

async function apply(deps: Deps, identities: CustomerIdentities, receipt: DeliveryReceipt): Promise<void> {
  const { store } = deps;
  const entries = await messagesOf(store, receipt);
  for (const entry of entries) {
    if (!(await store.messages.applyReceipt(entry.id, { status: receipt.status, at: receipt.at, error: receipt.error }))) continue;
    // An agent watching the chat sees ticks and failures (with WhatsApp's code) as they come.
    const conversation = await store.conversations.get(entry.conversationId);
    await publishChatMessage(deps, conversation, (deps.clock ?? Date.now)(), { messageId: entry.id, status: receipt.status, error: receipt.error });
  }
  // A receipt names its recipient by every identifier WhatsApp has (a phone the customer
  // shows now, a username): the customer learns them, and one record of theirs absorbs another.
  if (receipt.identity && entries.length > 0) await identities.learn(entries[0].customerId, receipt.identity, receipt.at);
}

async function messagesOf(store: Store, receipt: DeliveryReceipt): Promise<OutboundEntry[]> {
  if (receipt.channelMessageId !== undefined) {
    const entry = await store.messages.findByChannelMessageId(receipt.channelMessageId);
    // Another channel's message: ids are unique within a channel only, so it is not the one
    // this receipt is about.
    if (entry) return entry.channel === receipt.channel ? [entry] : [];
    // None: a message sent outside this product, or one whose sender died before recording the
    // channel's answer. That one comes back by the key its first part went out with.
    const adopted = await adoptedBySendKey(store, receipt as DeliveryReceipt & { channelMessageId: string });
    return adopted ? [adopted] : [];
  }
  const recent = await store.messages.listByCustomer(customerIdOf(receipt.channel, receipt.recipient), {
    after: receipt.upTo - WATERMARK_LOOKBACK_MS,
    limit: WATERMARK_SCAN_LIMIT,
  });
  return recent.filter(
    (entry): entry is OutboundEntry => entry.direction === 'out' && entry.createdAt <= receipt.upTo && BEFORE[receipt.status].includes(entry.status),
  );
}

/**
 * The message whose first part (key `<message id>#0`, see whatsappCloudChannel.ts) this receipt
 * is about, once it took the channel's id. With it recorded as sent, a send job run again for
 * it (its worker died mid-send) finds it gone out and does not send it twice.
 */
async function adoptedBySendKey(store: Store, receipt: DeliveryReceipt & { channelMessageId: string }): Promise<OutboundEntry | null> {
  const messageId = receipt.sendKey?.endsWith(FIRST_PART) ? receipt.sendKey.slice(0, -FIRST_PART.length) : undefined;
  if (!messageId) return null;
  return store.messages.adoptChannelMessageId(messageId, receipt.channel, receipt.channelMessageId);
}

const FIRST_PART = '#0';
