import path from 'node:path';
import { apiClient, customer, login } from '../../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';

/**
 * Offboarding: an admin deactivates an agent (PATCH /api/agents/:id); every session of that
 * agent ends at once, the open live stream closes at its next heartbeat, the agent's chats go
 * back to the queue, and the change is in the audit trail.
 */
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { email: 'owner@shop.test', password: 'owner-pass-2024' };
const MINA = { email: 'mina@shop.test', password: 'mina-pass-2024', name: 'Mina', role: 'agent', teams: ['default'] };
const MINA_LOGIN = { email: MINA.email, password: MINA.password };
const HEARTBEAT_MS = 100;

let bot: HttpBot;
let admin: ReturnType<typeof apiClient>;
let minaId: string;

beforeAll(async () => {
  bot = await startHttpBot({ FLOWS_DIR: path.join(ROOT, 'flows'), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, undefined, { eventsHeartbeatMs: HEARTBEAT_MS });
  admin = await login(bot.url, ADMIN.email, ADMIN.password);
  const created = await admin.post('/api/agents', MINA);
  expect(created.status).toBe(201);
  minaId = created.body.agent.id;
});
afterAll(async () => bot?.stop());

/** Reads a live event stream into `text` until the server closes it. */
function openStream(token: string) {
  const state = { text: '', closed: false };
  const done = (async () => {
    const res = await fetch(`${bot.url}/api/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) state.text += decoder.decode(chunk);
    state.closed = true;
  })();
  return { state, done };
}

it('ends every session of a deactivated agent at once, closes the live stream and frees the chats', async () => {
  const mina = await login(bot.url, MINA.email, MINA.password);
  const minaPhone = await login(bot.url, MINA.email, MINA.password);
  const stream = openStream((await apiClient(bot.url).post('/api/auth/login', MINA_LOGIN)).body.token);
  await until(() => stream.state.text.includes(': heartbeat'), 5000);

  await customer(bot.url, '8801711000001').say('I want to talk to a human');
  const [queued] = (await mina.get('/api/handoffs?status=queued')).body.handoffs;
  expect((await mina.post(`/api/handoffs/${queued.id}/claim`)).status).toBe(200);

  const off = await admin.raw('PATCH', `/api/agents/${minaId}`, { active: false });
  expect(off.status).toBe(200);
  expect(off.body).toMatchObject({ agent: { id: minaId, active: false }, sessionsEnded: true, releasedChats: 1 });
  expect(off.body.agent.passwordHash).toBeUndefined();

  for (const session of [mina, minaPhone]) expect((await session.get('/api/handoffs')).status).toBe(401);
  expect((await apiClient(bot.url).post('/api/auth/login', MINA_LOGIN)).status).toBe(401);
  await until(() => stream.state.closed, 5000);
  expect(stream.state.text).toContain('event: session.ended');
  await stream.done;

  const handoff = (await admin.get(`/api/handoffs/${queued.id}`)).body.handoff;
  expect(handoff).toMatchObject({ status: 'queued' });
  expect(handoff.agentId).toBeUndefined();
  const audit = await bot.runtime.store.audit.list({ subjectId: minaId });
  expect(audit.find((e) => e.action === 'update-agent')).toMatchObject({ detail: { changed: ['active'], sessionsEnded: true, releasedChats: 1 } });

  // Back on: the old sessions stay ended, a new login works.
  expect((await admin.raw('PATCH', `/api/agents/${minaId}`, { active: true })).body.sessionsEnded).toBe(false);
  expect((await mina.get('/api/handoffs')).status).toBe(401);
  expect((await (await login(bot.url, MINA.email, MINA.password)).get('/api/agents/me')).body.agent.active).toBe(true);
});

it('resets a password (old sessions end), changes role and teams, and refuses what it must', async () => {
  const before = await login(bot.url, MINA.email, MINA.password);
  const reset = await admin.raw('PATCH', `/api/agents/${minaId}`, { password: 'brand-new-pass-77', role: 'supervisor', teams: ['sales', 'default'] });
  expect(reset.status).toBe(200);
  expect(reset.body).toMatchObject({ agent: { role: 'supervisor', teams: ['sales', 'default'] }, sessionsEnded: true });
  expect((await before.get('/api/agents/me')).status).toBe(401);
  expect((await apiClient(bot.url).post('/api/auth/login', MINA_LOGIN)).status).toBe(401);
  const after = await login(bot.url, MINA.email, 'brand-new-pass-77');
  expect((await after.get('/api/agents/me')).body.agent.role).toBe('supervisor');

  // Only admins; known agents and teams; a password bcrypt can read whole; something to change.
  expect((await after.raw('PATCH', `/api/agents/${minaId}`, { role: 'admin' })).status).toBe(403);
  expect((await admin.raw('PATCH', '/api/agents/nobody', { active: false })).body.error.code).toBe('AGENT_NOT_FOUND');
  expect((await admin.raw('PATCH', `/api/agents/${minaId}`, { teams: ['moon'] })).body.error.code).toBe('UNKNOWN_TEAM');
  const tooLong = await admin.raw('PATCH', `/api/agents/${minaId}`, { password: 'অ'.repeat(25) });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.error.message).toMatch(/72 bytes/);
  expect((await admin.raw('PATCH', `/api/agents/${minaId}`, {})).status).toBe(400);
  expect((await admin.raw('PATCH', `/api/agents/${minaId}`, { email: 'x@y.z' })).status).toBe(400);
});

it('keeps the last active admin', async () => {
  const ownerId = (await admin.get('/api/agents/me')).body.agent.id;
  const refused = await admin.raw('PATCH', `/api/agents/${ownerId}`, { active: false });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('LAST_ADMIN');
  expect((await admin.raw('PATCH', `/api/agents/${ownerId}`, { role: 'agent' })).body.error.code).toBe('LAST_ADMIN');
  // With a second admin, the first may step down.
  expect((await admin.raw('PATCH', `/api/agents/${minaId}`, { role: 'admin' })).status).toBe(200);
  expect((await admin.raw('PATCH', `/api/agents/${ownerId}`, { role: 'supervisor' })).status).toBe(200);
});

it('refuses a password longer than bcrypt reads, at creation and at login', async () => {
  const bengali = 'আমার-দোকানের-পাসওয়ার্ড-খুব-লম্বা'; // 33 characters, 91 bytes
  const created = await (await login(bot.url, MINA.email, 'brand-new-pass-77')).post('/api/agents', { email: 'long@shop.test', password: bengali, name: 'Long' });
  expect(created.status).toBe(400);
  expect(created.body.error.message).toMatch(/72 bytes/);
  const loginTry = await apiClient(bot.url).post('/api/auth/login', { email: MINA.email, password: 'x'.repeat(73) });
  expect(loginTry.status).toBe(400);
});
