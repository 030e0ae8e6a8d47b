import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { startGraphStandIn, type GraphStandIn } from '../../scripts/support/graphStandIn';
import { senderDelivery, signedBody, textDelivery } from '../../scripts/support/webhookPayload';
import { startHttpBot, until, freePort, type HttpBot } from '../support/httpBot';
import { startMongo, startRedis, type MongoService, type RedisService } from '../support/services';
import { sample } from '../support/metricsText';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'pipeline-app-secret';

/**
 * The production path across processes: this process is the web process (webhook → bull);
 * workers are separate node processes; the store is a real MongoDB-wire server (FerretDB);
 * replies land on a Graph API stand-in. The shop's order API is a stand-in too, so a test
 * can hold a worker in the middle of a job.
 */
describe('webhook → bull → worker process → MongoDB-wire → Graph API', () => {
  let redis: RedisService;
  let mongo: MongoService;
  let graph: GraphStandIn;
  let web: HttpBot;
  let orderApi: http.Server;
  let orderApiUrl: string;
  let holdOrders = false;
  const orderRequests: string[] = [];
  const workers: ChildProcess[] = [];
  let env: Record<string, string>;

  const startWorker = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, PROCESS_ROLE: 'worker', PORT: String(await freePort()) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('exit', (code, signal) => {
      if (code && code !== 0) console.error(`worker exited ${code} ${signal}: ${stderr}`);
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    [redis, mongo, graph] = await Promise.all([startRedis(), startMongo(), startGraphStandIn()]);
    orderApi = http.createServer((req, res) => {
      orderRequests.push(req.url ?? '');
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: '204518', status: 'shipped', courier: 'Pathao', trackingCode: 'TRK204518', expectedDelivery: '2026-11-25' }));
      // While held, the first request never gets its answer: the worker is stuck mid-job.
      if (holdOrders) holdOrders = false;
      else answer();
    });
    await new Promise<void>((resolve) => orderApi.listen(0, '127.0.0.1', resolve));
    orderApiUrl = `http://127.0.0.1:${(orderApi.address() as { port: number }).port}`;
    env = {
      MONGODB_URI: mongo.uri, REDIS_URL: redis.url, SESSION_SECRET: 'p'.repeat(40), WATCH_FLOWS: 'false',
      WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: SECRET, WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_API_URL: graph.url,
      // The Graph API stand-in and the order API listen on loopback, the order API over plain http.
      METRICS_TOKEN: 'metrics-token-0123456789', OUTBOUND_PRIVATE_HOSTS: '127.0.0.1', OUTBOUND_HTTP_HOSTS: '127.0.0.1',
      PUBLIC_URL: orderApiUrl, DEMO_ORDERS: 'false', LOG_LEVEL: 'warn', QUEUE_LOCK_MS: '2000', QUEUE_STALLED_CHECK_MS: '500', LOOKUP_TIMEOUT_MS: '60000',
    };
    web = await startHttpBot({ ...env, PROCESS_ROLE: 'web' });
    await startWorker();
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await web?.stop();
    await new Promise((r) => orderApi?.close(() => r(undefined)));
    await graph?.close();
    await Promise.all([redis?.stop(), mongo?.stop()]);
  });

  const deliver = async (from: string, id: string, text: string) => {
    const { body, signature } = signedBody(textDelivery([{ from, id, text }]), SECRET);
    const res = await fetch(`${web.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    return res.status;
  };
  const repliesTo = (to: string) => graph.messages().filter((c) => c.body.to === to);
  const text = (c: { body: Record<string, unknown> }) => JSON.stringify(c.body);

  it('holds a whole conversation, kept in the MongoDB-wire server', async () => {
    const customer = '8801811111111';
    expect(await deliver(customer, 'wamid.P1', 'where is my order')).toBe(200);
    await until(() => repliesTo(customer).length >= 1, 30_000);
    expect(text(repliesTo(customer)[0])).toMatch(/order number/);
    expect(await deliver(customer, 'wamid.P2', '204518')).toBe(200);
    await until(() => repliesTo(customer).length >= 3, 30_000);
    expect(text(repliesTo(customer)[1])).toMatch(/204518.*shipped with Pathao/);
    // The web process reads what the worker wrote: one store for all processes.
    const conversation = await web.runtime.store.conversations.findOpen(`whatsapp-cloud:${customer}`);
    expect(web.runtime.store.kind).toBe('mongo');
    expect(conversation).toMatchObject({ values: { order_id: '204518', order: { status: 'shipped' } } });
  }, 60_000);

  it('loses nothing and replies once when a worker is killed in the middle of a job', async () => {
    const customer = '8801822222222';
    await deliver(customer, 'wamid.K1', 'where is my order');
    await until(() => repliesTo(customer).length >= 1, 30_000);
    const before = orderRequests.length;
    holdOrders = true;
    expect(await deliver(customer, 'wamid.K2', '204518')).toBe(200);
    await until(() => orderRequests.length > before, 30_000);
    // The worker is waiting on the order API, inside the job: kill it without a chance to clean up.
    workers[0].kill('SIGKILL');
    // A message sent meanwhile waits behind the interrupted one.
    expect(await deliver(customer, 'wamid.K3', 'thanks')).toBe(200);
    // The web process's /metrics sees both waiting in Redis, the oldest for as long as it has.
    const metrics = await (await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
    expect(sample(metrics, 'wabot_queue_depth', { topic: 'inbound' })).toBe(2);
    expect(sample(metrics, 'wabot_queue_oldest_age_seconds', { topic: 'inbound' })).toBeGreaterThan(0);
    await startWorker();
    await until(() => repliesTo(customer).length >= 4, 45_000);
    await new Promise((r) => setTimeout(r, 1500));
    const replies = repliesTo(customer).map(text);
    expect(replies.filter((r) => /204518.*shipped with Pathao/.test(r))).toHaveLength(1);
    // In order: the status (and its menu) before the answer to "thanks".
    const statusIndex = replies.findIndex((r) => /shipped with Pathao/.test(r));
    const thanksIndex = replies.findIndex((r) => /welcome|ধন্যবাদ|thank/i.test(r) && !/shipped/.test(r));
    expect(statusIndex).toBeGreaterThan(0);
    expect(thanksIndex).toBeGreaterThan(statusIndex);
    const after = await (await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
    expect(sample(after, 'wabot_queue_depth', { topic: 'inbound' })).toBe(0);
  }, 90_000);

  it('answers a customer known only by username, and keeps one record of them once their number shows', async () => {
    const bsuid = 'BD.4440001112223334';
    const phone = '8801844444444';
    const post = async (payload: Record<string, unknown>) => {
      const { body, signature } = signedBody(payload, SECRET);
      return (await fetch(`${web.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body })).status;
    };
    const hi = (id: string) => ({ id, type: 'text', text: { body: 'hi' } });
    expect(await post(senderDelivery({ bsuid, username: 'shopper' }, hi('wamid.U1')))).toBe(200);
    const first = await until(() => graph.messages().find((c) => c.body.recipient === bsuid), 30_000);
    expect(first!.body).not.toHaveProperty('to');
    // An older client's message with the number only: a second record, until WhatsApp shows both.
    expect(await post(senderDelivery({ phone }, hi('wamid.U2')))).toBe(200);
    await until(() => repliesTo(phone).length >= 1, 30_000);
    expect(await post(senderDelivery({ phone, bsuid }, hi('wamid.U3')))).toBe(200);
    await until(async () => (await web.runtime.store.customers.get(`whatsapp-cloud:${phone}`)) === null, 30_000);
    const [customer, ...others] = await web.runtime.store.customers.findByIdentifiers('whatsapp-cloud', [{ kind: 'phone', value: phone }, { kind: 'bsuid', value: bsuid }]);
    expect(others).toEqual([]);
    expect(customer).toMatchObject({ id: `whatsapp-cloud:${bsuid}`, username: 'shopper' });
    const inbound = async () => (await web.runtime.store.messages.listByCustomer(customer.id)).filter((m) => m.direction === 'in').map((m) => m.id).sort();
    await until(async () => (await inbound()).length === 3, 30_000);
    expect(await inbound()).toEqual(['whatsapp-cloud:wamid.U1', 'whatsapp-cloud:wamid.U2', 'whatsapp-cloud:wamid.U3']);
    // Answered at the number from now on, the BSUID beside it.
    await until(() => graph.messages().some((c) => c.body.to === phone && c.body.recipient === bsuid), 30_000);
  }, 90_000);

  it('answers 503 while Redis is down, so Meta delivers again', async () => {
    const customer = '8801833333333';
    await redis.stop();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await deliver(customer, 'wamid.D1', 'hi')).toBe(503);
    const ready = await (await fetch(`${web.url}/readyz`)).json();
    expect(ready.status).toBe('not ready');
    expect(ready.checks['queue:bull']).toMatch(/unavailable/);
  }, 30_000);
});
