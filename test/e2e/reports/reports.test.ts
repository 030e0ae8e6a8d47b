import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createAgent } from '../../../src/agents/agentAccounts';
import { hashPassword } from '../../../src/agents/passwords';
import type { Conversation } from '../../../src/domain/conversation';
import type { Handoff } from '../../../src/domain/handoff';
import type { Store } from '../../../src/store/port';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { eventually } from '../console/browser';
import { AGENTS, PERIOD, seedReportScenario } from '../../contracts/reportsContract';

/**
 * The reports page in a real browser against the whole bot on a loopback port: the scripted
 * week plus a month of recent chats in the store, a supervisor logs in at the console, follows
 * its "Reports" link, reads the tiles for the default period, a custom week (exact figures)
 * and the last 7 days, downloads the CSV, and opens a low-rated chat; an agent sees only
 * their own figures; a visitor without a session is sent to the console.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/reports');
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const BOSS = { email: 'boss@shop.test', password: 'boss-pass-2024', name: 'Nasrin' };
const DAY = 86_400_000;

jest.setTimeout(90_000);


/** A month of recent chats (seeded random: the same every run), so the default view has something to draw. */
async function seedRecentMonth(store: Store, now: number): Promise<void> {
  let state = 20240304;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const intents = ['order_status', 'order_status', 'delivery_charge', 'payment_methods', 'return_policy', 'shop_hours', undefined];
  // Busier in the afternoon and evening (Dhaka time), like a small shop.
  const hours = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 21, 21, 22, 14, 15, 19, 11];
  for (let i = 0; i < 220; i++) {
    const day = Math.floor(random() * 29);
    const midnight = now - (now % 86_400_000) - 6 * 3_600_000;
    const createdAt = Math.min(now - 60_000, midnight - day * DAY + pick(hours) * 3_600_000 + Math.floor(random() * 3_600_000));
    const customerId = `whatsapp-cloud:88019${String(Math.floor(random() * 150)).padStart(8, '0')}`;
    const handedOff = random() < 0.27;
    const intent = pick(intents);
    const locale = random() < 0.4 ? 'bn' : 'en';
    const conversation: Conversation = {
      id: `recent-c${i}`, customerId, channel: random() < 0.15 ? 'simulator' : 'whatsapp-cloud', address: customerId.split(':')[1], locale, owner: 'bot', status: 'closed',
      values: {}, misses: 0, intents: [], createdAt, updatedAt: createdAt, version: 0,
      facts: { inbound: 2 + Math.floor(random() * 6), unmatched: random() < 0.2 ? 1 : 0, handoffs: handedOff ? 1 : 0, firstCustomerMessageAt: createdAt, firstReplyAt: createdAt + 600 + Math.floor(random() * 2500), ...(intent ? { firstIntent: intent } : {}) },
    };
    await store.conversations.create(conversation);
    if (!handedOff) continue;
    const agent = random() < 0.45 ? AGENTS.rafi : AGENTS.mina;
    const queuedAt = createdAt + 60_000;
    const claimedAt = queuedAt + Math.floor((20 + random() * random() * 900) * 1000);
    const closedAt = claimedAt + Math.floor((180 + random() * 1500) * 1000);
    const score = pick([5, 5, 5, 4, 4, 4, 3, 2, 1]);
    const handoff: Handoff = {
      id: `recent-h${i}`, conversationId: conversation.id, customerId, status: 'closed', trigger: 'customer-request', reason: 'asked', team: agent.teams[0], priority: 'normal',
      queuedAt, claimedAt, firstAgentReplyAt: claimedAt + 20_000, closedAt, agentId: agent.id, resolution: 'answered', notes: [], version: 0, channel: conversation.channel, locale,
      ...(claimedAt - queuedAt > 600_000 ? { slaBreachedAt: queuedAt + 600_000 } : {}),
      ...(random() < 0.7 ? { csat: { score, at: closedAt + 60_000, agentId: agent.id, team: agent.teams[0], ...(score <= 2 ? { comment: pick(['অর্ডার এখনো আসেনি', 'waited too long for an answer', 'wrong size sent, nobody called back']) } : {}) } } : {}),
    };
    await store.handoffs.create(handoff);
  }
}

