import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ChannelUpdate, DeliveryReceipt, ReceiptBatch } from '../domain/delivery';
import type { ChannelName, InboundMessage } from '../domain/message';
import type { Logger } from '../observability/logger';
import type { Queue, QueuedJob } from '../queue/port';
import { sendError } from '../web/httpError';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './signature';

/** What one webhook delivery holds, normalised by the platform's reader. */
export interface NormalizedDelivery {
  messages: InboundMessage[];
  receipts: DeliveryReceipt[];
  /** Echoes of the business's own messages, edits, unsends (Messenger Platform only). */
  updates?: ChannelUpdate[];
  /** Parts deliberately not handled (other webhook fields, events a shop does not need). */
  ignored: { field: string; reason: string }[];
  /** Problems Meta reports about the account or app, not about one message. */
  errors: { code: number; title: string }[];
}

/** The body is not a webhook at all (not an object, no `entry` list): the endpoint answers 400. */
export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}

export interface MetaWebhookOptions {
  /** As agents and operators know it, for logs: "WhatsApp", "Messenger", "Instagram". */
  platform: string;
  channel: ChannelName;
  /** The value typed into the Meta app's webhook settings. */
  verifyToken: string;
  /** The app's App Secret: signs every POST (X-Hub-Signature-256). */
  appSecret: string;
  queue: Queue;
  logger: Logger;
  /** Reads a parsed body; throws WebhookPayloadError when it is not a webhook at all. */
  normalize(body: unknown): NormalizedDelivery;
  /** Largest body read (default 1 MiB); larger bodies are refused with 413 unread. */
  maxBodyBytes?: number;
  /** Who a message is queued under (its customer's most stable identifier); default `from`. */
  customerOf?: (message: InboundMessage) => string;
  /**
   * False while a service the messages need is down (the store): the delivery is refused
   * with 503 so Meta delivers it again later, rather than queued for a worker that cannot run.
   */
  isAccepting?: () => boolean;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The queue's idempotency: one job per platform message id, whatever Meta redelivers. */
export const inboundJobIdOf = (channel: ChannelName, message: InboundMessage) => `${channel}:${message.id}`;
/** Per customer: the queue runs one customer's messages one at a time, in order. */
export const customerKeyOf = (channel: ChannelName, customer: string) => `${channel}:${customer}`;
/** One job per (message, status): "delivered" and "read" of the same message are both kept. */
export const receiptJobIdOf = (channel: ChannelName, receipt: DeliveryReceipt) =>
  receipt.channelMessageId !== undefined
    ? `${channel}:status:${receipt.channelMessageId}:${receipt.status}`
    : `${channel}:status:${receipt.recipient}:${receipt.status}:${receipt.upTo}`;
/** An edit is one job per edit time: a message may be edited several times. */
export const updateJobIdOf = (channel: ChannelName, update: ChannelUpdate) =>
  `${channel}:${update.update}:${update.channelMessageId}${update.update === 'edit' ? `:${update.at}` : ''}`;

/**
 * Receipts of one delivery travel together, up to this many a job: after a broadcast Meta
 * batches hundreds of statuses, and a job each would cost most of the answer time. They are
 * independent of each other (the store keeps each message's furthest state), so grouping
 * changes nothing but the cost.
 */
export const RECEIPTS_PER_JOB = 100;

/**
 * Every job of one delivery, in order: a message or an update each (keyed by customer, so one
 * customer's run one at a time), then the receipts in groups whose ids derive from theirs, so a
 * redelivery of the same batch is a duplicate.
 */
export function deliveryJobsOf(
  channel: ChannelName,
  normalized: Pick<NormalizedDelivery, 'messages' | 'receipts' | 'updates'>,
  customerOf: (message: InboundMessage) => string = (message) => message.from,
): QueuedJob[] {
  const jobs: QueuedJob[] = [
    ...normalized.messages.map((message) => ({ topic: 'inbound' as const, payload: message, options: { key: customerKeyOf(channel, customerOf(message)), jobId: inboundJobIdOf(channel, message) } })),
    ...(normalized.updates ?? []).map((update) => ({ topic: 'inbound' as const, payload: update, options: { key: customerKeyOf(channel, update.customer), jobId: updateJobIdOf(channel, update) } })),
  ];
  for (let i = 0; i < normalized.receipts.length; i += RECEIPTS_PER_JOB) {
    const group = normalized.receipts.slice(i, i + RECEIPTS_PER_JOB);
    const ids = group.map((receipt) => receiptJobIdOf(channel, receipt));
    const jobId = ids.length === 1 ? ids[0] : `${channel}:statuses:${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32)}`;
    jobs.push({ topic: 'status', payload: { receipts: group } satisfies ReceiptBatch, options: { jobId } });
  }
  return jobs;
}

/** Compares secrets in constant time whatever their lengths (hashing equalises them). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

/**
 * A Meta webhook endpoint (WhatsApp Cloud API, Messenger, Instagram all work alike):
 * GET answers Meta's subscription check; POST authenticates the delivery on its raw bytes,
 * normalises it and puts every message, receipt and update on the queue. It answers 200 only
 * once all of them are durably accepted, and 503 otherwise so that Meta delivers again (Meta
 * retries non-200 answers with backoff). No conversation work happens inside the request:
 * Meta expects a fast answer.
 */
export function createMetaWebhookRouter(options: MetaWebhookOptions): Router {
  const { logger, queue, platform, channel } = options;
  const router = express.Router();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  router.get('/', (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && sameSecret(token, options.verifyToken) && typeof challenge === 'string' && challenge !== '') {
      logger.info(`${platform} webhook verified by Meta`);
      res.status(200).type('text/plain').set('X-Content-Type-Options', 'nosniff').send(challenge);
      return;
    }
    logger.warn(`${platform} webhook verification refused`, { mode: typeof mode === 'string' ? mode : undefined });
    sendError(res, 403, 'VERIFICATION_FAILED', 'hub.mode or hub.verify_token does not match');
  });

