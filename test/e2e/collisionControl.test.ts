import { customer, login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import type { LiveEvent } from '../../src/events/port';

const ADMIN = { email: 'admin@collision.example', password: 'admin-password-1' };
const PASSWORD = 'agent-password-1';

/** Two people in one chat: only the holder writes, a supervisor can take over, everyone sees who is looking. */
describe('collision control through the API', () => {
  let bot: HttpBot;
  let mina: Awaited<ReturnType<typeof login>>;
  let rafi: Awaited<ReturnType<typeof login>>;
  let sup: Awaited<ReturnType<typeof login>>;
  let salesAgent: Awaited<ReturnType<typeof login>>;
  const events: LiveEvent[] = [];
  let n = 0;

  async function queuedChat() {
    const phone = `88015000${String(++n).padStart(5, '0')}`;
    const c = customer(bot.url, phone);
    await c.say('human');
    const handoff = (await bot.runtime.store.handoffs.list({ status: 'queued' })).find((h) => h.customerId === `simulator:${phone}`)!;
    return { c, id: handoff.id };
  }

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'c'.repeat(40), TEAMS: 'default,sales,delivery,billing,returns' });
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    for (const [name, role, teams] of [['Mina', 'agent', ['default']], ['Rafi', 'agent', ['default']], ['Sadia', 'supervisor', ['default']], ['Tanvir', 'agent', ['sales']]] as const) {
      expect((await admin.post('/api/agents', { email: `${name.toLowerCase()}@collision.example`, password: PASSWORD, name, role, teams })).status).toBe(201);
    }
    mina = await login(bot.url, 'mina@collision.example', PASSWORD);
    rafi = await login(bot.url, 'rafi@collision.example', PASSWORD);
    sup = await login(bot.url, 'sadia@collision.example', PASSWORD);
    salesAgent = await login(bot.url, 'tanvir@collision.example', PASSWORD);
    bot.runtime.events.subscribe((event) => events.push(event));
  });
  afterAll(async () => bot.stop());

  it('refuses a reply and a note from anyone but the holder, naming who holds the chat', async () => {
    const { id } = await queuedChat();
    const early = await rafi.post(`/api/handoffs/${id}/notes`, { text: 'before anyone claimed it' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'NOT_HOLDER', message: 'Claim this chat before you add notes' });

    expect((await mina.post(`/api/handoffs/${id}/claim`)).status).toBe(200);
    for (const [who, path, body, action] of [
      [rafi, 'messages', { text: 'I can answer this one' }, 'reply'],
      [rafi, 'notes', { text: 'note from the side' }, 'add notes'],
      [sup, 'messages', { text: 'supervisor typing in' }, 'reply'],
    ] as const) {
      const refused = await who.post(`/api/handoffs/${id}/${path}`, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual({ code: 'NOT_HOLDER', message: `Mina holds this chat: only the agent holding it can ${action}. A supervisor can take it over.`, holder: { id: expect.any(String), name: 'Mina' } });
    }
    expect((await mina.post(`/api/handoffs/${id}/notes`, { text: 'my own note' })).status).toBe(201);
    const notes = (await bot.runtime.store.handoffs.get(id))!.notes;
    expect(notes.map((note) => note.text)).toEqual(['my own note']);
  });

  it('lets a supervisor take over, tells the customer, audits it, and locks out the previous holder', async () => {
    const { c, id } = await queuedChat();
    const minaId = (await mina.post(`/api/handoffs/${id}/claim`)).body.handoff.agentId;
    const refused = await rafi.post(`/api/handoffs/${id}/takeover`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    const taken = await sup.post(`/api/handoffs/${id}/takeover`);
    expect(taken.status).toBe(200);
    expect(taken.body.handoff).toMatchObject({ status: 'claimed', agentId: expect.not.stringMatching(minaId) });
    await until(async () => (await c.inbox()).some((m) => m.text === 'Sadia from our team has joined the chat.'));
    const audit = await bot.runtime.store.audit.list({ subjectId: id });
    expect(audit.find((e) => e.action === 'take-over')).toMatchObject({ actorId: taken.body.handoff.agentId, detail: { from: minaId } });
    expect(events.find((e) => e.type === 'handoff.transferred' && e.handoffId === id)).toMatchObject({ agentId: taken.body.handoff.agentId, detail: { takenOver: true, from: { agentId: minaId } } });

    const locked = await mina.post(`/api/handoffs/${id}/messages`, { text: 'still here?' });
    expect(locked.body.error).toMatchObject({ code: 'NOT_HOLDER', holder: { name: 'Sadia' } });
    expect((await sup.post(`/api/handoffs/${id}/messages`, { text: 'Hello, Sadia here.' })).status).toBe(202);
    expect((await sup.post(`/api/handoffs/${id}/takeover`)).body.error.code).toBe('ALREADY_YOURS');
  });

  it('passes on who is viewing a chat, only to those who may see it', async () => {
    const { id } = await queuedChat();
    expect((await mina.post(`/api/handoffs/${id}/presence`, { state: 'viewing' })).status).toBe(204);
    expect(events.filter((e) => e.type === 'presence' && e.handoffId === id).pop()).toMatchObject({ team: 'default', detail: { state: 'viewing', name: 'Mina', role: 'agent' } });
    expect((await mina.post(`/api/handoffs/${id}/presence`, { state: 'left' })).status).toBe(204);
    expect(events.filter((e) => e.type === 'presence' && e.handoffId === id).pop()).toMatchObject({ detail: { state: 'left' } });
    const otherTeam = await salesAgent.post(`/api/handoffs/${id}/presence`, { state: 'viewing' });
    expect(otherTeam.status).toBe(403);
    expect((await mina.post(`/api/handoffs/${id}/presence`, { state: 'typing' })).body.error.code).toBe('INVALID_BODY');
  });
});
