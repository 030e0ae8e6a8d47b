import { apiClient, customer, login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { parseCsv } from '../unit/reports/csvReader';

const ADMIN = { email: 'admin@export.example', password: 'admin-password-1' };
const PASSWORD = 'agent-password-1';

/** An agent exports one conversation for the records; an admin exports everything held about a customer. */
describe('exports through the API', () => {
  let bot: HttpBot;
  let admin: Awaited<ReturnType<typeof login>>;
  let mina: Awaited<ReturnType<typeof login>>;
  let tanvir: Awaited<ReturnType<typeof login>>;
  const phone = '8801555000001';
  const customerId = `simulator:${phone}`;
  let handoffId: string;
  let conversationId: string;

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'e'.repeat(40), TEAMS: 'default,sales,delivery,billing,returns' });
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    for (const [name, teams] of [['Mina', ['default']], ['Tanvir', ['sales']]] as const) {
      expect((await admin.post('/api/agents', { email: `${name.toLowerCase()}@export.example`, password: PASSWORD, name, role: 'agent', teams })).status).toBe(201);
    }
    mina = await login(bot.url, 'mina@export.example', PASSWORD);
    tanvir = await login(bot.url, 'tanvir@export.example', PASSWORD);

    // A customer with a story: an order question, a secret typed by mistake, a person, a note, a rating.
    const c = customer(bot.url, phone);
    await c.say('where is my order');
    await c.say('204518');
    await c.say('my bkash pin is 73519, "refund" please');
    await c.say('human');
    handoffId = (await mina.get('/api/handoffs?status=queued')).body.handoffs[0].id;
    await mina.post(`/api/handoffs/${handoffId}/claim`);
    await mina.post(`/api/handoffs/${handoffId}/messages`, { text: 'Hello, Mina here. Checking 204518.' });
    await mina.post(`/api/handoffs/${handoffId}/notes`, { text: 'Wants a refund to bKash' });
    await mina.post(`/api/handoffs/${handoffId}/close`, { resolution: 'Refund started' });
    await c.say('5');
    conversationId = (await bot.runtime.store.handoffs.get(handoffId))!.conversationId;
    await until(async () => (await bot.runtime.store.handoffs.get(handoffId))?.csat?.score === 5);
  });
  afterAll(async () => bot.stop());

  /** A download as the browser gets it: the raw response. */
  const download = async (path: string, who: { email: string; password: string }) => {
    const { token } = (await apiClient(bot.url).post('/api/auth/login', who)).body;
    return fetch(bot.url + path, { headers: { authorization: `Bearer ${token}` } });
  };

  it('gives an agent of the chat\u2019s team the transcript as JSON and as CSV, oldest first, secrets masked', async () => {
    const json = await mina.get(`/api/conversations/${conversationId}/transcript`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ conversation: { id: conversationId, channel: 'simulator' }, customer: { address: phone }, exportedBy: 'Mina' });
    const texts = json.body.lines.map((l: { text: string }) => l.text);
    expect(texts.slice(0, 2)).toEqual(['where is my order', expect.stringMatching(/order number/i)]);
    expect(texts).toContain('my bkash pin is [PIN hidden], "refund" please');
    expect(JSON.stringify(json.body)).not.toContain('73519');
    expect(json.body.lines.find((l: { sender: string }) => l.sender === 'agent')).toMatchObject({ agentName: 'Mina', text: 'Hello, Mina here. Checking 204518.' });

    const res = await download(`/api/conversations/${conversationId}/transcript?format=csv`, { email: 'mina@export.example', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=transcript-${conversationId}.csv`);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['time', 'from', 'type', 'text', 'delivery', 'intent']);
    expect(rows[1]).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT/), 'customer', 'text', 'where is my order', '', expect.any(String)]);
    expect(rows.find((r) => r[1] === 'agent: Mina')?.[3]).toBe('Hello, Mina here. Checking 204518.');
    expect(rows.find((r) => r[3].startsWith('my bkash pin'))?.[3]).toBe('my bkash pin is [PIN hidden], "refund" please');
    expect(rows).toHaveLength(json.body.lines.length + 1);

    const audit = await bot.runtime.store.audit.list({ subjectId: conversationId });
    expect(audit.filter((e) => e.action === 'export-transcript').map((e) => e.detail)).toEqual([{ format: 'csv' }, { format: 'json' }]);
  });

  it('refuses the transcript to an agent of another team and says when there is no such conversation', async () => {
    const refused = await tanvir.get(`/api/conversations/${conversationId}/transcript`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('OTHER_TEAM');
    expect((await admin.get(`/api/conversations/${conversationId}/transcript`)).status).toBe(200);
    expect((await admin.get('/api/conversations/nope/transcript')).body.error.code).toBe('CONVERSATION_NOT_FOUND');
    expect((await mina.get(`/api/conversations/${conversationId}/transcript?format=xml`)).status).toBe(400);
  });

  it('gives an admin everything held about the customer as one JSON download, and audits it', async () => {
    const res = await download(`/api/customers/${encodeURIComponent(customerId)}/export`, ADMIN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename=customer-simulator_8801555000001.json");
    const data = await res.json();
    expect(data.customer).toMatchObject({ id: customerId, tags: [], optedOut: false });
    expect(data.identifiers).toEqual([{ channel: 'simulator', kind: 'phone', address: phone }]);
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]).toMatchObject({ id: conversationId, collectedValues: { order_id: '204518' } });
    expect(data.conversations[0].transcript.map((e: { content: { text?: string } }) => e.content.text)).toContain('where is my order');
    expect(data.handoffs).toEqual([expect.objectContaining({ id: handoffId, resolution: 'Refund started', agent: 'Mina', notes: [expect.objectContaining({ by: 'Mina', text: 'Wants a refund to bKash' })], csat: expect.objectContaining({ score: 5 }) })]);
    expect(JSON.stringify(data)).not.toContain('73519');
    const adminId = (await bot.runtime.store.agents.getByEmail(ADMIN.email))!.id;
    expect(await bot.runtime.store.audit.list({ subjectId: customerId })).toEqual([expect.objectContaining({ action: 'export-customer', actorId: adminId, subjectType: 'customer' })]);
  });

  it('keeps the customer export to admins, and says when the customer is unknown', async () => {
    const refused = await mina.get(`/api/customers/${encodeURIComponent(customerId)}/export`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const unknown = await admin.get(`/api/customers/${encodeURIComponent('simulator:8801999999999')}/export`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CUSTOMER_NOT_FOUND');
  });
});
