import http from 'node:http';
import https from 'node:https';

/** A whole HTTP response read as text: what the Graph API's JSON calls need. */
export interface TextResponse {
  status: number;
  ok: boolean;
  header(name: string): string | undefined;
  text: string;
}

// Keep-alive sockets shared by every call: a worker sends several messages per customer
// message, and a new TLS handshake for each would cost more than the request itself.
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 128 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 128 }),
};

/**
 * One request over node:http(s). Used instead of `fetch` on the send path: Node's fetch
 * (undici with web streams and abort signals) cost about a quarter of a worker's CPU in the
 * pipeline benchmark, for calls that are a small JSON body each way.
 * Rejects with an error named TimeoutError when no complete answer came within `timeoutMs`.
 */
export function requestText(method: string, url: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<TextResponse> {
  const target = new URL(url);
  const agent = AGENTS[target.protocol as keyof typeof AGENTS];
  if (!agent) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const requestHeaders = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = transport.request(target, { method, headers: requestHeaders, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      req.destroy(error);
    }, timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(error);
    }
    req.on('error', fail);
    req.end(body);
  });
}
