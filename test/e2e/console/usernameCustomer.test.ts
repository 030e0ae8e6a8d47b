import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHttpBot, type HttpBot } from '../../support/httpBot';

/**
 * The console in a real browser for a customer WhatsApp knows only by username (a BSUID, the
 * number withheld): the chat says so, and "Find a customer" finds them by username and number.
 */
const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const RINA = { from: 'BD.1427730559018264', username: 'rina.shop', name: 'Rina' };

jest.setTimeout(60_000);

describe('agent console: a customer known only by username (browser)', () => {
  let bot: HttpBot;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const say = async (from: Record<string, string>, text: string) => {
    const res = await fetch(`${bot.url}/api/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...from, text }) });
    expect(res.status).toBe(200);
  };
  /** Waits until the element's text matches (playwright-core has no `expect`). */
  const textOf = async (selector: string, pattern: RegExp) => {
    await page.waitForFunction(
      ({ selector, source }) => new RegExp(source).test(document.querySelector(selector)?.textContent ?? ''),
      { selector, source: pattern.source },
      { timeout: 5000 },
    );
    return page.locator(selector).innerText();
  };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}; the console tests need it (apt-get install -y chromium).`);
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'console-username-session-secret-0123456789', BUSINESS_HOURS: 'always' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bot?.stop();
  });
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  it('shows @username and "phone withheld", and finds the customer by username and by number', async () => {
    await say(RINA, 'I want to talk to a person');
    // Another customer with a number, to see search tell them apart.
    await say({ from: '8801712345678', name: 'Rahim' }, 'I want to talk to a person');

    await page.goto(`${bot.url}/console/`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('whoami').waitFor();

    await page.getByLabel('Phone number, @username or WhatsApp id').fill('@rina');
    await page.getByRole('button', { name: 'Search' }).click();
    const result = page.getByTestId('customer-result');
    await result.first().waitFor();
    expect(await result.count()).toBe(1);
    expect(await result.innerText()).toMatch(/Rina[\s\S]*@rina\.shop · phone withheld · simulator/);
    await result.getByRole('button').first().click();

    expect(await textOf('#chat-heading', /Rina/)).toBe('Rina');
    expect(await textOf('.chat-sub', /phone withheld/)).toMatch(/@rina\.shop[\s\S]*phone withheld/);
    const details = await textOf('#context', /Username/);
    expect(details).toMatch(/Username\s*@rina\.shop/);
    expect(details).toMatch(/Number\s*phone withheld/);

    // By number: the other customer, shown with theirs.
    await page.getByLabel('Phone number, @username or WhatsApp id').fill('01712-345678');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => /Rahim/.test(document.querySelector('[data-testid="customer-results"]')?.textContent ?? ''), undefined, { timeout: 5000 });
    expect(await result.count()).toBe(1);
    expect(await result.innerText()).toMatch(/\+8801712345678/);
  });
});
