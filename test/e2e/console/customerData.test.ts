import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { eventually, hasText, launchChromium, logIn } from './browser';

/**
 * "What do you hold about me?" and "delete it", in a real browser against the whole bot: a
 * customer asks to delete their data, an admin claims the request, downloads the data from the
 * customer details and erases it after typing the confirmation word.
 */

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/customer-data');
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const PHONE = '8801712349999';
const CUSTOMER_ID = `simulator:${PHONE}`;

jest.setTimeout(60_000);

describe('a customer\u2019s data in the console: export, then erase', () => {
  let bot: HttpBot;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const say = (text: string) => fetch(`${bot.url}/api/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: PHONE, text, name: 'Nasrin Akter' }) });

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'customer-data-e2e-session-secret-0123456789' });
    await say('where is my order');
    await say('204518');
    await say('আমার তথ্য মুছে দিন');
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bot?.stop();
  });

  it('lets an admin claim the request and download everything held about the customer', async () => {
    await logIn(page, bot.url, ADMIN);
    const item = page.locator('#queue-list [data-testid="queue-item"]').first();
    await hasText(item, /The customer asked to delete their data/);
    await item.getByRole('button', { name: /^Claim/ }).click();
    await hasText(page.locator('.status-mine'), /You hold this chat/);
    await hasText(page.locator('#mine-count'), /^1$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customer-export').click()]);
    expect(download.suggestedFilename()).toBe(`customer-simulator_${PHONE}.json`);
    const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(data.customer).toMatchObject({ id: CUSTOMER_ID, name: 'Nasrin Akter' });
    expect(data.conversations[0].collectedValues).toMatchObject({ order_id: '204518' });
    expect(data.conversations[0].transcript.map((e: { content: { text?: string } }) => e.content.text)).toContain('আমার তথ্য মুছে দিন');
    await page.screenshot({ path: path.join(ARTIFACTS, '01-request-claimed.png') });
  });

  it('erases it only after the word is typed, then the chat and the customer are gone', async () => {
    await page.getByTestId('customer-erase').click();
    const dialog = page.getByTestId('erase-dialog');
    await hasText(dialog, /Nasrin Akter \(8801712349999\)/);
    await dialog.getByLabel('Type ERASE to confirm').fill('erase');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await hasText(dialog.getByRole('alert'), /^Type ERASE in capitals to confirm\.$/);
    expect(await bot.runtime.store.customers.get(CUSTOMER_ID)).not.toBeNull();
    await page.screenshot({ path: path.join(ARTIFACTS, '02-confirmation-refused.png') });

    await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await hasText(page.locator('.toast-text').last(), /The customer\u2019s data was erased\. A new message from them starts a new customer\./);
    await eventually('the console back on the lists', async () => page.evaluate(() => location.hash), (hash) => hash === '#/');
    await hasText(page.locator('#mine-count'), /^0$/);
    await page.screenshot({ path: path.join(ARTIFACTS, '03-erased.png') });

    const store = bot.runtime.store;
    expect(await store.customers.get(CUSTOMER_ID)).toBeNull();
    expect(await store.messages.listByCustomer(CUSTOMER_ID)).toEqual([]);
    expect(await store.conversations.listByCustomer(CUSTOMER_ID)).toEqual([]);
    const erased = await store.audit.list({ limit: 10 });
    expect(erased.find((e) => e.action === 'erase-customer')).toMatchObject({ subjectType: 'customer', detail: { conversations: 1, handoffs: 1 } });
    expect(JSON.stringify(erased)).not.toContain(PHONE);
  });
});
