import type { Logger } from '../../observability/logger';
import { GraphApiError } from './graphErrors';
import { ResponseTooLargeError, type HttpTransport } from '../../network/httpTransport';
import { nodeHttpTransport } from '../../network/nodeHttpTransport';
import { readArray, readNumber, readString } from './jsonShape';
import { MediaTooLargeError, type DownloadedMedia } from './mediaDownload';
import { backoffDelayMs, DEFAULT_RETRY, parseRetryAfterMs, realSleep, type RetryOptions } from './retryPolicy';

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

interface CallOptions {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  attempts?: number;
}

/**
 * The Cloud API over HTTP: sends messages, marks messages read, reads media. Every failure
 * becomes a GraphApiError (a ChannelSendError) that says whether to retry, give up, switch to
 * a template or call an operator. Retryable failures are retried here with backoff first.
 */
export class GraphApiClient {
  private readonly baseUrl: string;
  private readonly apiVersion: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly transport: HttpTransport;
  private tokenAlertRaised = false;

  constructor(private readonly options: GraphApiClientOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.apiVersion = options.apiVersion ?? 'v21.0';
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.transport = options.transport ?? nodeHttpTransport;
  }

  /** POST /{phone-number-id}/messages; resolves to the new message's wamid. */
  async sendMessage(body: object): Promise<string | undefined> {
    const response = await this.call({ method: 'POST', url: this.messagesUrl(), body });
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
    await this.call({ method: 'POST', url: this.messagesUrl(), body, attempts: 1 });
  }

  /** GET /{media-id}: where to download a media item and what it is. */
  async getMediaUrl(mediaId: string): Promise<MediaLocation> {
    const response = await this.call({ method: 'GET', url: `${this.versionUrl()}/${encodeURIComponent(mediaId)}` });
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
      response = await this.transport({ method: 'GET', url: location.url, headers: this.headers(false), timeoutMs: options.timeoutMs ?? this.timeoutMs * 6, maxResponseBytes: options.maxBytes });
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw new MediaTooLargeError(mediaId, options.maxBytes, error.seenBytes);
      throw GraphApiError.network(error, isTimeout(error));
    }
    if (!response.ok) throw GraphApiError.fromResponse(response.status, parseJson(response.text()));
    return { mediaId, bytes: response.body, mimeType: location.mimeType, sha256: location.sha256 };
  }

  /** GET /{phone-number-id}: proves the token and the number id work (health checks). */
  async ping(): Promise<void> {
    await this.call({ method: 'GET', url: `${this.versionUrl()}/${encodeURIComponent(this.options.phoneNumberId)}`, attempts: 1 });
  }

  private versionUrl(): string {
    return `${this.baseUrl}/${this.apiVersion}`;
  }

  private messagesUrl(): string {
    return `${this.versionUrl()}/${encodeURIComponent(this.options.phoneNumberId)}/messages`;
  }

  private async call(call: CallOptions): Promise<unknown> {
    const attempts = Math.max(1, call.attempts ?? this.retry.attempts);
    for (let attempt = 1; ; attempt++) {
      let failure: GraphApiError;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.transport({
          method: call.method,
          url: call.url,
          headers: this.headers(call.body !== undefined),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          timeoutMs: this.timeoutMs,
        });
        const body = parseJson(response.text());
        if (response.ok) return body;
        retryAfterMs = parseRetryAfterMs(response.headers['retry-after'] ?? null);
        failure = GraphApiError.fromResponse(response.status, body, retryAfterMs);
      } catch (error) {
        failure = GraphApiError.network(error, isTimeout(error));
      }

      if (failure.kind === 'auth') this.raiseTokenAlert(failure);
      if (failure.kind !== 'retry' || attempt >= attempts) throw failure;

      const delayMs = retryAfterMs ?? backoffDelayMs(attempt, this.retry, this.random);
      if (delayMs > this.retry.maxDelayMs) {
        // Meta asks for a longer pause than a worker should hold a job: hand it back to the
        // queue with the wait attached (ChannelSendError.retryAfterMs) instead of sleeping.
        throw failure;
      }
      this.options.logger.warn('WhatsApp Graph API call failed, retrying', {
        code: failure.error.code,
        httpStatus: failure.httpStatus,
        attempt,
        delayMs,
      });
      await this.sleep(delayMs);
    }
  }

  private headers(withJsonBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.accessToken}` };
    if (withJsonBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /**
   * Error 190 (token expired) or 0 (token invalidated) stops every send until an operator
   * issues a new token, so it is raised once as an alert, not once per failed message.
   */
  private raiseTokenAlert(failure: GraphApiError): void {
    if (this.tokenAlertRaised) {
      this.options.logger.debug('WhatsApp access token still rejected', { code: failure.error.code });
      return;
    }
    this.tokenAlertRaised = true;
    this.options.logger.error('WhatsApp access token rejected: sending is stopped until WHATSAPP_ACCESS_TOKEN is replaced', {
      alert: 'whatsapp_access_token_rejected',
      code: failure.error.code,
      httpStatus: failure.httpStatus,
    });
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // e.g. an HTML error page from a proxy; the HTTP status decides then
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
