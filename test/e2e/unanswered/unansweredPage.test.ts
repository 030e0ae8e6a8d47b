import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { customer, login } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { email: 'ops@deshibazar.example', password: 'ops-password-1' };

describe('unanswered questions for ops', () => {
  let bot: HttpBot;
  let browser: Browser;
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/setup-services.sh --with-chromium`);
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'u'.repeat(40) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('groups what customers asked that the bot could not answer, most asked first', async () => {
    await customer(bot.url, '8801300000001').say('do you sell gift cards');
    await customer(bot.url, '8801300000002').say('Do you sell GIFT cards??');
    await customer(bot.url, '8801300000003').say('gift cards do you sell');
    await customer(bot.url, '8801300000004').say('is there an EMI option');

    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const api = await admin.get('/api/unanswered');
    expect(api.body.groups.map((g: { count: number }) => g.count)).toEqual([3, 1]);
    const agent = await admin.post('/api/agents', { email: 'a@deshibazar.example', password: 'agent-password-1', name: 'A' });
    expect(agent.status).toBe(201);
    expect((await (await login(bot.url, 'a@deshibazar.example', 'agent-password-1')).get('/api/unanswered')).status).toBe(403);

    const token = (await (await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()).token;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: 'wabot_session', value: token, url: bot.url }]);
    const page = await context.newPage();
    await page.goto(`${bot.url}/console/unanswered.html`);
    await page.waitForSelector('#rows tr');
    const cells = await page.$$eval('#rows tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)));
    expect(cells[0].slice(0, 3)).toEqual(['3', '1', 'gift cards do you sell']);
    expect(cells[1][2]).toBe('is there an EMI option');
    fs.mkdirSync(path.resolve(__dirname, '../../../test-artifacts/unanswered'), { recursive: true });
    await page.screenshot({ path: path.resolve(__dirname, '../../../test-artifacts/unanswered/page.png') });
    await context.close();
  });
});
