import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the stand-in received. */
export interface RecordedGraphCall {
  path: string;
  body: Record<string, unknown>;
  at: number;
  /** When the stand-in answered it (later than `at` for a held send). */
  answeredAt?: number;
}

export interface GraphStandIn {
  url: string;
  calls: RecordedGraphCall[];
  /** Outbound messages (not read receipts / typing indicators). */
  messages(): RecordedGraphCall[];
  /** Makes the next `count` message sends fail with this Graph error. */
  failNext(count: number, status: number, error: { code: number; message: string }): void;
  /**
   * While on, message sends get no answer yet (the sender is "mid-send"); turning it off
   * answers them. A held send whose connection closes first (the sender was killed) is never
   * answered and not recorded: it counts as not accepted.
   */
  holdSends(on: boolean): void;
  /** Sends being held right now. */
  held(): number;
  /** Called on every recorded message (the benchmark measures latency with it). */
  onMessage?: (call: RecordedGraphCall) => void;
  /**
   * A file a customer sent, as Graph holds it: `GET /<version>/<mediaId>` answers where it is
   * (with its type, size and SHA-256, or `declared` overrides), and that URL gives the bytes
   * to a request carrying the access token; without the token it answers 401.
   */
  addMedia(mediaId: string, bytes: Buffer, mimeType: string, declared?: { sha256?: string; fileSize?: number }): void;
  /** Media downloads that reached the file URL (not the metadata lookups). */
  mediaDownloads: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for the Graph API on loopback: records what the bot sends and answers like Meta
 * does (`{ messages: [{ id: "wamid..." }] }`). Used by the webhook tests and the benchmark.
 */
export async function startGraphStandIn(): Promise<GraphStandIn> {
  const calls: RecordedGraphCall[] = [];
  let failures: { count: number; status: number; error: { code: number; message: string } } | undefined;
  let sequence = 0;
  let holding = false;
  const held = new Set<() => void>();
  const media = new Map<string, { bytes: Buffer; mimeType: string; sha256: string; fileSize: number }>();
  const standIn: GraphStandIn = {
    url: '',
    calls,
    mediaDownloads: [],
    addMedia(mediaId, bytes, mimeType, declared = {}) {
      media.set(mediaId, { bytes, mimeType, sha256: declared.sha256 ?? createHash('sha256').update(bytes).digest('hex'), fileSize: declared.fileSize ?? bytes.length });
    },
    messages: () => calls.filter((c) => c.body.status !== 'read'),
    failNext(count, status, error) {
      failures = { count, status, error };
    },
    holdSends(on) {
      holding = on;
      if (!on) for (const answer of [...held]) answer();
    },
    held: () => held.size,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  /** GET /<version>/<media id> and GET /media-files/<media id>: Graph's media lookup and its file URL. */
  const serveMedia = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const file = /^\/media-files\/([^/?]+)/.exec(req.url ?? '');
    const lookup = /^\/v\d+\.\d+\/([^/?]+)$/.exec(req.url ?? '');
    const id = decodeURIComponent((file ?? lookup)?.[1] ?? '');
    // Other GETs (the phone number id of the health check) are not media lookups.
    if (req.method !== 'GET' || !(file || lookup) || (lookup && !media.has(id))) return false;
    const item = media.get(id);
    if (!item || !/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      res.writeHead(item ? 401 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Unsupported get request. Object with ID does not exist', type: 'GraphMethodException', code: 100 } }));
      return true;
    }
    if (file) {
      standIn.mediaDownloads.push(id);
      res.writeHead(200, { 'content-type': item.mimeType, 'content-length': String(item.bytes.length) }).end(item.bytes);
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      messaging_product: 'whatsapp', url: `${standIn.url}/media-files/${encodeURIComponent(id)}`, mime_type: item.mimeType, sha256: item.sha256, file_size: String(item.fileSize), id,
    }));
    return true;
  };
  const server = http.createServer((req, res) => {
    if (serveMedia(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json","code":100}}');
        return;
      }
      const call = { path: req.url ?? '', body, at: Date.now() };
      if (body.status === 'read') {
        calls.push(call);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
        return;
      }
      if (failures && failures.count > 0) {
        failures.count -= 1;
        res.writeHead(failures.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { ...failures.error, type: 'OAuthException' } }));
        return;
      }
      const answer = () => {
        held.delete(answer);
        if (res.destroyed) return;
        calls.push({ ...call, answeredAt: Date.now() });
        standIn.onMessage?.(call);
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.OUT${++sequence}` }] }));
      };
      if (!holding) return answer();
      held.add(answer);
      res.on('close', () => held.delete(answer));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
