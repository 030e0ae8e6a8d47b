import { customer, login } from '../support/apiClient';
import { startHttpBot, type HttpBot } from '../support/httpBot';
import { matchGlobalCommand } from '../../src/engine/globalCommands';
import { systemText } from '../../src/conversation/systemTexts';

const ADMIN = { email: 'admin@erasure.example', password: 'admin-password-1' };
const PASSWORD = 'agent-password-1';

describe('a customer asking to delete their data', () => {
  let bot: HttpBot;
  let admin: Awaited<ReturnType<typeof login>>;
  let mina: Awaited<ReturnType<typeof login>>;
  let sup: Awaited<ReturnType<typeof login>>;
  let n = 0;

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'r'.repeat(40) });
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    for (const [name, role] of [['Mina', 'agent'], ['Sadia', 'supervisor']] as const) {
      expect((await admin.post('/api/agents', { email: `${name.toLowerCase()}@erasure.example`, password: PASSWORD, name, role, teams: ['default'] })).status).toBe(201);
    }
    mina = await login(bot.url, 'mina@erasure.example', PASSWORD);
    sup = await login(bot.url, 'sadia@erasure.example', PASSWORD);
  });
  afterAll(async () => bot.stop());

  it.each([
    ['delete my data', 'en'],
    ['Please delete my data!', 'en'],
    ['আমার তথ্য মুছে দিন', 'bn'],
    ['আমার তথ্য মুছে দিন।', 'bn'],
    ['amar data delete koren', 'bn'],
    ['Amar tottho muche din', 'bn'],
  ] as const)('%j is a request to an admin, answered in %s; nothing is deleted yet', async (text, locale) => {
    const phone = `88014000${String(++n).padStart(5, '0')}`;
    const c = customer(bot.url, phone);
    await c.say('hello');
    const answer = await c.say(text);
    expect(answer.replies[0].text.startsWith(systemText('erasureRequested', locale))).toBe(true);
    const handoff = (await bot.runtime.store.handoffs.listByCustomer(`simulator:${phone}`, 5))[0];
    expect(handoff).toMatchObject({ trigger: 'erasure-request', reason: 'The customer asked to delete their data', priority: 'high', status: 'queued' });
    expect(await bot.runtime.store.customers.get(`simulator:${phone}`)).not.toBeNull();
    expect((await bot.runtime.store.messages.listByCustomer(`simulator:${phone}`)).length).toBeGreaterThan(2);

    // In the admins' queue only.
    expect((await admin.get('/api/handoffs?status=queued')).body.handoffs.map((h: { id: string }) => h.id)).toContain(handoff.id);
    for (const other of [mina, sup]) {
      expect((await other.get('/api/handoffs?status=queued')).body.handoffs.map((h: { id: string }) => h.id)).not.toContain(handoff.id);
      const refused = await other.get(`/api/handoffs/${handoff.id}`);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toEqual({ code: 'ADMINS_ONLY', message: "Only admins handle a customer's request to delete their data" });
    }
  });

  it('is a whole message: a question about deleting data is not the command', () => {
    expect(matchGlobalCommand('how do I delete my data from the app?')).toBeNull();
    expect(matchGlobalCommand('amar order delete koren')).toBeNull();
    expect(matchGlobalCommand('delete my data')).toBe('erase');
  });
});
