import { apiClient, customer, login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { SessionTokens } from '../../src/agents/sessionTokens';

const ADMIN = { email: 'admin@deshibazar.example', password: 'admin-password-1' };

describe('human handoff through the API and the simulator', () => {
  let bot: HttpBot;
  let admin: Awaited<ReturnType<typeof login>>;
  let n = 0;
  const phone = () => `88016000${String(++n).padStart(5, '0')}`;

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'x'.repeat(40), TEAMS: 'default,sales,delivery,billing,returns', TRUST_PROXY: 'loopback' });
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    for (const [email, teams, role] of [['mina@deshibazar.example', undefined, 'agent'], ['rafi@deshibazar.example', ['sales'], 'agent'], ['sup@deshibazar.example', ['sales'], 'supervisor']] as const) {
      const created = await admin.post('/api/agents', { email, password: 'agent-password-1', name: email.split('@')[0], role, ...(teams ? { teams } : {}) });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => bot.stop());

  it('queues, claims, shows the context, relays replies, closes and collects a rating', async () => {
    const c = customer(bot.url, phone());
    await c.say('where is my order');
    await c.say('204518');
    const queued = await c.say('I want to talk to a human');
    expect(queued.replies.map((r) => r.text).join('\n')).toMatch(/number 1 in the queue/);

    const mina = await login(bot.url, 'mina@deshibazar.example', 'agent-password-1');
    const list = await mina.get('/api/handoffs?status=queued');
    expect(list.status).toBe(200);
    const item = list.body.handoffs[0];
    expect(item).toMatchObject({ status: 'queued', team: 'default' });

    const claim = await mina.post(`/api/handoffs/${item.id}/claim`);
    expect(claim.status).toBe(200);
    const context = await mina.get(`/api/handoffs/${item.id}`);
    expect(context.body.conversation.values).toMatchObject({ order_id: '204518', order: { status: 'shipped' } });
    expect(context.body.summary).toMatch(/Order status/);
    expect(context.body.summary).toMatch(/204518/);
    expect(context.body.transcript.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(['where is my order', '204518']));
    expect(context.body.customer).toMatchObject({ tags: [] });

    // While an agent owns the chat the bot says nothing; the agent sees the message.
    expect((await c.say('menu please')).replies).toEqual([]);
    const reply = await mina.post(`/api/handoffs/${item.id}/messages`, { text: 'Hi, I am Mina. Your parcel is with Pathao and arrives tomorrow.' });
    expect(reply.status).toBe(202);
    await until(async () => (await c.inbox()).some((m) => m.sender === 'agent' && m.text.includes('I am Mina')));
    expect((await mina.post(`/api/handoffs/${item.id}/notes`, { text: 'Customer is polite; courier delay' })).status).toBe(201);

    const closed = await mina.post(`/api/handoffs/${item.id}/close`, { resolution: 'Explained the courier delay' });
    expect(closed.body.handoff).toMatchObject({ status: 'closed', resolution: 'Explained the courier delay' });
    const inbox = await c.inbox();
    const survey = inbox[inbox.length - 1];
    expect(survey).toMatchObject({ type: 'list', text: expect.stringMatching(/How did we do/) });
    expect(survey.rows!.map((r) => r.id)).toEqual(['csat:5', 'csat:4', 'csat:3', 'csat:2', 'csat:1']);

    const rated = await c.say('4');
    expect(rated.replies[0].text).toMatch(/Thank you for your rating/);
    const comment = await c.say('Mina was very helpful');
    expect(comment.replies[0].text).toMatch(/comment helps/);
    const after = await mina.get(`/api/handoffs/${item.id}`);
    expect(after.body.handoff.csat).toMatchObject({ score: 4, comment: 'Mina was very helpful', team: 'default', agentId: claim.body.handoff.agentId });
    expect(after.body.handoff.notes[0].text).toBe('Customer is polite; courier delay');
    // The bot is back: a question gets a bot answer again.
    expect((await c.say('where is my order')).replies[0].text).toMatch(/order number/);
  });

  it('gives a claim to exactly one of 50 agents clicking at once; the rest get 409 with the holder', async () => {
    const c = customer(bot.url, phone());
    await c.say('agent');
    const { body } = await admin.get('/api/handoffs?status=queued');
    const id = body.handoffs.find((h: { status: string }) => h.status === 'queued').id;
    const results = await Promise.all(Array.from({ length: 50 }, () => admin.post(`/api/handoffs/${id}/claim`)));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(49);
    expect(losers[0].body.error).toMatchObject({ code: 'ALREADY_CLAIMED', holder: { name: 'Administrator' } });
    const audit = await bot.runtime.store.audit.list({ subjectId: id });
    expect(audit.filter((e) => e.action === 'claim')).toHaveLength(1);
    await admin.post(`/api/handoffs/${id}/close`, { resolution: 'test' });
  });

  it('keeps agents to their teams: another team is refused, a supervisor sees all', async () => {
    const c = customer(bot.url, phone());
    await c.say('human');
    const rafi = await login(bot.url, 'rafi@deshibazar.example', 'agent-password-1');
    const sup = await login(bot.url, 'sup@deshibazar.example', 'agent-password-1');
    const handoff = (await bot.runtime.store.handoffs.list({ status: 'queued', team: 'default' }))[0];
    expect((await rafi.get('/api/handoffs?status=queued')).body.handoffs.map((h: { id: string }) => h.id)).not.toContain(handoff.id);
    const refused = await rafi.post(`/api/handoffs/${handoff.id}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('OTHER_TEAM');
    expect((await rafi.get(`/api/handoffs/${handoff.id}`)).status).toBe(403);
    expect((await sup.get('/api/handoffs?status=queued')).body.handoffs.map((h: { id: string }) => h.id)).toContain(handoff.id);
    // Transfer to sales makes it Rafi's to claim.
    expect((await sup.post(`/api/handoffs/${handoff.id}/transfer`, { team: 'sales' })).status).toBe(200);
    expect((await rafi.post(`/api/handoffs/${handoff.id}/claim`)).status).toBe(200);
    expect((await rafi.post(`/api/handoffs/${handoff.id}/release`)).body.handoff).toMatchObject({ status: 'queued', team: 'sales' });
    expect((await sup.post(`/api/handoffs/${handoff.id}/handback`)).body.handoff.status).toBe('closed');
    const inbox = await c.inbox();
    expect(inbox[inbox.length - 1].text).toMatch(/back with the assistant/);
  });

  it('refuses a missing, forged or expired session and a wrong password', async () => {
    expect((await apiClient(bot.url).get('/api/handoffs')).status).toBe(401);
    expect((await apiClient(bot.url, 'forged.token').get('/api/handoffs')).status).toBe(401);
    const wrong = await apiClient(bot.url).post('/api/auth/login', { email: ADMIN.email, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    const adminId = (await bot.runtime.store.agents.getByEmail(ADMIN.email))!.id;
    // Signed with the server's secret, but its 12 hours ended a minute ago.
    const expired = new SessionTokens('x'.repeat(40), -60_000).issue(adminId);
    const refused = await apiClient(bot.url, expired.token).get('/api/agents/me');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('SESSION_INVALID');
    const fresh = new SessionTokens('x'.repeat(40), 60_000).issue(adminId);
    expect((await apiClient(bot.url, fresh.token).get('/api/agents/me')).status).toBe(200);
  });

  it('ends every session of an agent who logs out, copied bearer tokens included', async () => {
    const laptop = await login(bot.url, ADMIN.email, ADMIN.password);
    const phoneLogin = await apiClient(bot.url).post('/api/auth/login', ADMIN);
    const phone = apiClient(bot.url, phoneLogin.body.token);
    expect((await phone.get('/api/agents/me')).status).toBe(200);

    const out = await fetch(`${bot.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${phoneLogin.body.token}` } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/wabot_session=;/);
    for (const session of [phone, laptop]) {
      const refused = await session.get('/api/handoffs');
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('SESSION_ENDED');
    }
    const adminId = (await bot.runtime.store.agents.getByEmail(ADMIN.email))!.id;
    expect((await bot.runtime.store.audit.list({ actorId: adminId })).map((e) => e.action)).toContain('logout');
    // Logging out without a session is harmless; logging in again works.
    expect((await fetch(`${bot.url}/api/auth/logout`, { method: 'POST' })).status).toBe(204);
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    expect((await admin.get('/api/agents/me')).status).toBe(200);
  });

  it('rate-limits repeated failed logins', async () => {
    const api = apiClient(bot.url);
    const statuses: number[] = [];
    // A client address of its own (this bot trusts loopback as its proxy), so the other tests' logins are not locked out.
    const from = { 'x-forwarded-for': '192.0.2.77' };
    for (let i = 0; i < 7; i++) statuses.push((await api.raw('POST', '/api/auth/login', { email: 'guesser@deshibazar.example', password: `guess-${i}` }, from)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // The lock is on that account from that address: it locks out no one else.
    expect((await api.raw('POST', '/api/auth/login', ADMIN, from)).status).toBe(200);
  });

  it('blocks a free reply after the 24-hour window and allows a template', async () => {
    const c = customer(bot.url, phone());
    await c.say('talk to agent');
    const handoff = (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((h: { status: string }) => h.status === 'queued');
    expect((await admin.post(`/api/handoffs/${handoff.id}/claim`)).status).toBe(200);
    const conversation = (await bot.runtime.store.conversations.get((await bot.runtime.store.handoffs.get(handoff.id))!.conversationId))!;
    await bot.runtime.store.conversations.save({ ...conversation, lastCustomerMessageAt: Date.now() - 25 * 3_600_000 });
    const blocked = await admin.post(`/api/handoffs/${handoff.id}/messages`, { text: 'hello again' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('WINDOW_CLOSED');
    expect(blocked.body.error.message).toMatch(/24 hours/);
    const template = await admin.post(`/api/handoffs/${handoff.id}/messages`, { template: { name: 'order_followup', language: 'en', parameters: ['204518'] } });
    expect(template.status).toBe(202);
    await admin.post(`/api/handoffs/${handoff.id}/close`, { resolution: 'test' });
  });

  it('lets only admins add agents, puts an agent without teams in the default team, refuses duplicates', async () => {
    const mina = await login(bot.url, 'mina@deshibazar.example', 'agent-password-1');
    expect((await mina.post('/api/agents', { email: 'x@y.example', password: 'password-123', name: 'X' })).status).toBe(403);
    const me = await mina.get('/api/agents/me');
    expect(me.body.agent).toMatchObject({ teams: ['default'], role: 'agent' });
    expect(me.body.agent.passwordHash).toBeUndefined();
    expect((await admin.post('/api/agents', { email: 'MINA@deshibazar.example', password: 'password-123', name: 'Mina 2' })).status).toBe(409);
    expect((await admin.post('/api/agents', { email: 'not-an-email', password: 'short', name: '' })).status).toBe(400);
  });

  it('rates with a Bengali digit and handles a late or invalid answer politely', async () => {
    const c = customer(bot.url, phone());
    await c.say('আমি মানুষের সাথে কথা বলতে চাই');
    const h = (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((x: { status: string }) => x.status === 'queued');
    await admin.post(`/api/handoffs/${h.id}/claim`);
    await admin.post(`/api/handoffs/${h.id}/close`, { resolution: 'done' });
    expect((await c.say('৭')).replies.map((r) => r.text)[0]).toMatch(/১ থেকে ৫/);
    expect((await c.say('৫')).replies[0].text).toMatch(/ধন্যবাদ/);
    expect((await bot.runtime.store.handoffs.get(h.id))?.csat?.score).toBe(5);
    expect((await c.press('csat:1')).replies[0].text).toMatch(/ধন্যবাদ/);
    expect((await bot.runtime.store.handoffs.get(h.id))?.csat?.score).toBe(5);
  });
});
