import { isCustomerNotice, type InboundMessage, type MediaRef, type OutboundMessage } from '../../domain/message';
import type { Logger } from '../../observability/logger';
import { InboundMediaError, type Channel, type ChannelRoute, type InboundMedia, type SendResult } from '../port';
import { toGraphMessages } from './formatOutbound';
import type { GraphApiClient } from './graphClient';
import { GraphApiError, graphErrorKind } from '../../meta/graphErrors';
import { SentParts } from '../../meta/sentParts';
import { MediaTooLargeError } from './mediaDownload';
import { createWhatsAppWebhookRouter, type WhatsAppWebhookRouterDeps } from './webhookRouter';
import { explainedError } from './graphErrors';

// Meta's limit for biz_opaque_callback_data (characters); a longer key is simply not sent.
const CALLBACK_DATA_MAX = 512;

/** An approved template to send when the 24-hour window is closed (WHATSAPP_REENGAGEMENT_TEMPLATE). */
export interface ReengagementTemplate {
  name: string;
  /** Template language code as approved in WhatsApp Manager, e.g. `en` or `bn`. */
  language: string;
}

export interface WhatsAppCloudChannelOptions {
  client: GraphApiClient;
  reengagementTemplate?: ReengagementTemplate;
  logger: Logger;
  /** The inbound half, served at /webhook/whatsapp; without it the channel only sends. */
  webhook?: WhatsAppWebhookRouterDeps;
  /** Largest media file fetched from WhatsApp (WHATSAPP_MEDIA_MAX_BYTES). */
  mediaMaxBytes?: number;
}

const DEFAULT_MEDIA_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The Channel port over the WhatsApp Cloud API.
 *
 * One OutboundMessage may become several WhatsApp messages (see formatOutbound.ts); parts that
 * went out are not sent again when the job is retried in this process (meta/sentParts.ts).
 */
export class WhatsAppCloudChannel implements Channel {
  readonly name = 'whatsapp-cloud' as const;
  private readonly sentParts = new SentParts();

  constructor(private readonly options: WhatsAppCloudChannelOptions) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    try {
      return await this.sendParts(message);
    } catch (error) {
      // 131062 and the like: the agent reads what to do under the failed message.
      throw explainedError(error);
    }
  }

  private async sendParts(message: OutboundMessage): Promise<SendResult> {
    const bodies = toGraphMessages(message);
    let firstId: string | undefined;
    for (const [index, body] of bodies.entries()) {
      let wamid: string | undefined;
      try {
        wamid = await this.sendOnce(`${message.id}#${index}`, body);
      } catch (error) {
        if (graphErrorKind(error) === 'reengage') return this.sendReengagement(message, error as GraphApiError);
        throw error;
      }
      firstId ??= wamid;
    }
    return { channelMessageId: firstId };
  }

  /**
   * Marks the customer's message read and shows "typing…". Failures are logged only: a missing
   * read receipt must never stop the answer. No typing indicator for reactions (Meta: show it
   * only when a reply is coming) and nothing at all for system notices, which no one wrote,
   * nor for edits, deletions and preference changes, which get no answer.
   */
  async acknowledge(message: InboundMessage): Promise<void> {
    if (message.channel !== this.name || message.content.type === 'system' || isCustomerNotice(message.content)) return;
    try {
      await this.options.client.markRead(message.id, { typing: message.content.type !== 'reaction' });
    } catch (error) {
      this.options.logger.warn('Could not mark WhatsApp message as read', {
        code: error instanceof GraphApiError ? error.error.code : undefined,
        error,
      });
    }
  }

  /**
   * A customer's file by its media id: Graph tells where it is (GET /{media-id}), then the
   * bytes come with the access token, never more than the limit. The SHA-256 Meta declares
   * (Graph's, else the webhook's) goes along to be checked against the bytes.
   */
  async fetchMedia(message: { id: string; media: MediaRef }): Promise<InboundMedia> {
    const { media } = message;
    if (!media.mediaId) throw new InboundMediaError('unavailable', 'the message names no media id');
    const maxBytes = this.options.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
    try {
      const downloaded = await this.options.client.downloadMedia(media.mediaId, { maxBytes });
      const fetched: InboundMedia = { bytes: downloaded.bytes, mimeType: downloaded.mimeType ?? media.mimeType, filename: media.filename };
      const sha256 = downloaded.sha256 ?? media.sha256;
      if (sha256) fetched.sha256 = sha256;
      return fetched;
    } catch (error) {
      if (error instanceof MediaTooLargeError) {
        throw new InboundMediaError('too_large', error.message, { seenBytes: error.seenBytes, maxBytes: error.maxBytes });
      }
      if (error instanceof GraphApiError) {
        // A media id Meta no longer knows (they last 7 days) or refuses for good; a token problem
        // or a passing fault is tried again.
        const reason = error.kind === 'permanent' ? 'unavailable' : 'failed';
        throw new InboundMediaError(reason, `${error.error.code}: ${error.error.title}`);
      }
      throw new InboundMediaError('failed', (error as Error).message);
    }
  }

  async ping(): Promise<void> {
    await this.options.client.ping();
  }

  /** Meta's webhook for this number (GET: subscription check, POST: signed deliveries). */
  routes(): ChannelRoute[] {
    const webhook = this.options.webhook;
    return webhook ? [{ path: '/webhook/whatsapp', access: 'public', handler: createWhatsAppWebhookRouter(webhook) }] : [];
  }

  /**
   * 131047: more than 24 hours since the customer last wrote, so only an approved template
   * may open the conversation again. Without one configured the original, non-retryable error
   * stands (code 131047) and the caller records the message as failed.
   */
  private async sendReengagement(message: OutboundMessage, cause: GraphApiError): Promise<SendResult> {
    const template = this.options.reengagementTemplate;
    if (!template) throw cause;
    const [body] = toGraphMessages({
      ...message,
      content: { type: 'template', name: template.name, language: template.language, parameters: [] },
    });
    const wamid = await this.sendOnce(`${message.id}#reengage`, body);
    this.options.logger.info('WhatsApp service window closed; sent the re-engagement template instead', {
      conversationId: message.conversationId,
      template: template.name,
    });
    return { channelMessageId: wamid, usedTemplate: template.name };
  }

  /**
   * Every part carries its key as `biz_opaque_callback_data`, which Meta returns in the part's
   * status webhooks: a send that went out but whose answer this bot never recorded (it died in
   * between; the Cloud API has no idempotency key) can still be told apart from one that never
   * left, by its receipts, in the transcript and by whoever checks what was sent.
   */
  private sendOnce(partKey: string, body: object): Promise<string | undefined> {
    const tagged = partKey.length <= CALLBACK_DATA_MAX ? { ...body, biz_opaque_callback_data: partKey } : body;
    return this.sentParts.once(partKey, () => this.options.client.sendMessage(tagged));
  }
}
