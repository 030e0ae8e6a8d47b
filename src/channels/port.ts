import type { ChannelName, InboundMessage, OutboundMessage } from '../domain/message';
import type { DeliveryError } from '../domain/transcript';

export interface SendResult {
  /** The channel's own id for the sent message (WhatsApp `wamid`). */
  channelMessageId?: string;
  /**
   * Set when the channel could not deliver the message itself and sent this approved
   * template instead (WhatsApp 131047: outside the 24-hour customer-service window).
   */
  usedTemplate?: string;
}

/** A delivery receipt from the channel (WhatsApp `statuses[]`). */
export interface DeliveryReceipt {
  channel: ChannelName;
  channelMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: number;
  recipient?: string;
  error?: DeliveryError;
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

/** The Channel port (outbound half; inbound arrives through the channel's own HTTP route or events). */
export interface Channel {
  readonly name: ChannelName;
  send(message: OutboundMessage): Promise<SendResult>;
  /** Marks the customer's message read and shows a typing indicator while the bot works. */
  acknowledge?(message: InboundMessage): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  ping?(): Promise<void>;
}
