import type { RequestHandler } from 'express';
import type { ChannelName, InboundMessage, MediaRef, OutboundMessage } from '../domain/message';
import type { ReplyWindow } from '../domain/replyWindow';
import type { HttpTransport } from '../network/httpTransport';
import type { Logger } from '../observability/logger';
import type { Queue } from '../queue/port';
import type { Store } from '../store/port';

export interface SendResult {
  /** The channel's own id for the sent message (WhatsApp `wamid`). */
  channelMessageId?: string;
  /**
   * Set when the channel could not deliver the message itself and sent this approved
   * template instead (WhatsApp 131047: outside the 24-hour customer-service window).
   */
  usedTemplate?: string;
}

// Receipts and send errors are plain domain types, so the Meta platform code below channels/
// shares them; every channel still imports them from here.
export { ChannelSendError, type DeliveryReceipt, type ReceiptBatch } from '../domain/delivery';

/** The bytes of something a customer sent (a photo, a voice note, a document). */
export interface InboundMedia {
  bytes: Buffer;
  mimeType?: string;
  /** The SHA-256 the channel declares for the file (hex or base64), checked against the bytes. */
  sha256?: string;
  filename?: string;
}

/**
 * Why a file could not be fetched. `too_large`: over the channel's limit (never retried);
 * `unavailable`: gone or refused for good (expired media id, no access); `failed`: a passing
 * fault (network, rate limit), worth another try.
 */
export class InboundMediaError extends Error {
  constructor(
    readonly reason: 'too_large' | 'unavailable' | 'failed',
    message: string,
    /** For `too_large`: the size learnt before giving up, and the limit. */
    readonly sizes?: { seenBytes: number; maxBytes: number },
  ) {
    super(message);
    this.name = 'InboundMediaError';
  }

  get retryable(): boolean {
    return this.reason === 'failed';
  }
}

/** A route a channel serves on the web process: its webhook, its page, its test API. */
export interface ChannelRoute {
  /** Where it is mounted, e.g. `/webhook/whatsapp`. */
  path: string;
  /**
   * `public`: anyone (a webhook checks its own signature, the simulator is a test tool);
   * `admin`: a logged-in admin only (e.g. the page that links the shop's phone).
   */
  access: 'public' | 'admin';
  /**
   * Usually an express Router. Mounted before any body parser, so a webhook reads the raw
   * bytes its signature is computed over; it parses its own body.
   */
  handler: RequestHandler;
}

/**
 * The Channel port: sends to customers and, through its routes or its own connection, turns
 * what customers send into InboundMessages on the queue's `inbound` topic.
 */
export interface Channel {
  readonly name: ChannelName;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Fetches the file of a customer's media message (by the message id and its MediaRef), within
   * the channel's size limit. Rejects with InboundMediaError. Channels without it keep no media.
   */
  fetchMedia?(message: { id: string; media: MediaRef }): Promise<InboundMedia>;
  /** Marks the customer's message read and shows a typing indicator while the bot works. */
  acknowledge?(message: InboundMessage): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  ping?(): Promise<void>;
  /** What it serves on the web process; http/createHttpApp mounts each route (workers serve none). */
  routes?(): ChannelRoute[];
  /**
   * `reported`: a failing ping shows in /readyz but keeps the process in rotation (a phone not
   * linked yet: the owner needs this process to reach the page that links it). Default `required`.
   */
  readonly readiness?: 'required' | 'reported';
  /**
   * How long after the customer's last message the business may still write (Messenger: 24 h,
   * 7 days for a person with the HUMAN_AGENT tag). Channels without one follow WhatsApp's rule.
   */
  readonly replyWindow?: ReplyWindow;
}

/** What the process lends every channel it starts. */
export interface ChannelServices {
  /** Inbound messages go on its `inbound` topic (key = channel:customer), receipts on `status`. */
  queue: Queue;
  store: Store;
  /** A child logger that names the channel. */
  logger: Logger;
  /** Outbound HTTP (a Graph or Send API client): the process's one transport. */
  transport: HttpTransport;
  /**
   * False while the store or the queue does not answer: a webhook then answers 503, so the
   * sender delivers again later, rather than queuing for a worker that cannot run.
   */
  isAccepting(): boolean;
}

/**
 * A channel adapter (one folder under channels/): its name and how it starts from its own
 * settings, the part of Config that turns it on. runtime/adapters.ts lists every adapter; a
 * new channel is its folder and one line there.
 */
export interface ChannelAdapter<Settings> {
  readonly name: ChannelName;
  create(settings: Settings, services: ChannelServices): Channel;
}