describe('reports page (browser)', () => {
  let bot: HttpBot;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let boss: Page;

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const tile = (page: Page, key: string) => page.locator(`[data-testid="tile-${key}"] [data-testid="value"]`);
  const loaded = (page: Page, params: string) => page.locator(`body[data-loaded="${params}"]`).waitFor({ timeout: 5000 });
  /** The API's answer for the same query, with the page's own session cookie. */
  const api = (page: Page, query: string) => page.evaluate(async (q) => (await fetch(`/api/reports/summary?${q}`)).json(), query);

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Asia/Dhaka' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Anything the Content-Security-Policy blocked (an inline script or style) counts as an error too.
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    return page;
  }

  async function logInAtConsole(page: Page, who: { email: string; password: string }) {
    await page.goto(`${bot.url}/console/`);
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('whoami').waitFor();
  }

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}; the reports page test needs it (apt-get update && apt-get install -y chromium).`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'reports-e2e-session-secret-0123456789abcdef' });
    const store = bot.runtime.store;
    await seedReportScenario(store);
    await seedRecentMonth(store, Date.now());
    await store.agents.update(AGENTS.mina.id, { passwordHash: await hashPassword(AGENTS.mina.password) });
    await createAgent(store, { ...BOSS, role: 'supervisor' }, { teams: bot.runtime.config.handoff.teams, defaultTeam: 'default', maxOpenChats: 5 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await bot?.stop();
  });

  it('sends a visitor without a session to the console', async () => {
    const page = await newPage();
    await page.goto(`${bot.url}/console/reports.html`);
    const link = page.getByRole('link', { name: 'Go to the agent console' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/console/');
    await shot(page, '05-not-logged-in');
  });

  it('opens from the console and shows the last 30 days with charts', async () => {
    boss = await newPage();
    await logInAtConsole(boss, BOSS);
    await boss.getByRole('link', { name: 'Reports' }).click();
    await loaded(boss, 'days=30');
    expect(new URL(boss.url()).pathname).toBe('/console/reports.html');
    const expected = await api(boss, 'days=30');
    expect(expected.totals.conversations).toBeGreaterThan(100);
    expect(await tile(boss, 'conversations').innerText()).toBe(String(expected.totals.conversations));
    expect(await tile(boss, 'containment').innerText()).toBe(`${Number((expected.containment.rate * 100).toFixed(1))}%`);
    expect(await tile(boss, 'csat').innerText()).toBe(String(expected.csat.average));
    // Chart.js came from the app and drew on every canvas.
    expect(await boss.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe('function');
    const drawn = await boss.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => c.width > 0 && c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v: number) => v !== 0)));
    expect(drawn).toEqual([true, true, true, true]);
    expect(await boss.locator('#charts-unavailable').isHidden()).toBe(true);
    await shot(boss, '01-last-30-days');
  });

  it('shows the exact figures of a custom week', async () => {
    await boss.getByLabel('Period', { exact: true }).selectOption('custom');
    await boss.getByLabel('From', { exact: true }).fill(PERIOD.fromDate);
    await boss.getByLabel('To (included)').fill('2024-03-10');
    await boss.getByRole('button', { name: 'Show' }).click();
    await loaded(boss, `from=${PERIOD.fromDate}&to=${PERIOD.toDate}`);
    const expected: Record<string, string> = {
      conversations: '8', containment: '37.5%', 'bot-first-response': '2.5 s', 'human-first-response': '2 min 15 s', 'time-to-human': '1 min 30 s',
      'handle-time': '12 min 30 s', 'resolution-time': '13 min 15 s', fcr: '75%', csat: '3.5', sla: '1', unanswered: '25%',
    };
    const seen: Record<string, string> = {};
    for (const key of Object.keys(expected)) seen[key] = await tile(boss, key).innerText();
    expect(seen).toEqual(expected);
    expect(await boss.locator('[data-testid="tile-csat"] .tile-detail').innerText()).toBe('2 of 3 asked answered (66.7%)');
    expect(await boss.locator('#period-label').innerText()).toMatch(/^4 Mar 2024 – 10 Mar 2024 \(Asia\/Dhaka\)$/);
    expect(await boss.locator('#teams-table tbody tr').allInnerTexts()).toEqual(['sales\t3\t45 s\t12 min 30 s\t5 (1)\t0', 'delivery\t2\t6 min 00 s\t12 min 30 s\t2 (1)\t1']);
    expect(await boss.locator('#agents-table tbody tr').allInnerTexts()).toEqual(['Mina\t2\t45 s\t12 min 30 s\t5 (1)\t0', 'Rafi\t2\t6 min 00 s\t12 min 30 s\t2 (1)\t1']);
    const low = boss.locator('[data-testid="low-rated"]');
    expect(await low.count()).toBe(1);
    expect(await low.locator('a').getAttribute('href')).toBe('/console/#/chat/h2');
    expect(await low.locator('.comment').innerText()).toBe('too slow, "again"');
    expect(new URL(boss.url()).search).toBe(`?from=${PERIOD.fromDate}&to=${PERIOD.toDate}`);
    await shot(boss, '02-custom-week');
  });

  it('downloads the same figures as CSV', async () => {
    const href = await boss.locator('#csv').getAttribute('href');
    expect(href).toBe(`/api/reports/summary?from=${PERIOD.fromDate}&to=${PERIOD.toDate}&format=csv`);
    const [download] = await Promise.all([boss.waitForEvent('download'), boss.locator('#csv').click()]);
    expect(download.suggestedFilename()).toBe('report-2024-03-04-to-2024-03-10.csv');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('\r\ncontainment.rate,0.375,');
    expect(text).toContain('\r\nsales,3,45,750,5,1,0,');
  });

  it('switches to the last 7 days', async () => {
    await boss.getByLabel('Period', { exact: true }).selectOption('7');
    await loaded(boss, 'days=7');
    const expected = await api(boss, 'days=7');
    expect(expected.daily).toHaveLength(7);
    await eventually('conversations tile', () => tile(boss, 'conversations').innerText(), (t) => t === String(expected.totals.conversations), 5000);
    expect(await boss.locator('#custom-range').isHidden()).toBe(true);
    await shot(boss, '03-last-7-days');
  });

  it('links a low-rated chat to the console', async () => {
    await boss.goto(`${bot.url}/console/reports.html?from=${PERIOD.fromDate}&to=${PERIOD.toDate}`);
    await loaded(boss, `from=${PERIOD.fromDate}&to=${PERIOD.toDate}`);
    expect(await boss.getByLabel('Period', { exact: true }).inputValue()).toBe('custom');
    await boss.locator('[data-testid="low-rated"] a').click();
    await boss.getByTestId('whoami').waitFor();
    expect(new URL(boss.url()).hash).toBe('#/chat/h2');
  });

  it('gives an agent only their own figures', async () => {
    const page = await newPage();
    await logInAtConsole(page, AGENTS.mina);
    await page.goto(`${bot.url}/console/reports.html?from=${PERIOD.fromDate}&to=${PERIOD.toDate}`);
    await loaded(page, `from=${PERIOD.fromDate}&to=${PERIOD.toDate}`);
    expect(await page.locator('#page-title').innerText()).toBe('My figures');
    expect(await page.locator('#agent-control').isHidden()).toBe(true);
    expect(await tile(page, 'conversations').innerText()).toBe('2');
    expect(await tile(page, 'containment').innerText()).toBe('—');
    expect(await page.locator('#agents-table tbody tr').allInnerTexts()).toEqual(['Mina\t2\t45 s\t12 min 30 s\t5 (1)\t0']);
    expect(await page.locator('#period-label').innerText()).toMatch(/· your chats$/);
    await shot(page, '04-agent-own-figures');
  });
});

