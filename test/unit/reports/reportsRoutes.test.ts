import { createAgent } from '../../../src/agents/agentAccounts';
import { hashPassword } from '../../../src/agents/passwords';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { apiClient, login } from '../../support/apiClient';
import { AGENTS, EXPECTED, PERIOD, seedReportScenario } from '../../contracts/reportsContract';
import { parseCsv } from './csvReader';

/** GET /api/reports/* over HTTP, on the embedded store seeded with the scripted week. */

const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const BOSS = { email: 'boss@shop.test', password: 'boss-pass-2024' };
const WEEK = `from=${PERIOD.fromDate}&to=${PERIOD.toDate}`;

describe('GET /api/reports', () => {
  let bot: HttpBot;
  let supervisor: ReturnType<typeof apiClient>;
  let mina: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'reports-test-session-secret-0123456789abcdef' });
    const store = bot.runtime.store;
    await seedReportScenario(store);
    await store.agents.update(AGENTS.mina.id, { passwordHash: await hashPassword(AGENTS.mina.password) });
    await createAgent(store, { ...BOSS, name: 'Boss', role: 'supervisor' }, { teams: bot.runtime.config.handoff.teams, defaultTeam: 'default', maxOpenChats: 5 });
    supervisor = await login(bot.url, BOSS.email, BOSS.password);
    mina = await login(bot.url, AGENTS.mina.email, AGENTS.mina.password);
  });
  afterAll(async () => bot?.stop());

  it('needs a session', async () => {
    const res = await apiClient(bot.url).get(`/api/reports/summary?${WEEK}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('NOT_LOGGED_IN');
  });

  it('gives a supervisor every KPI of the week', async () => {
    const res = await supervisor.get(`/api/reports/summary?${WEEK}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify({ ...EXPECTED, notes: [] })));
  });

  it('gives an admin the same, and takes fcrDays and the cuts', async () => {
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    expect((await admin.get(`/api/reports/summary?${WEEK}&fcrDays=7`)).body.firstContactResolution).toEqual({ count: 2, total: 4, rate: 0.5, days: 7, provisional: 0 });
    const cut = await admin.get(`/api/reports/summary?${WEEK}&team=delivery&language=bn&channel=whatsapp-cloud`);
    expect(cut.body.totals).toEqual({ conversations: 2, handoffs: 2, closedHandoffs: 2 });
    expect(cut.body.filters).toEqual({ team: 'delivery', channel: 'whatsapp-cloud', language: 'bn' });
  });

  it('gives an agent only their own figures, and refuses another agent\u2019s', async () => {
    const own = await mina.get(`/api/reports/summary?${WEEK}`);
    expect(own.status).toBe(200);
    expect(own.body.filters).toEqual({ agent: AGENTS.mina.id });
    expect(own.body.totals).toEqual({ conversations: 2, handoffs: 2, closedHandoffs: 2 });
    expect(own.body.agents).toEqual([EXPECTED.agents[0]]);
    expect(own.body.lowestRated).toEqual([]);
    expect((await mina.get(`/api/reports/summary?${WEEK}&agent=${AGENTS.mina.id}`)).status).toBe(200);
    const other = await mina.get(`/api/reports/summary?${WEEK}&agent=${AGENTS.rafi.id}`);
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({ code: 'FORBIDDEN', message: 'Agents see only their own figures: leave out "agent", or give your own id' });
  });

  it('answers bad dates and options with 400 and what it expects', async () => {
    const bad = await supervisor.get('/api/reports/summary?from=last-week');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_QUERY');
    expect(bad.body.error.message).toMatch(/^from: expected a date like 2024-05-01 \(midnight in Asia\/Dhaka\)/);
    expect((await supervisor.get('/api/reports/summary?from=2024-03-10&to=2024-03-01')).body.error.message).toMatch(/^from must be before to/);
    expect((await supervisor.get('/api/reports/summary?fcrDays=-1')).status).toBe(400);
    expect((await supervisor.get('/api/reports/summary?format=xml')).body.error).toEqual({ code: 'INVALID_QUERY', message: 'format: expected json or csv' });
  });

  it('defaults to the last 30 days, up to the end of today in the business time zone', async () => {
    const { body } = await supervisor.get('/api/reports/summary');
    const from = Date.parse(body.period.from);
    const to = Date.parse(body.period.to);
    expect(body.period.days).toBe(30);
    expect(body.daily).toHaveLength(30);
    // Local midnight in Dhaka is 18:00 UTC; "today" is the last day of the series.
    expect(new Date(to).getUTCHours()).toBe(18);
    expect(to - from).toBe(30 * 86400_000);
    expect(to).toBeGreaterThan(Date.now());
    expect(to - Date.now()).toBeLessThanOrEqual(86400_000);
  });

  it('gives the same summary as CSV (format=csv or Accept: text/csv)', async () => {
    for (const request of [
      fetch(`${bot.url}/api/reports/summary?${WEEK}&format=csv`, { headers: { authorization: await bearer(BOSS) } }),
      fetch(`${bot.url}/api/reports/summary?${WEEK}`, { headers: { authorization: await bearer(BOSS), accept: 'text/csv' } }),
    ]) {
      const res = await request;
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename=report-2024-03-04-to-2024-03-10.csv');
      const records = parseCsv(await res.text());
      const metrics = new Map(records.map((r) => [r[0], r[1]]));
      expect(metrics.get('containment.rate')).toBe('0.375');
      expect(metrics.get('csat.average')).toBe('3.5');
      expect(records.find((r) => r[0] === 'delivery')?.slice(0, 7)).toEqual(['delivery', '2', '360', '750', '2', '1', '1']);
      expect(records.find((r) => r[0] === 'Rafi')?.slice(0, 3)).toEqual(['Rafi', AGENTS.rafi.id, '2']);
    }
  });

  it('serves chart.js from the installed package to a logged-in page', async () => {
    const res = await fetch(`${bot.url}/api/reports/chart.js`, { headers: { authorization: await bearer(BOSS) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await res.text()).toMatch(/Chart\.js v4/);
    expect((await fetch(`${bot.url}/api/reports/chart.js`)).status).toBe(401);
  });

  async function bearer(who: { email: string; password: string }): Promise<string> {
    const res = await apiClient(bot.url).post('/api/auth/login', who);
    return `Bearer ${res.body.token}`;
  }
});
