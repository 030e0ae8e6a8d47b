import { ResponseTooLargeError, type HttpTransport } from '../network/httpTransport';
import type { Logger } from '../observability/logger';
import type { CollectedValues } from '../domain/conversation';
import { BlockedAddressError } from '../network/outboundPolicy';
import { lookupUrl } from './lookupUrl';

export type LookupResult =
  | { status: 'ok'; data: unknown }
  | { status: 'not-found' }
  | { status: 'error'; reason: string };

export interface LookupRequest {
  /** The step's URL, with its {{placeholders}}; relative to the bot's own address when it starts with /. */
  urlTemplate: string;
  /** What fills the placeholders: the conversation's collected values. */
  values: CollectedValues;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export type LookupClient = (request: LookupRequest) => Promise<LookupResult>;

const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * HTTP lookups of flows (a shop's order API). Relative URLs resolve against the bot's own
 * public URL, so the bundled demo order API works without configuration. The answer is read
 * up to MAX_RESPONSE_BYTES as it streams in, and a redirect is an error, never followed: the
 * template says where the call goes (lookupUrl.ts), and the transport lets it reach public
 * addresses only, unless the configuration names the host.
 */
export function createHttpLookup(options: { baseUrl: string; logger: Logger; transport: HttpTransport; httpHosts?: readonly string[] }): LookupClient {
  return async (request) => {
    const built = lookupUrl(request.urlTemplate, request.values, options.baseUrl, options.httpHosts ?? []);
    if ('problem' in built) {
      options.logger.warn('lookup refused', { template: request.urlTemplate, reason: built.problem });
      return { status: 'error', reason: 'lookup URL refused' };
    }
    const url = built.url;
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
        error instanceof ResponseTooLargeError ? 'response too large'
          : error instanceof BlockedAddressError ? 'address not allowed'
            : (error as Error).name === 'TimeoutError' ? `timed out after ${request.timeoutMs} ms` : 'no answer';
      options.logger.warn('lookup failed', { host: url.host, path: url.pathname, reason, error: (error as Error).message });
      return { status: 'error', reason };
    }
  };
}
