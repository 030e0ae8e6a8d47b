import type { Logger } from '../../observability/logger';
import { GraphApiError } from '../../meta/graphErrors';
import { GraphHttp, isTimeout, parseJson } from '../../meta/graphHttp';
import type { RetryOptions } from '../../meta/retryPolicy';
import { readArray, readNumber, readString } from '../../meta/jsonShape';
import { ResponseTooLargeError, type HttpTransport } from '../../network/httpTransport';
import { nodeHttpTransport } from '../../network/nodeHttpTransport';
import { classifyWhatsAppError } from './graphErrors';
import { MediaTooLargeError, type DownloadedMedia } from './mediaDownload';

export interface GraphApiClientOptions {
  /** Default https://graph.facebook.com (WHATSAPP_API_URL). */
  baseUrl?: string;
  /** Default v21.0 (WHATSAPP_API_VERSION). */
  apiVersion?: string;
  phoneNumberId: string;
  accessToken: string;
  logger: Logger;
  retry?: Partial<RetryOptions>;
  /** Per request (default 10 s); a timed-out request counts as a retryable failure. */
  timeoutMs?: number;
  /** Outbound HTTP; the process's one transport (runtime/), node:http when not given. */
  transport?: HttpTransport;
  /** Injectable for tests: record the waits instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What `GET /{media-id}` tells about an uploaded or received media item. */
export interface MediaLocation {
  mediaId: string;
  /** Short-lived (Meta: about 5 minutes) and only fetchable with the access token. */
  url: string;
  mimeType?: string;
  sha256?: string;
  fileSize?: number;
}

/**
 * The Cloud API over HTTP: sends messages, marks messages read, reads media. Every failure
 * becomes a GraphApiError (a ChannelSendError) that says whether to retry, give up, switch to
 * a template or call an operator. Retryable failures are retried here with backoff first.
 */
export class GraphApiClient {
  private readonly baseUrl: string;
  private readonly apiVersion: string;
  private readonly transport: HttpTransport;
  private readonly http: GraphHttp;

  constructor(private readonly options: GraphApiClientOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.apiVersion = options.apiVersion ?? 'v21.0';
    this.transport = options.transport ?? nodeHttpTransport;
    this.http = new GraphHttp({
      platform: 'WhatsApp',
      tokenSetting: 'WHATSAPP_ACCESS_TOKEN',
      accessToken: options.accessToken,
      classify: classifyWhatsAppError,
      transport: this.transport,
      logger: options.logger,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      sleep: options.sleep,
      random: options.random,
    });
  }

  /** POST /{phone-number-id}/messages; resolves to the new message's wamid. */
  async sendMessage(body: object): Promise<string | undefined> {
    const response = await this.http.call({ method: 'POST', url: this.messagesUrl(), body });
    const wamid = readString(readArray(response, 'messages')[0], 'id');
    if (!wamid) this.options.logger.warn('Graph API accepted a message without returning its id');
    return wamid;
  }

  /**
   * Marks a received message (and the ones before it) read; with `typing` the customer also
   * sees "typing…" until we answer or 25 s pass. One try only: a late read receipt or typing
   * indicator is worthless, and the caller must not wait on retries here.
   */
  async markRead(wamid: string, options: { typing: boolean }): Promise<void> {
    const body: Record<string, unknown> = { messaging_product: 'whatsapp', status: 'read', message_id: wamid };
    if (options.typing) body.typing_indicator = { type: 'text' };
    await this.http.call({ method: 'POST', url: this.messagesUrl(), body, attempts: 1 });
  }

  /** GET /{media-id}: where to download a media item and what it is. */
  async getMediaUrl(mediaId: string): Promise<MediaLocation> {
    const response = await this.http.call({ method: 'GET', url: `${this.versionUrl()}/${encodeURIComponent(mediaId)}` });
    const url = readString(response, 'url');
    if (!url) {
      throw new GraphApiError({ code: 'NO_MEDIA_URL', title: 'Graph API returned no media URL', retryable: false }, 'permanent');
    }
    return {
      mediaId,
      url,
      mimeType: readString(response, 'mime_type'),
      sha256: readString(response, 'sha256'),
      fileSize: readNumber(response, 'file_size'),
    };
  }

  /**
   * Downloads a media item, refusing (MediaTooLargeError) anything over `maxBytes` before
   * reading it whole: Graph's declared size, then Content-Length, then a running count.
   */
  async downloadMedia(mediaId: string, options: { maxBytes: number; timeoutMs?: number }): Promise<DownloadedMedia> {
    const location = await this.getMediaUrl(mediaId);
    if (location.fileSize !== undefined && location.fileSize > options.maxBytes) {
      throw new MediaTooLargeError(mediaId, options.maxBytes, location.fileSize);
    }
    let response;
    try {
      // The media URL wants the bearer token too; the transport stops reading past maxBytes.
      response = await this.transport({ method: 'GET', url: location.url, headers: this.http.headers(false), timeoutMs: options.timeoutMs ?? this.http.requestTimeoutMs * 6, maxResponseBytes: options.maxBytes });
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw new MediaTooLargeError(mediaId, options.maxBytes, error.seenBytes);
      throw GraphApiError.network(error, isTimeout(error));
    }
    if (!response.ok) throw GraphApiError.fromResponse(response.status, parseJson(response.text()), classifyWhatsAppError);
    return { mediaId, bytes: response.body, mimeType: location.mimeType, sha256: location.sha256 };
  }

  /** GET /{phone-number-id}: proves the token and the number id work (health checks). */
  async ping(): Promise<void> {
    await this.http.call({ method: 'GET', url: `${this.versionUrl()}/${encodeURIComponent(this.options.phoneNumberId)}`, attempts: 1 });
  }

  private versionUrl(): string {
    return `${this.baseUrl}/${this.apiVersion}`;
  }

  private messagesUrl(): string {
    return `${this.versionUrl()}/${encodeURIComponent(this.options.phoneNumberId)}/messages`;
  }
}
