import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customer, login } from '../support/apiClient';
import { startHttpBot, type HttpBot } from '../support/httpBot';

/**
 * Who may fetch a file a customer sent: the same rule as the transcript. An agent gets the
 * files of the chat they see and of the customer's earlier chats handed to their teams; a
 * file from a chat the billing team had stays with billing (and supervisors).
 */
const ADMIN = { email: 'owner@shop.example', password: 'owner-password-1' };
const PASSWORD = 'agent-password-1';
const PHONE = '8801700099001';

describe('files customers sent, by who may read the chat', () => {
  let bot: HttpBot;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'media-access-'));
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'x'.repeat(40), DATA_DIR: dataDir });
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    for (const [email, role, teams] of [['mina@shop.example', 'agent', ['default']], ['sup@shop.example', 'supervisor', ['sales']]] as const) {
      expect((await admin.post('/api/agents', { email, password: PASSWORD, name: email.split('@')[0], role, teams })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a file of the chat and of earlier chats of the agent\'s teams, not of another team\'s', async () => {
    const { store, media } = bot.runtime;
    const customerId = `simulator:${PHONE}`;
    const long = Date.now() - 7 * 86_400_000;
    await store.customers.touch({ id: customerId, channel: 'simulator', address: PHONE, at: long });
    for (const [i, team] of [[1, 'billing'], [2, 'default']] as const) {
      const conversationId = `earlier-media-${i}`;
      const messageId = `wamid.RECEIPT${i}`;
      await store.conversations.create({ id: conversationId, customerId, channel: 'simulator', address: PHONE, locale: 'en', owner: 'bot', status: 'closed', values: {}, misses: 0, intents: [], createdAt: long + i, updatedAt: long + i, version: 0 });
      await store.messages.insertInbound({ id: messageId, direction: 'in', conversationId, customerId, channel: 'simulator', createdAt: long + i, content: { type: 'media', media: { kind: 'image', mimeType: 'image/png' } } });
      await media.put({ messageId, conversationId, customerId, mimeType: 'image/png' }, Buffer.from(`payment screenshot ${i}`));
      await store.messages.amendInbound(messageId, { media: { status: 'stored', at: long + i, size: 20, mimeType: 'image/png' } });
      await store.handoffs.create({ id: `earlier-media-h${i}`, conversationId, customerId, status: 'closed', trigger: 'customer-request', reason: 'asked', team, priority: 'normal', queuedAt: long + i, closedAt: long + i + 1, resolution: 'done', notes: [], version: 1 });
    }
    await customer(bot.url, PHONE).say('human');
    const handoffId = (await store.conversations.findOpen(customerId))!.handoffId!;
    const fileAs = async (email: string, messageId: string) => {
      const token = (await (await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: email === ADMIN.email ? ADMIN.password : PASSWORD }) })).json()).token;
      const res = await fetch(`${bot.url}/api/handoffs/${handoffId}/media/${messageId}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, text: res.status === 200 ? await res.text() : '' };
    };
    expect(await fileAs('mina@shop.example', 'wamid.RECEIPT2')).toEqual({ status: 200, text: 'payment screenshot 2' });
    expect((await fileAs('mina@shop.example', 'wamid.RECEIPT1')).status).toBe(404);
    expect(await fileAs('sup@shop.example', 'wamid.RECEIPT1')).toEqual({ status: 200, text: 'payment screenshot 1' });
  });
});
