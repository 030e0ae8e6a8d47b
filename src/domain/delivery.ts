import type { CustomerIdentity } from './identity';
import type { ChannelName, OutboundContent } from './message';
import type { DeliveryError } from './transcript';

/**
 * A delivery receipt from a channel: about one sent message (WhatsApp `statuses[]`, Messenger
 * `delivery.mids[]`, Instagram `read.mid`), or, when the channel only gives a watermark
 * (Messenger `read.watermark`), about every message sent to `recipient` up to that moment.
 */
export type DeliveryReceipt = {
  channel: ChannelName;
  /** `played`: the customer listened to a voice message (WhatsApp). */
  status: 'sent' | 'delivered' | 'read' | 'played' | 'failed';
  at: number;
  /** The recipient's address: a phone, a page-scoped id, or the BSUID a WhatsApp message went to. */
  recipient?: string;
  /** Every identifier (and the username) the channel sent for the recipient. */
  identity?: CustomerIdentity;
  error?: DeliveryError;
  /**
   * The key this bot gave the sent part, as the channel echoes it (WhatsApp's
   * `biz_opaque_callback_data`): it finds a message whose channel id was never recorded.
   */
  sendKey?: string;
} & ({ channelMessageId: string; upTo?: undefined } | { channelMessageId?: undefined; recipient: string; upTo: number });

/** Receipts queued together as one `status` job (a webhook delivery's, up to 100 a job). */
export interface ReceiptBatch {
  receipts: DeliveryReceipt[];
}

/** A send failure that says what to do next (BullMQ-style error classes). */
export class ChannelSendError extends Error {
  constructor(
    readonly error: DeliveryError,
    /** When retryable: wait at least this long before the next try. */
    readonly retryAfterMs?: number,
  ) {
    super(`${error.code}: ${error.title}`);
    this.name = 'ChannelSendError';
  }
}

/**
 * Something a channel reports about a conversation that is not a new customer message, queued
 * on `inbound` with the customer's key so it lands after the message it is about:
 * - `page-message`: the business's own account sent this from outside the bot (Meta Business
 *   Suite, the Page inbox, the Instagram app). Agents see it; the bot does not answer it, and it
 *   does not open the customer's messaging window.
 * - `edit`: the customer changed the text of a message they sent (Messenger `message_edits`).
 * - `unsend`: the customer took a message back (Instagram `is_deleted`); its content goes.
 */
export type ChannelUpdate = { channel: ChannelName; customer: string; channelMessageId: string; at: number } & (
  | { update: 'page-message'; content: OutboundContent }
  | { update: 'edit'; text: string }
  | { update: 'unsend' }
);

export function isChannelUpdate(job: object): job is ChannelUpdate {
  return typeof (job as { update?: unknown }).update === 'string';
}
