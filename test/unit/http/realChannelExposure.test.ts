import { apiClient, login } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { memoryLogger } from '../../support/memoryLogger';

/** A shop's number on the Cloud API: what strangers reach is what this file checks. */
export const CLOUD = {
  WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_APP_SECRET: 'app-secret', WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token',
  METRICS_TOKEN: 'metrics-token-0123456789', SESSION_SECRET: 's'.repeat(40),
};
const ADMIN = { ADMIN_EMAIL: 'owner@shop.example', ADMIN_PASSWORD: 'owner-pass-2024' };

describe('a real channel on, the simulator and the demo order API left unset', () => {
  let bot: HttpBot;
  const { logger, entries } = memoryLogger('info');
  beforeAll(async () => {
    bot = await startHttpBot({ ...CLOUD, ...ADMIN }, logger);
  });
  afterAll(async () => bot.stop());

  it('serves neither, and says so at start', async () => {
    expect((await fetch(`${bot.url}/api/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '8801700000001', text: 'agent' }) })).status).toBe(404);
    expect((await fetch(`${bot.url}/simulator`)).status).toBe(404);
    expect((await fetch(`${bot.url}/demo/orders/204518`)).status).toBe(404);
    expect(entries.find((e) => e.message === 'off because a real WhatsApp channel is on')).toMatchObject({ settings: ['SIMULATOR', 'DEMO_ORDERS'] });
  });
});

describe('a real channel on and SIMULATOR=true', () => {
  let bot: HttpBot;
  const { logger, entries } = memoryLogger('info');
  beforeAll(async () => {
    bot = await startHttpBot({ ...CLOUD, ...ADMIN, SIMULATOR: 'true' }, logger);
  });
  afterAll(async () => bot.stop());

  it('keeps the simulator\'s API and page behind an admin session', async () => {
    const anyone = apiClient(bot.url);
    expect((await anyone.post('/api/simulator/messages', { from: '8801700000001', text: 'agent' })).status).toBe(401);
    expect((await anyone.get('/api/simulator/messages?from=8801700000001')).status).toBe(401);
    expect((await fetch(`${bot.url}/simulator`)).status).toBe(401);
    expect(await bot.runtime.store.handoffs.list({})).toEqual([]);

    const admin = await login(bot.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    const said = await admin.post('/api/simulator/messages', { from: '8801700000001', text: 'hello' });
    expect(said.status).toBe(200);
    expect(said.body.replies.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.message === 'the simulator needs an admin login: a real WhatsApp channel is on')).toBe(true);
  });

  it('keeps it from agents and supervisors too', async () => {
    const admin = await login(bot.url, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    expect((await admin.post('/api/agents', { email: 'sup@shop.example', password: 'sup-pass-2024', name: 'Sup', role: 'supervisor' })).status).toBe(201);
    const supervisor = await login(bot.url, 'sup@shop.example', 'sup-pass-2024');
    expect((await supervisor.post('/api/simulator/messages', { from: '8801700000001', text: 'agent' })).status).toBe(403);
  });
});

describe('/readyz while an adapter is down', () => {
  let bot: HttpBot;
  const { logger, entries } = memoryLogger('info');
  beforeAll(async () => {
    bot = await startHttpBot({}, logger);
  });
  afterAll(async () => bot.stop());

  it('names the adapter, keeps its error text for the log', async () => {
    const store = bot.runtime.store;
    store.ping = async () => {
      throw new Error('connect ECONNREFUSED 10.20.30.40:27017 (user shopadmin)');
    };
    const res = await fetch(`${bot.url}/readyz`);
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(text).checks[`store:${store.kind}`]).toBe('unavailable');
    expect(text).not.toMatch(/ECONNREFUSED|10\.20\.30\.40|27017|shopadmin/);
    expect(entries.find((e) => e.message === 'readiness: unavailable')?.reasons).toEqual({ [`store:${store.kind}`]: expect.stringContaining('ECONNREFUSED 10.20.30.40:27017') });
  });
});
