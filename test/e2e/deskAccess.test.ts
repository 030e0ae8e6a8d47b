import type { Handoff } from '../../src/domain/handoff';
import { customer, login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';

/**
 * What an agent may do and read at the desk, through the API: the limits of a claim hold for a
 * transfer to oneself, a customer's earlier chats are shown to the teams they were handed to,
 * and attachment links are https links to the outside world only.
 */
const ADMIN = { email: 'owner@shop.example', password: 'owner-password-1' };
const PASSWORD = 'agent-password-1';

describe('the desk\'s limits', () => {
  let bot: HttpBot;
  let admin: Awaited<ReturnType<typeof login>>;
  let n = 0;
  const phone = () => `88017000${String(++n).padStart(5, '0')}`;
  const agentId = async (email: string) => (await bot.runtime.store.agents.getByEmail(email))!.id;
  const queuedFor = async (p: string): Promise<Handoff> => {
    const conversation = await bot.runtime.store.conversations.findOpen(`simulator:${p}`);
    return (await bot.runtime.store.handoffs.get(conversation!.handoffId!))!;
  };

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'x'.repeat(40), AGENT_MAX_OPEN_CHATS: '1', AGENT_REMINDER_MINUTES: '30' });
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    for (const [email, role, teams] of [['mina@shop.example', 'agent', ['default']], ['bill@shop.example', 'agent', ['billing']], ['sup@shop.example', 'supervisor', ['sales']]] as const) {
      expect((await admin.post('/api/agents', { email, password: PASSWORD, name: email.split('@')[0], role, teams })).status).toBe(201);
    }
  });
  afterAll(async () => bot.stop());

  it('holds a transfer to oneself to a claim\'s chat limit, and then tells the customer and sets the reminder', async () => {
    const mina = await login(bot.url, 'mina@shop.example', PASSWORD);
    const minaId = await agentId('mina@shop.example');
    const first = customer(bot.url, phone());
    const firstPhone = `88017000${String(n).padStart(5, '0')}`;
    await first.say('human');
    const second = customer(bot.url, phone());
    const secondPhone = `88017000${String(n).padStart(5, '0')}`;
    await second.say('human');
    const a = await queuedFor(firstPhone);
    const b = await queuedFor(secondPhone);
    expect((await mina.post(`/api/handoffs/${a.id}/claim`)).status).toBe(200);

    const refused = await mina.post(`/api/handoffs/${b.id}/transfer`, { agentId: minaId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CHAT_LIMIT');
    expect(await bot.runtime.store.handoffs.get(b.id)).toMatchObject({ status: 'queued' });

    expect((await mina.post(`/api/handoffs/${a.id}/close`, { resolution: 'done' })).status).toBe(200);
    const adds = jest.spyOn(bot.runtime.queue, 'add');
    const taken = await mina.post(`/api/handoffs/${b.id}/transfer`, { agentId: minaId });
    expect(taken.status).toBe(200);
    expect(taken.body.handoff).toMatchObject({ status: 'claimed', agentId: minaId });
    await until(async () => (await second.inbox()).some((m) => m.text === 'mina from our team has joined the chat.'));
    expect(adds.mock.calls.filter(([topic, payload]) => topic === 'timer' && (payload as { kind: string }).kind === 'agent-reminder')).toEqual([
      ['timer', { kind: 'agent-reminder', handoffId: b.id, agentId: minaId }, expect.objectContaining({ delayMs: 30 * 60_000 })],
    ]);
    adds.mockRestore();
    await mina.post(`/api/handoffs/${b.id}/close`, { resolution: 'done' });
  });

  it('shows an agent the customer\'s earlier chats of their own teams only; a supervisor all of them', async () => {
    const p = phone();
    const customerId = `simulator:${p}`;
    const store = bot.runtime.store;
    const long = Date.now() - 7 * 86_400_000;
    await store.customers.touch({ id: customerId, channel: 'simulator', address: p, at: long });
    // Three earlier chats: one handed to billing, one to Mina's team, one the bot answered alone.
    for (const [i, team, text] of [[1, 'billing', 'my card was charged twice'], [2, 'default', 'the parcel box was torn'], [3, undefined, 'what sizes do you have']] as const) {
      const conversationId = `earlier-${p}-${i}`;
      await store.conversations.create({ id: conversationId, customerId, channel: 'simulator', address: p, locale: 'en', owner: 'bot', status: 'closed', values: {}, misses: 0, intents: [], createdAt: long + i, updatedAt: long + i, version: 0 });
      await store.messages.insertInbound({ id: `earlier-msg-${p}-${i}`, direction: 'in', conversationId, customerId, channel: 'simulator', createdAt: long + i, content: { type: 'text', text } });
      if (team) await store.handoffs.create({ id: `earlier-${p}-${i}`, conversationId, customerId, status: 'closed', trigger: 'customer-request', reason: 'asked', team, priority: 'normal', queuedAt: long + i, closedAt: long + i + 1, resolution: `resolved ${team}`, notes: [], version: 1 });
    }
    await customer(bot.url, p).say('human');
    const now = await queuedFor(p);

    const mina = await login(bot.url, 'mina@shop.example', PASSWORD);
    const seenByMina = (await mina.get(`/api/handoffs/${now.id}`)).body;
    expect(seenByMina.previous.map((h: { team: string }) => h.team)).toEqual(['default']);
    const minaTexts = seenByMina.transcript.map((m: { text: string }) => m.text);
    expect(minaTexts).toEqual(expect.arrayContaining(['the parcel box was torn', 'human']));
    expect(minaTexts).not.toContain('my card was charged twice');
    expect(minaTexts).not.toContain('what sizes do you have');

    const sup = await login(bot.url, 'sup@shop.example', PASSWORD);
    const seenBySup = (await sup.get(`/api/handoffs/${now.id}`)).body;
    expect(seenBySup.previous.map((h: { team: string }) => h.team).sort()).toEqual(['billing', 'default']);
    expect(seenBySup.transcript.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(['my card was charged twice', 'the parcel box was torn', 'what sizes do you have', 'human']));
    await admin.post(`/api/handoffs/${now.id}/close`, { resolution: 'done' });
  });

  it('takes attachment links to public https servers only', async () => {
    const p = phone();
    await customer(bot.url, p).say('human');
    const handoff = await queuedFor(p);
    const mina = await login(bot.url, 'mina@shop.example', PASSWORD);
    expect((await mina.post(`/api/handoffs/${handoff.id}/claim`)).status).toBe(200);
    const attach = (url: string) => mina.post(`/api/handoffs/${handoff.id}/messages`, { attachment: { kind: 'document', url } });
    for (const url of ['javascript:alert(document.cookie)', 'file:///etc/passwd', 'http://catalog.shop.example/a.pdf', 'https://169.254.169.254/latest/meta-data/', 'https://127.0.0.1:27017/', 'https://[::1]/x', 'https://localhost/x.pdf', 'https://user:pw@cdn.shop.example/a.pdf']) {
      const res = await attach(url);
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 400, code: 'INVALID_BODY' });
    }
    expect((await attach('https://cdn.shop.example/catalogue.pdf')).status).toBe(202);
    await mina.post(`/api/handoffs/${handoff.id}/close`, { resolution: 'done' });
  });
});
