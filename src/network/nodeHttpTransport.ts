import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ResponseTooLargeError, type HttpRequest, type HttpResponse, type HttpTransport } from './httpTransport';
import { checkLiteral, hostListed, publicOnlyLookup } from './outboundPolicy';

/**
 * Outbound HTTP over node:http(s), with keep-alive sockets shared by every call: a worker
 * sends several messages per customer message, and a new TLS handshake for each would cost
 * more than the request itself. Used instead of `fetch`: Node's fetch (undici with web
 * streams and abort signals) cost about a quarter of a worker's CPU in the pipeline
 * benchmark, for calls that are a small JSON body each way.
 */
export interface NodeHttpTransportOptions {
  maxSockets?: number;
  /**
   * Hosts (`host` or `host:port`) that may resolve to a private, loopback or link-local address
   * (OUTBOUND_PRIVATE_HOSTS; tests' local servers). Every other call reaches public addresses
   * only (network/outboundPolicy.ts).
   */
  privateHosts?: readonly string[];
}

/** Sockets to public addresses only (a checking DNS lookup), and unchecked ones for the listed hosts: never shared. */
type AgentPool = Record<'http:' | 'https:', http.Agent>;

export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): HttpTransport {
  const maxSockets = options.maxSockets ?? 128;
  const pool = (lookup?: LookupFunction): AgentPool => ({
    'http:': new http.Agent({ keepAlive: true, maxSockets, lookup }),
    'https:': new https.Agent({ keepAlive: true, maxSockets, lookup }),
  });
  const publicOnly = pool(publicOnlyLookup);
  const privateHosts = options.privateHosts ?? [];
  const listed = privateHosts.length > 0 ? pool() : publicOnly;
  return (request) => {
    let target: URL;
    try {
      target = new URL(request.url);
      if (hostListed(target, privateHosts)) return send(request, target, listed);
      checkLiteral(target);
    } catch (error) {
      return Promise.reject(error);
    }
    return send(request, target, publicOnly);
  };
}

function send(request: HttpRequest, target: URL, agents: AgentPool): Promise<HttpResponse> {
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  if (request.signal?.aborted) return Promise.reject(request.signal.reason);
  const transport = target.protocol === 'https:' ? https : http;
  const { body, maxResponseBytes: limit, signal } = request;
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? request.headers : { ...request.headers, 'Content-Length': String(Buffer.byteLength(body)) };
    let settled = false;
    const finish = (error: unknown, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (response) resolve(response);
      else reject(error);
    };
    const req = transport.request(target, { method: request.method, headers, agent }, (res) => {
      // Settled before the socket is destroyed: an answer already read whole would otherwise
      // still reach 'end' first and resolve with the bytes counted so far.
      const tooLarge = (seen: number) => {
        const error = new ResponseTooLargeError(limit!, seen);
        finish(error);
        req.destroy(error);
      };
      const declared = Number(res.headers['content-length']);
      if (limit !== undefined && Number.isFinite(declared) && declared > limit) return tooLarge(declared);
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (limit !== undefined && total > limit) tooLarge(total);
        else chunks.push(chunk);
      });
      res.on('error', finish);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const bytes = Buffer.concat(chunks);
        const names = Object.keys(res.headers);
        finish(undefined, {
          status,
          ok: status >= 200 && status < 300,
          headers: Object.fromEntries(names.map((name) => [name, headerValue(res.headers[name])])),
          body: bytes,
          text: () => bytes.toString('utf8'),
        });
      });
    });
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${request.timeoutMs} ms`);
      error.name = 'TimeoutError';
      req.destroy(error);
    }, request.timeoutMs);
    const onAbort = () => req.destroy(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', finish);
    req.end(body);
  });
}

/** The process's transport when none is injected (scripts, tests that build one client): public addresses only. */
export const nodeHttpTransport: HttpTransport = createNodeHttpTransport();

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
