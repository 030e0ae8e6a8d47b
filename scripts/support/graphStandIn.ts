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
  const standIn: GraphStandIn = {
    url: '',
    calls,
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
  const server = http.createServer((req, res) => {
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
