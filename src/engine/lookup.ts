import { ResponseTooLargeError, type HttpTransport } from '../network/httpTransport';
import type { Logger } from '../observability/logger';

export type LookupResult =
  | { status: 'ok'; data: unknown }
  | { status: 'not-found' }
  | { status: 'error'; reason: string };

export interface LookupRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export type LookupClient = (request: LookupRequest) => Promise<LookupResult>;

const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * HTTP lookups of flows (a shop's order API). Relative URLs resolve against the bot's own
 * public URL, so the bundled demo order API works without configuration.
 */
export function createHttpLookup(options: { baseUrl: string; logger: Logger; transport: HttpTransport }): LookupClient {
  return async (request) => {
    const url = new URL(request.url, options.baseUrl + '/');
    const started = Date.now();
    try {
      const response = await options.transport({
        method: request.method ?? 'GET',
        url: url.toString(),
        headers: { accept: 'application/json', ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
        body: request.body ? JSON.stringify(request.body) : undefined,
        timeoutMs: request.timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
      options.logger.debug('lookup answered', { host: url.host, path: url.pathname, status: response.status, ms: Date.now() - started });
      if (response.status === 404) return { status: 'not-found' };
      if (!response.ok) return { status: 'error', reason: `HTTP ${response.status}` };
      const text = response.text();
      try {
        return { status: 'ok', data: text ? JSON.parse(text) : {} };
      } catch {
        return { status: 'error', reason: 'response is not JSON' };
      }
    } catch (error) {
      const reason =
        error instanceof ResponseTooLargeError ? 'response too large' : (error as Error).name === 'TimeoutError' ? `timed out after ${request.timeoutMs} ms` : (error as Error).message;
      options.logger.warn('lookup failed', { host: url.host, path: url.pathname, reason });
      return { status: 'error', reason };
    }
  };
}
