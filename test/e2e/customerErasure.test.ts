import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customer, login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { memoryLogger } from '../support/memoryLogger';

const ADMIN = { email: 'admin@erase.example', password: 'admin-password-1' };
const PASSWORD = 'agent-password-1';

/**
 * A customer asks to delete their data; an admin claims the request, downloads the data and
 * erases it through the API (the embedded store, as `npm start` runs it).
 */
describe('erasing a customer through the API', () => {
  let bot: HttpBot;
  let admin: Awaited<ReturnType<typeof login>>;
  let mina: Awaited<ReturnType<typeof login>>;
  const logs = memoryLogger('info');
  const phone = '8801666000001';
  const customerId = `simulator:${phone}`;
  const erase = (client: typeof admin, id: string) => client.raw('DELETE', `/api/customers/${encodeURIComponent(id)}`, {});
  const report = async () => (await admin.get('/api/reports/summary?days=2&fcrDays=1')).body;
  // Customers' files go under DATA_DIR/media on the embedded defaults.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'erasure-data-'));

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'x'.repeat(40), DATA_DIR: dataDir }, logs.logger);
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    expect((await admin.post('/api/agents', { email: 'mina@erase.example', password: PASSWORD, name: 'Mina', role: 'agent', teams: ['default'] })).status).toBe(201);
    mina = await login(bot.url, 'mina@erase.example', PASSWORD);

    // A first chat with a person, a note, a rating; then, later, the request to delete it all.
    const c = customer(bot.url, phone);
    await c.say('where is my order');
    await c.say('204518');
    await c.say('human');
    const first = (await mina.get('/api/handoffs?status=queued')).body.handoffs[0].id;
    await mina.post(`/api/handoffs/${first}/claim`);
    await mina.post(`/api/handoffs/${first}/messages`, { text: 'Hello, Mina here. Your parcel to Dhanmondi 27 leaves today.' });
    await mina.post(`/api/handoffs/${first}/notes`, { text: 'Lives in Dhanmondi 27, calls after 6pm' });
    await mina.post(`/api/handoffs/${first}/close`, { resolution: 'Told her the parcel leaves today' });
    await c.say('4');
    await until(async () => (await bot.runtime.store.handoffs.get(first))?.csat?.score === 4);
    await c.say('delete my data');
  });
  afterAll(async () => {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps erasure to admins, and says when there is no such customer', async () => {
    // Any agent finds the customer (GET /api/customers?q=); only an admin erases them.
    expect((await mina.get('/api/customers?q=01666000001')).body.customers.map((c: { id: string }) => c.id)).toEqual([customerId]);
    const refused = await erase(mina, customerId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const unknown = await erase(admin, 'simulator:8801999999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    expect(await bot.runtime.store.customers.get(customerId)).not.toBeNull();
  });

  it('erases everything of the customer, closes the request, keeps the report, and audits it without the person', async () => {
    const request = (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((h: { trigger: string }) => h.trigger === 'erasure-request');
    expect((await admin.post(`/api/handoffs/${request.id}/claim`)).status).toBe(200);
    const exported = await admin.get(`/api/customers/${encodeURIComponent(customerId)}/export`);
    expect(JSON.stringify(exported.body)).toContain('Dhanmondi 27');
    // Confirmed with the customer in the chat: the request goes back to the bot, then the data goes.
    expect((await admin.post(`/api/handoffs/${request.id}/handback`)).status).toBe(200);
    const reportBefore = await report();
    expect(reportBefore.totals).toMatchObject({ conversations: 1, handoffs: 2 });
    // A photo the customer sent, kept where the runtime keeps files (DATA_DIR/media here).
    const media = bot.runtime.media;
    const sent = (await bot.runtime.store.messages.listByCustomer(customerId)).find((m) => m.direction === 'in')!;
    await media.put({ messageId: sent.id, conversationId: sent.conversationId, customerId, mimeType: 'image/jpeg' }, Buffer.from('photo of the parcel at Dhanmondi 27'));

    const res = await erase(admin, customerId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erasureId: expect.stringMatching(/^[0-9a-f-]{36}$/), messages: expect.any(Number), files: 1, conversations: 1, handoffs: 2 });
    expect(res.body.messages).toBeGreaterThan(8);
    expect(await media.get(sent.id)).toBeNull();

    const store = bot.runtime.store;
    expect(await store.customers.get(customerId)).toBeNull();
    expect(await store.messages.listByCustomer(customerId)).toEqual([]);
    expect(await store.conversations.listByCustomer(customerId)).toEqual([]);
    expect(await store.handoffs.get(request.id)).toMatchObject({ status: 'closed', reason: '[erased]', notes: [] });
    expect((await admin.get(`/api/customers/${encodeURIComponent(customerId)}/export`)).status).toBe(404);
    expect((await admin.get(`/api/customers?q=${phone}`)).body.customers).toEqual([]);

    // Reports: the same figures, from facts that lead back to no one.
    const reportAfter = await report();
    expect(reportAfter).toEqual(reportBefore);
    expect(JSON.stringify(reportAfter)).not.toContain(phone);

    // The audit names the erasure, never the number; the export before it names the stand-in now.
    const adminId = (await store.agents.getByEmail(ADMIN.email))!.id;
    const trail = JSON.stringify(await store.audit.list({ limit: 1000 }));
    expect(trail).not.toContain(phone);
    expect(trail).not.toContain('Told her the parcel');
    expect(await store.audit.list({ subjectId: res.body.erasureId })).toEqual([
      expect.objectContaining({ action: 'erase-customer', actorId: adminId, subjectType: 'customer', detail: { messages: res.body.messages, files: 1, conversations: 1, handoffs: 2 } }),
    ]);
    // The log says it happened, without the number either.
    const line = logs.entries.find((e) => e.message === 'customer erased');
    expect(line).toMatchObject({ erasureId: res.body.erasureId, conversations: 1, handoffs: 2 });
    expect(JSON.stringify(logs.entries.filter((e) => e.message === 'customer erased'))).not.toContain(phone);
    expect(await bot.runtime.metrics.registry.getSingleMetricAsString('wabot_customer_erasures_total')).toMatch(/ 1$/m);
  });

  it('starts a fresh customer when the same number writes again', async () => {
    const answer = await customer(bot.url, phone).say('hello');
    expect(answer.replies.length).toBeGreaterThan(0);
    const fresh = (await bot.runtime.store.customers.get(customerId))!;
    expect(fresh.createdAt).toBeGreaterThan(Date.now() - 60_000);
    const conversations = await bot.runtime.store.conversations.listByCustomer(customerId);
    expect(conversations).toHaveLength(1);
    expect(conversations[0].values).toEqual({});
    const exported = (await admin.get(`/api/customers/${encodeURIComponent(customerId)}/export`)).body;
    expect(exported.handoffs).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain('204518');
  });
});

describe('retention in the running bot', () => {
  it('checks at start and on its period, in the worker that holds the lease, and says so in /metrics', async () => {
    const bot = await startHttpBot({ RETENTION_DAYS: '30', RETENTION_CHECK_MINUTES: '0.01', METRICS_PUBLIC: 'true' });
    try {
      const runs = async () => (await (await fetch(`${bot.url}/metrics`)).text()).match(/wabot_retention_runs_total\{outcome="ran"\} (\d+)/)?.[1];
      // 0.6 s period: a few runs, each by this process, which renews its lease.
      await until(async () => Number(await runs()) >= 3, 10_000);
    } finally {
      await bot.stop();
    }
  });
});
