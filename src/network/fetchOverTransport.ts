import type { HttpTransport } from './httpTransport';

// Statuses a Response may not carry a body with (Fetch standard, "null body status").
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for libraries that take one (gaxios, under Google's clients), so their calls go
 * through the process's HttpTransport like every other call. It covers what such clients
 * send: a string, bytes or form body, and an AbortSignal for their timeouts; not streams.
 */
export function fetchOverTransport(transport: HttpTransport, timeoutMs: number): typeof fetch {
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = bodyOf(init.body);
    if (init.body instanceof URLSearchParams && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    const response = await transport({ method: init.method ?? 'GET', url, headers, body, timeoutMs, signal: init.signal ?? undefined });
    return new Response(NULL_BODY.has(response.status) ? null : Uint8Array.from(response.body), { status: response.status, headers: response.headers });
  };
}

function bodyOf(body: RequestInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('fetchOverTransport: only string, bytes and form bodies are supported');
}
