import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { InboundMessage } from '../../../src/domain/message';
import { customer } from '../../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';

/**
 * A link in a message is clickable in the console only when it is http(s): a customer's (or an
 * old stored) `javascript:` link must not run in the agent's browser when clicked.
 */
const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const PHONE = '8801755500001';

jest.setTimeout(60_000);

describe('links in the agent console (browser)', () => {
  let bot: HttpBot;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM} (apt-get install -y chromium)`);
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'links-e2e-session-secret-0123456789abcdef' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bot?.stop();
  });

  it('renders only http(s) links as links; others show as text', async () => {
    await customer(bot.url, PHONE).say('human');
    const send = async (id: string, url: string, filename: string) => {
      const message: InboundMessage = { id, channel: 'simulator', from: PHONE, timestamp: Date.now(), content: { type: 'media', media: { kind: 'document', url, filename } } };
      await bot.runtime.queue.add('inbound', message, { key: `simulator:${PHONE}`, jobId: `simulator:${id}` });
      await bot.runtime.queue.waitFor('inbound', `simulator:${id}`, 10_000);
    };
    await send('link-1', 'javascript:alert(document.cookie)', 'evil.pdf');
    await send('link-2', 'data:text/html,<script>alert(1)</script>', 'data.pdf');
    await send('link-3', 'https://cdn.shop.example/invoice.pdf', 'invoice.pdf');
    const conversation = await bot.runtime.store.conversations.findOpen(`simulator:${PHONE}`);
    const handoffId = conversation!.handoffId!;

    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${bot.url}/console/`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.goto(`${bot.url}/console/#/chat/${handoffId}`);
    const attachments = page.locator('[data-testid="message"] .attachment');
    await until(async () => (await attachments.count()) === 3, 10_000);

    const shown = await attachments.evaluateAll((els) => els.map((el) => ({ tag: el.tagName, href: el.getAttribute('href'), text: el.textContent })));
    expect(shown).toEqual([
      { tag: 'SPAN', href: null, text: '📎 document: evil.pdf (javascript:alert(document.cookie))' },
      { tag: 'SPAN', href: null, text: '📎 document: data.pdf (data:text/html,<script>alert(1)</script>)' },
      { tag: 'A', href: 'https://cdn.shop.example/invoice.pdf', text: '📎 document: invoice.pdf' },
    ]);
    expect(errors).toEqual([]);
  });
});
