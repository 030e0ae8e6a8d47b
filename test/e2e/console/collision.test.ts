import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { apiClient } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { hasText, launchChromium, logIn, visible } from './browser';

/**
 * Two people on one chat, in two real browsers against the whole bot: each sees the other is
 * looking, live; the supervisor takes the chat over and the agent's console follows at once; an
 * agent whose console missed it is refused with the holder's name; the transcript is exported.
 */

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/collision');
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const MINA = { email: 'mina@shop.test', password: 'mina-pass-2024', name: 'Mina' };
const SADIA = { email: 'sadia@shop.test', password: 'sadia-pass-2024', name: 'Sadia' };
const CUSTOMER = '8801712340001';

jest.setTimeout(60_000);

const hidden = (locator: Locator, timeout = 4000) => locator.first().waitFor({ state: 'hidden', timeout });

describe('collision control in the console (two browsers)', () => {
  let bot: HttpBot;
  const browsers: Browser[] = [];
  const contexts: BrowserContext[] = [];
  let mina: Page;
  let sadia: Page;
  let handoffId: string;
  const pageErrors: string[] = [];

  const say = (text: string) => fetch(`${bot.url}/api/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: CUSTOMER, text, name: 'Rahim Uddin' }) });

  /** Each person in a browser of their own: nothing shared but the server. */
  async function newPage(): Promise<Page> {
    const browser = await launchChromium();
    browsers.push(browser);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'collision-e2e-session-secret-0123456789' });
    const { token } = (await apiClient(bot.url).post('/api/auth/login', ADMIN)).body;
    const admin = apiClient(bot.url, token);
    expect((await admin.post('/api/agents', { ...MINA, role: 'agent', teams: ['default'] })).status).toBe(201);
    expect((await admin.post('/api/agents', { ...SADIA, role: 'supervisor', teams: ['default'] })).status).toBe(201);
    await say('where is my order');
    await say('my bkash pin is 73519');
    await say('human');
    handoffId = (await bot.runtime.store.handoffs.list({ status: 'queued' }))[0].id;
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await bot?.stop();
  });

  it('shows each of two people that the other has the chat open, and takes them off when they leave', async () => {
    mina = await newPage();
    sadia = await newPage();
    await logIn(mina, bot.url, MINA);
    await logIn(sadia, bot.url, SADIA);
    await mina.locator('#queue-list [data-testid="queue-item"]').first().getByRole('button', { name: /^Claim/ }).click();
    await hasText(mina.locator('.status-mine'), /You hold this chat/);
    await sadia.goto(`${bot.url}/console/#/chat/${handoffId}`);

    await hasText(mina.getByTestId('viewers'), /^Also viewing: Sadia$/);
    await hasText(sadia.getByTestId('viewers'), /^Also viewing: Mina$/);
    // The supervisor cannot write in Mina's chat, and is told why and what she can do.
    await hidden(sadia.locator('#composer'));
    await hasText(sadia.locator('#composer-notice'), /Mina holds this chat, so only they can reply\. Take it over/);
    await hasText(sadia.getByTestId('notes-readonly'), /Only Mina can add notes/);
    await visible(sadia.getByTestId('takeover'));
    await hidden(mina.getByTestId('takeover'));
    await sadia.screenshot({ path: path.join(ARTIFACTS, '01-supervisor-sees-mina-viewing.png') });

    // Sadia goes back to the list: Mina no longer sees her.
    await sadia.goto(`${bot.url}/console/#/`);
    await hidden(mina.getByTestId('viewers'));
    await sadia.goto(`${bot.url}/console/#/chat/${handoffId}`);
    await hasText(mina.getByTestId('viewers'), /Sadia/);
  });

  it('lets the supervisor take over: Mina\u2019s console follows live, and a console that missed it is refused by name', async () => {
    // Mina also has the chat open in a tab whose live updates are cut off.
    const stale = await contexts[0].newPage();
    stale.on('pageerror', (error) => pageErrors.push(error.message));
    await stale.route((url) => url.pathname === '/api/events', (route) => route.abort());
    await stale.goto(`${bot.url}/console/#/chat/${handoffId}`);
    await visible(stale.getByLabel('Reply to the customer'));

    await sadia.getByTestId('takeover').click();
    await sadia.getByRole('button', { name: 'Take over', exact: true }).last().click();
    await hasText(sadia.locator('.status-mine'), /You hold this chat/);
    await visible(sadia.getByLabel('Reply to the customer'));

    await hasText(mina.locator('.toast-text').last(), /Sadia took over this chat; you can no longer reply in it\./);
    await hidden(mina.locator('#composer'));
    await hasText(mina.locator('#composer-notice'), /Sadia holds this chat, so only they can reply\.$/);
    await mina.screenshot({ path: path.join(ARTIFACTS, '02-mina-after-takeover.png') });

    const box = stale.getByLabel('Reply to the customer');
    await box.fill('Sorry for the wait!');
    await box.press('Enter');
    await hasText(stale.locator('.toast-error .toast-text'), /^Sadia holds this chat: only the agent holding it can reply\. A supervisor can take it over\.$/);
    await stale.screenshot({ path: path.join(ARTIFACTS, '03-stale-console-refused.png') });
    await stale.close();

    const inbox = (await (await fetch(`${bot.url}/api/simulator/messages?from=${CUSTOMER}`)).json()) as { messages: { text: string }[] };
    expect(inbox.messages.map((m) => m.text)).toContain('Sadia from our team has joined the chat.');
    expect(inbox.messages.map((m) => m.text)).not.toContain('Sorry for the wait!');
  });

  it('prints the transcript on a page of its own and downloads it as CSV', async () => {
    const [printable] = await Promise.all([sadia.context().waitForEvent('page'), sadia.getByTestId('transcript-print').click()]);
    printable.on('pageerror', (error) => pageErrors.push(error.message));
    await hasText(printable.getByTestId('transcript-lines'), /where is my order/);
    await hasText(printable.getByTestId('transcript-lines'), /my bkash pin is \[PIN hidden\]/);
    expect(await printable.getByTestId('transcript-lines').innerText()).not.toContain('73519');
    await hasText(printable.locator('#facts'), /Rahim Uddin/);
    await visible(printable.getByRole('button', { name: 'Print…' }));
    await printable.emulateMedia({ media: 'print' });
    await hidden(printable.getByRole('button', { name: 'Print…' }));
    await printable.screenshot({ path: path.join(ARTIFACTS, '04-printable-transcript.png'), fullPage: true });

    await printable.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([printable.waitForEvent('download'), printable.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFtime,from,type,text,delivery,intent');
    expect(csv).toContain('my bkash pin is [PIN hidden]');
    await printable.close();
  });
});