  router.post('/', express.raw({ type: () => true, limit: maxBodyBytes }), async (req: Request, res: Response) => {
    if (req.body !== undefined && !Buffer.isBuffer(req.body)) {
      // An app-wide JSON parser ran first: the original bytes, and so the signature, are gone.
      logger.error(`${platform} webhook received an already-parsed body; mount the router before any body parser`);
      sendError(res, 500, 'RAW_BODY_UNAVAILABLE', 'the webhook cannot verify this request');
      return;
    }
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

    const signature = verifyWebhookSignature(raw, req.headers[SIGNATURE_HEADER], options.appSecret);
    if (!signature.valid) {
      logger.warn(`${platform} webhook rejected: signature check failed`, { reason: signature.reason, bytes: raw.length });
      const code = signature.reason === 'missing' ? 'SIGNATURE_MISSING' : 'SIGNATURE_INVALID';
      sendError(res, 401, code, 'X-Hub-Signature-256 is missing or does not match the body');
      return;
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      logger.warn(`${platform} webhook rejected: body is not JSON`, { bytes: raw.length });
      sendError(res, 400, 'MALFORMED_JSON', 'the body is not valid JSON');
      return;
    }

    let normalized: NormalizedDelivery;
    try {
      normalized = options.normalize(parsed);
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) throw error;
      logger.warn(`${platform} webhook rejected: not a webhook payload`, { reason: error.message });
      sendError(res, 400, 'INVALID_PAYLOAD', error.message);
      return;
    }
    logNotices(platform, normalized, logger);
    if (options.isAccepting && !options.isAccepting()) {
      logger.error(`${platform} webhook refused with 503: a required service is down`, { messages: normalized.messages.length });
      sendError(res, 503, 'SERVICE_UNAVAILABLE', 'the bot cannot take messages right now; retry later');
      return;
    }

    // One call for the whole delivery (up to 1,000 updates): the queue takes it in one round trip.
    const jobs = deliveryJobsOf(channel, normalized, options.customerOf);
    try {
      await queue.addMany(jobs);
    } catch (error) {
      logger.error(`${platform} webhook not queued; answering 503 so Meta delivers it again`, { jobs: jobs.length, error });
      sendError(res, 503, 'QUEUE_UNAVAILABLE', 'the delivery could not be queued; retry later');
      return;
    }
    const received = { messages: normalized.messages.length, receipts: normalized.receipts.length };
    res.status(200).json({ received: normalized.updates ? { ...received, updates: (normalized.updates ?? []).length } : received });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const parserError = error as { type?: string; status?: number };
    if (parserError.type === 'entity.too.large') {
      logger.warn(`${platform} webhook rejected: body too large`, { limit: maxBodyBytes });
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'the body is larger than this endpoint accepts');
      return;
    }
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      sendError(res, parserError.status, 'BAD_REQUEST', 'the request body could not be read');
      return;
    }
    logger.error(`${platform} webhook failed`, { error });
    sendError(res, 500, 'INTERNAL', 'the webhook failed; Meta will retry');
  });

  return router;
}

function logNotices(platform: string, normalized: NormalizedDelivery, logger: Logger): void {
  for (const ignored of normalized.ignored) {
    logger.info(`${platform} webhook content ignored`, { field: ignored.field, reason: ignored.reason });
  }
  for (const error of normalized.errors) {
    logger.warn(`${platform} reported an error in a webhook`, { code: error.code, title: error.title });
  }
  for (const message of normalized.messages) {
    if (message.content.type === 'unsupported') {
      logger.info(`${platform} message of an unsupported type queued for the agent`, {
        originalType: message.content.originalType,
        detail: message.content.detail,
      });
    }
  }
}
