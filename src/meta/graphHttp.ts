import type { HttpTransport } from '../network/httpTransport';
import type { Logger } from '../observability/logger';
import { GraphApiError, type GraphErrorClassifier } from './graphErrors';
import { backoffDelayMs, DEFAULT_RETRY, parseRetryAfterMs, realSleep, type RetryOptions } from './retryPolicy';

export interface GraphHttpOptions {
  /** Who calls, for logs and the alert: "WhatsApp", "Messenger", "Instagram". */
  platform: string;
  /** The setting that holds the token, named in the alert (WHATSAPP_ACCESS_TOKEN...). */
  tokenSetting: string;
  accessToken: string;
  classify: GraphErrorClassifier;
  transport: HttpTransport;
  logger: Logger;
  retry?: Partial<RetryOptions>;
  /** Per request (default 10 s); a timed-out request counts as a retryable failure. */
  timeoutMs?: number;
  /** Injectable for tests: record the waits instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface GraphCall {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  /** Tries including the first; default from the retry options. */
  attempts?: number;
}

/**
 * One Graph API call as every Meta channel makes it: bearer token, JSON, retries of what the
 * platform's classifier calls temporary with full-jitter backoff (or Meta's Retry-After), and
 * every failure a GraphApiError. A rejected token (the `auth` kind) stops every send until an
 * operator replaces it, so it is raised once as an alert, not once per failed message.
 */
export class GraphHttp {
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private tokenAlertRaised = false;

  constructor(private readonly options: GraphHttpOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  get requestTimeoutMs(): number {
    return this.timeoutMs;
  }

  headers(withJsonBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.accessToken}` };
    if (withJsonBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  async call(call: GraphCall): Promise<unknown> {
    const attempts = Math.max(1, call.attempts ?? this.retry.attempts);
    for (let attempt = 1; ; attempt++) {
      let failure: GraphApiError;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.options.transport({
          method: call.method,
          url: call.url,
          headers: this.headers(call.body !== undefined),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          timeoutMs: this.timeoutMs,
        });
        const body = parseJson(response.text());
        if (response.ok) return body;
        retryAfterMs = parseRetryAfterMs(response.headers['retry-after'] ?? null);
        failure = GraphApiError.fromResponse(response.status, body, this.options.classify, retryAfterMs);
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
      this.options.logger.warn(`${this.options.platform} Graph API call failed, retrying`, {
        code: failure.error.code,
        httpStatus: failure.httpStatus,
        attempt,
        delayMs,
      });
      await this.sleep(delayMs);
    }
  }

  private raiseTokenAlert(failure: GraphApiError): void {
    const { platform, tokenSetting, logger } = this.options;
    if (this.tokenAlertRaised) {
      logger.debug(`${platform} access token still rejected`, { code: failure.error.code });
      return;
    }
    this.tokenAlertRaised = true;
    logger.error(`${platform} access token rejected: sending is stopped until ${tokenSetting} is replaced`, {
      alert: `${platform.toLowerCase()}_access_token_rejected`,
      code: failure.error.code,
      httpStatus: failure.httpStatus,
    });
  }
}

export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // e.g. an HTML error page from a proxy; the HTTP status decides then
  }
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
