/**
 * The one-process setup a shop runs (`npm start`: SQLite store and durable queue in DATA_DIR)
 * killed with SIGKILL at the worst moments, restarted on the same DATA_DIR, with every
 * webhook delivery that did not get 200 delivered again, as WhatsApp does. Every customer
 * message must be answered exactly once, in order, and nothing that got 200 may be lost.
 *
 * The bot is a real process (src/main.ts through tsx); the Graph API and the shop's order API
 * are stand-ins in this process. A send counts as delivered when the Graph API stand-in
 * answered it; one whose sender was killed before the answer counts as not accepted.
 *
 * One window cannot be closed by any bot: Meta accepted a send and the process died before it
 * recorded the answer (the Cloud API has no idempotency key). That reply goes out again after
 * the restart: at least once, never lost. The test allows exactly that and nothing else: a
 * second copy of a part (told apart by the key the bot gives each part, which Meta echoes as
 * biz_opaque_callback_data) only when its first copy was answered before a kill, in that
 * kill's last second, and the database the killed process left says the message was not sent.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startGraphStandIn, type GraphStandIn, type RecordedGraphCall } from '../../../scripts/support/graphStandIn';
import { signedBody, textDelivery } from '../../../scripts/support/webhookPayload';
import { freePort, until } from '../../support/httpBot';
import { startBotProcess, type BotProcess } from './botProcess';

const SECRET = 'crash-app-secret';
// Each customer's conversation: asks for the order, gives its number (an order API lookup), thanks, asks a question.
const SCRIPT = ['where is my order', '204518', 'thanks', 'delivery charge koto?'];
const CUSTOMERS = 24;

jest.setTimeout(180_000);

describe('kill -9 of the one-process bot, restart, WhatsApp redelivery', () => {
  let graph: GraphStandIn;
  let orderApi: http.Server;
  let holdLookups = false;
  const heldLookups = new Set<http.ServerResponse>();
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;
  let bot: BotProcess;
  const accepted = new Map<string, number>(); // delivery id → 200s received
  // Each kill, with the outbound messages its database had recorded as sent (what survived it).
  const crashes: { why: string; at: number; recordedSent: Set<string> }[] = [];

  const url = () => `http://127.0.0.1:${port}`;
  const callsTo = (to: string) => graph.messages().filter((c) => c.body.to === to);
  // What a customer sees: the body without the recipient and the bot's own key for the part.
  const replyText = (call: RecordedGraphCall) => JSON.stringify({ ...call.body, to: undefined, biz_opaque_callback_data: undefined });
  const repliesTo = (to: string) => callsTo(to).map(replyText);
  const partKeyOf = (call: RecordedGraphCall) => String(call.body.biz_opaque_callback_data);
  const messageIdOf = (call: RecordedGraphCall) => partKeyOf(call).slice(0, partKeyOf(call).lastIndexOf('#'));

  /**
   * A customer's replies, each once: a second copy of a part is dropped only when
   * its first copy is one the killed process could not know of: answered before the kill, in
   * its last second, and not recorded as sent in the database the kill left. Any other copy
   * stays in, so the comparison with the expected replies shows it.
   */
  const answersOf = (to: string) => {
    const kept: RecordedGraphCall[] = [];
    for (const call of callsTo(to)) {
      const first = kept.find((k) => partKeyOf(k) === partKeyOf(call));
      const kill = first && crashes.find((k) => first.answeredAt! <= k.at && call.answeredAt! > k.at);
      const unknownToTheBot = kill && first.answeredAt! > kill.at - 1000 && !kill.recordedSent.has(messageIdOf(first));
      if (!unknownToTheBot) kept.push(call);
    }
    return kept.map(replyText);
  };

  /** The outbound messages the database records as gone out (read once the process is dead). */
  const recordedSent = (): Set<string> => {
    const db = new Database(path.join(dataDir, 'bot.sqlite'), { readonly: true });
    try {
      const rows = db.prepare(`SELECT id FROM messages WHERE direction = 'out' AND status IN ('sent', 'delivered', 'read')`).all() as { id: string }[];
      return new Set(rows.map((row) => row.id));
    } finally {
      db.close();
    }
  };

  /** One delivery, as Meta makes it: true only for a 200. */
  const deliverOnce = async (from: string, id: string, text: string): Promise<boolean> => {
    const { body, signature } = signedBody(textDelivery([{ from, id, text }]), SECRET);
    try {
      const res = await fetch(`${url()}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, connection: 'close' }, body });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false; // connection refused or cut: the process is down
    }
  };

  /** Delivers again and again until a 200, as WhatsApp redelivers what was not acknowledged. */
  const deliver = async (from: string, id: string, text: string): Promise<void> => {
    for (;;) {
      if (await deliverOnce(from, id, text)) {
        accepted.set(id, (accepted.get(id) ?? 0) + 1);
        return;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  /** kill -9, then (after `meanwhile`, with the bot down) the same command on the same DATA_DIR. */
  const restart = async (why: string, meanwhile?: () => void | Promise<void>) => {
    await bot.kill();
    crashes.push({ why, at: Date.now(), recordedSent: recordedSent() }); // once it is gone: answers it got before dying are earlier
    await meanwhile?.();
    bot = await startBotProcess(env);
  };

  beforeAll(async () => {
    graph = await startGraphStandIn();
    orderApi = http.createServer((req, res) => {
      req.resume();
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: '204518', status: 'shipped', courier: 'Pathao', trackingCode: 'TRK204518', expectedDelivery: '2026-11-25' }));
      if (!holdLookups) return answer();
      heldLookups.add(res);
      res.on('close', () => heldLookups.delete(res));
    });
    await new Promise<void>((resolve) => orderApi.listen(0, '127.0.0.1', resolve));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
    port = await freePort();
    env = {
      DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', WATCH_FLOWS: 'false', LOG_LEVEL: 'warn', SIMULATOR: 'false',
      WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: SECRET, WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_API_URL: graph.url,
      PUBLIC_URL: `http://127.0.0.1:${(orderApi.address() as { port: number }).port}`, DEMO_ORDERS: 'false', LOOKUP_TIMEOUT_MS: '60000',
      METRICS_TOKEN: 'crash-metrics-token-0123', OUTBOUND_PRIVATE_HOSTS: '127.0.0.1', OUTBOUND_HTTP_HOSTS: '127.0.0.1',
    };
    bot = await startBotProcess(env);
  });

  afterAll(async () => {
    await bot?.kill();
    for (const res of heldLookups) res.destroy();
    await new Promise((r) => orderApi?.close(() => r(undefined)));
    graph?.holdSends(false);
    await graph?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every customer message once, in order, through kills mid-request, mid-handler, mid-send and anywhere', async () => {
    // A customer before any crash shows what each step answers.
    const control = '8801900000000';
    for (const [step, text] of SCRIPT.entries()) {
      const before = repliesTo(control).length;
      await deliver(control, `wamid.control.${step}`, text);
      await until(() => repliesTo(control).length > before, 20_000);
      await new Promise((r) => setTimeout(r, 700)); // the step's last reply
    }
    const expected = repliesTo(control);
    expect(expected.some((r) => /204518.*shipped with Pathao/.test(r))).toBe(true);

    // Customers move through the script in steps; each step opens when the crash before it is over.
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `88019${String(i + 1).padStart(8, '0')}`);
    const gates = SCRIPT.map(() => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { opened, open };
    });
    const drivers = customers.map(async (customer, c) => {
      for (const [step, text] of SCRIPT.entries()) {
        await gates[step].opened;
        await new Promise((r) => setTimeout(r, (c * 13) % 40));
        await deliver(customer, `wamid.${customer}.${step}`, text);
      }
    });
    const acceptedOf = (step: number) => customers.filter((customer) => accepted.has(`wamid.${customer}.${step}`)).length;

    // 1. Mid-request: a burst of first messages; killed once some have their 200 and others are in flight.
    gates[0].open();
    await until(() => acceptedOf(0) >= 6, 30_000);
    await restart('mid-request');

    // 2. Mid-handler: every order lookup is held, so the bot is inside those jobs when it dies.
    await until(() => acceptedOf(0) === CUSTOMERS, 60_000);
    holdLookups = true;
    gates[1].open();
    await until(() => heldLookups.size >= 4, 30_000);
    await restart('mid-handler', () => {
      holdLookups = false;
    });

    // 3. Mid-send: the Graph API holds every send, so replies are claimed and in flight when it dies.
    await until(() => acceptedOf(1) === CUSTOMERS, 60_000);
    graph.holdSends(true);
    gates[2].open();
    await until(() => graph.held() >= 4, 30_000);
    await restart('mid-send', async () => {
      await until(() => graph.held() === 0, 10_000); // the killed sender's connections are gone: never answered
      graph.holdSends(false);
    });

    // 4. Anywhere: killed a moment into the last burst, with no hold at all.
    await until(() => acceptedOf(2) === CUSTOMERS, 60_000);
    gates[3].open();
    await new Promise((r) => setTimeout(r, 60));
    await restart('anywhere');

    await Promise.all(drivers);
    // The assertions below say who is missing what, should anything not arrive.
    await until(() => customers.every((customer) => repliesTo(customer).length >= expected.length), 90_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000)); // a duplicate would arrive by now

    expect(crashes.map((c) => c.why)).toEqual(['mid-request', 'mid-handler', 'mid-send', 'anywhere']);
    for (const customer of customers) expect({ customer, replies: answersOf(customer) }).toEqual({ customer, replies: expected });
    // Every delivery of every customer got its 200 in the end (none was given up on).
    for (const customer of customers) for (const step of SCRIPT.keys()) expect(accepted.get(`wamid.${customer}.${step}`)).toBe(1);
  });
});
