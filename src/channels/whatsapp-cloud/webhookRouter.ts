import type { Router } from 'express';
import type { InboundMessage } from '../../domain/message';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';
import { createMetaWebhookRouter, customerKeyOf, deliveryJobsOf, inboundJobIdOf, receiptJobIdOf, type NormalizedDelivery } from '../../meta/webhookEndpoint';
import type { DeliveryReceipt } from '../port';
import { normalizeWebhook } from './normalize';

export interface WhatsAppWebhookRouterDeps {
  /** WHATSAPP_VERIFY_TOKEN: the value typed into the Meta app's webhook settings. */
  verifyToken: string;
  /** WHATSAPP_APP_SECRET: signs every POST (X-Hub-Signature-256). */
  appSecret: string;
  queue: Queue;
  logger: Logger;
  /** Largest body read (default 4 MiB); larger bodies are refused with 413 unread. */
  maxBodyBytes?: number;
  /**
   * False while a service the messages need is down (the store): the delivery is refused
   * with 503 so Meta delivers it again later, rather than queued for a worker that cannot run.
   */
  isAccepting?: () => boolean;
}

const CHANNEL = 'whatsapp-cloud';

/**
 * Meta batches up to 1,000 updates and 3 MB in one delivery
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview);
 * a refused one is retried with the same bytes for days and then dropped, so the default
 * leaves room above that.
 */
export const DEFAULT_WEBHOOK_MAX_BYTES = 4 * 1024 * 1024;

export const inboundJobId = (message: InboundMessage) => inboundJobIdOf(CHANNEL, message);
/**
 * Who the queue runs one at a time, in order: the customer, by their BSUID when there is one.
 * Meta sends it with every message, while the phone number comes and goes for a customer with
 * a username, and two keys for one customer would let their messages run at once.
 */
const queuedCustomer = (message: InboundMessage) => message.identity?.identifiers.find((id) => id.kind === 'bsuid')?.value ?? message.from;
export const inboundJobKey = (message: InboundMessage) => customerKeyOf(CHANNEL, queuedCustomer(message));
/** One job per (message, status): "delivered" and "read" of the same wamid are both kept. */
export const receiptJobId = (receipt: DeliveryReceipt) => receiptJobIdOf(CHANNEL, receipt);
/** Every job of one delivery, as the endpoint hands them to the queue (the benchmark times this). */
export const deliveryJobs = (normalized: Pick<NormalizedDelivery, 'messages' | 'receipts' | 'updates'>) => deliveryJobsOf(CHANNEL, normalized, queuedCustomer);

/**
 * Meta's webhook endpoint for one WhatsApp Business number, mounted at /webhook/whatsapp: the
 * shared Meta endpoint (meta/webhookEndpoint.ts) reading the Cloud API's `changes[]` shape.
 */
export function createWhatsAppWebhookRouter(deps: WhatsAppWebhookRouterDeps): Router {
  return createMetaWebhookRouter({ ...deps, maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BYTES, platform: 'WhatsApp', channel: CHANNEL, normalize: (body) => normalizeWebhook(body), customerOf: queuedCustomer });
}
