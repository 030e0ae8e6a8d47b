import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { InboundMessage } from '../../domain/message';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';
import { sendError } from '../../web/httpError';
import type { DeliveryReceipt } from '../port';
import { normalizeWebhook, WebhookPayloadError, type NormalizedWebhook } from './normalize';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './signature';

export interface WhatsAppWebhookRouterDeps {
  /** WHATSAPP_VERIFY_TOKEN: the value typed into the Meta app's webhook settings. */
  verifyToken: string;
  /** WHATSAPP_APP_SECRET: signs every POST (X-Hub-Signature-256). */
  appSecret: string;
  queue: Queue;
  logger: Logger;
  /** Largest body read (default 1 MiB); larger bodies are refused with 413 unread. */
  maxBodyBytes?: number;
  /**
   * False while a service the messages need is down (the store): the delivery is refused
   * with 503 so Meta delivers it again later, rather than queued for a worker that cannot run.
   */
  isAccepting?: () => boolean;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export const inboundJobId = (message: InboundMessage) => `whatsapp-cloud:${message.id}`;
/** Per customer: the queue runs one customer's messages one at a time, in order. */
export const inboundJobKey = (message: InboundMessage) => `whatsapp-cloud:${message.from}`;
/** One job per (message, status): "delivered" and "read" of the same wamid are both kept. */
export const receiptJobId = (receipt: DeliveryReceipt) =>
  `whatsapp-cloud:status:${receipt.channelMessageId}:${receipt.status}`;

/** Compares secrets in constant time whatever their lengths (hashing equalises them). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

/**
 * Meta's webhook endpoint for one WhatsApp Business number, mounted at /webhook/whatsapp.
 *
 * GET answers Meta's subscription check. POST authenticates the delivery on its raw bytes,
 * normalises it and puts every message and receipt on the queue; it answers 200 only once all
 * of them are durably accepted, and 503 otherwise so that Meta delivers again (it retries
 * non-200 answers with backoff). No conversation work happens inside the request: Meta
 * expects a fast answer.
 */
export function createWhatsAppWebhookRouter(deps: WhatsAppWebhookRouterDeps): Router {
  const { logger, queue } = deps;
  const router = express.Router();

  router.get('/', (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && sameSecret(token, deps.verifyToken) && typeof challenge === 'string' && challenge !== '') {
      logger.info('WhatsApp webhook verified by Meta');
      res.status(200).type('text/plain').set('X-Content-Type-Options', 'nosniff').send(challenge);
      return;
    }
    logger.warn('WhatsApp webhook verification refused', { mode: typeof mode === 'string' ? mode : undefined });
    sendError(res, 403, 'VERIFICATION_FAILED', 'hub.mode or hub.verify_token does not match');
  });

  router.post(
    '/',
    express.raw({ type: () => true, limit: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES }),
    async (req: Request, res: Response) => {
      if (req.body !== undefined && !Buffer.isBuffer(req.body)) {
        // An app-wide JSON parser ran first: the original bytes, and so the signature, are gone.
        logger.error('WhatsApp webhook received an already-parsed body; mount the router before any body parser');
        sendError(res, 500, 'RAW_BODY_UNAVAILABLE', 'the webhook cannot verify this request');
        return;
      }
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

      const signature = verifyWebhookSignature(raw, req.headers[SIGNATURE_HEADER], deps.appSecret);
      if (!signature.valid) {
        logger.warn('WhatsApp webhook rejected: signature check failed', { reason: signature.reason, bytes: raw.length });
        const code = signature.reason === 'missing' ? 'SIGNATURE_MISSING' : 'SIGNATURE_INVALID';
        sendError(res, 401, code, 'X-Hub-Signature-256 is missing or does not match the body');
        return;
      }

      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        logger.warn('WhatsApp webhook rejected: body is not JSON', { bytes: raw.length });
        sendError(res, 400, 'MALFORMED_JSON', 'the body is not valid JSON');
        return;
      }

      let normalized: NormalizedWebhook;
      try {
        normalized = normalizeWebhook(parsed);
      } catch (error) {
        if (!(error instanceof WebhookPayloadError)) throw error;
        logger.warn('WhatsApp webhook rejected: not a webhook payload', { reason: error.message });
        sendError(res, 400, 'INVALID_PAYLOAD', error.message);
        return;
      }
      logNotices(normalized, logger);
      if (deps.isAccepting && !deps.isAccepting()) {
        logger.error('WhatsApp webhook refused with 503: a required service is down', { messages: normalized.messages.length });
        sendError(res, 503, 'SERVICE_UNAVAILABLE', 'the bot cannot take messages right now; retry later');
        return;
      }

      const adds = [
        ...normalized.messages.map((message) => () =>
          queue.add('inbound', message, { key: inboundJobKey(message), jobId: inboundJobId(message) })),
        ...normalized.receipts.map((receipt) => () => queue.add('status', receipt, { jobId: receiptJobId(receipt) })),
      ];
      const results = await Promise.allSettled(adds.map((add) => Promise.resolve().then(add)));
      const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failures.length > 0) {
        logger.error('WhatsApp webhook not queued; answering 503 so Meta delivers it again', {
          failed: failures.length,
          total: results.length,
          error: failures[0].reason,
        });
        sendError(res, 503, 'QUEUE_UNAVAILABLE', 'the delivery could not be queued; retry later');
        return;
      }
      res.status(200).json({ received: { messages: normalized.messages.length, receipts: normalized.receipts.length } });
    },
  );

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const parserError = error as { type?: string; status?: number };
    if (parserError.type === 'entity.too.large') {
      logger.warn('WhatsApp webhook rejected: body too large', { limit: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'the body is larger than this endpoint accepts');
      return;
    }
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      sendError(res, parserError.status, 'BAD_REQUEST', 'the request body could not be read');
      return;
    }
    logger.error('WhatsApp webhook failed', { error });
    sendError(res, 500, 'INTERNAL', 'the webhook failed; Meta will retry');
  });

  return router;
}

function logNotices(normalized: NormalizedWebhook, logger: Logger): void {
  for (const ignored of normalized.ignored) {
    logger.info('WhatsApp webhook content ignored', { field: ignored.field, reason: ignored.reason });
  }
  for (const error of normalized.errors) {
    logger.warn('WhatsApp reported an error in a webhook', { code: error.code, title: error.title });
  }
  for (const message of normalized.messages) {
    if (message.content.type === 'unsupported') {
      logger.info('WhatsApp message of an unsupported type queued for the agent', {
        originalType: message.content.originalType,
        detail: message.content.detail,
      });
    }
  }
}
