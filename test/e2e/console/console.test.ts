import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';
import { copySampleFlows } from '../../support/sampleFlows';
import { CHROMIUM, eventually, hasText, matches, sleep, visible } from './browser';

/**
 * The agent console in a real browser against the whole bot on a loopback port: a customer
 * (through the simulator API) asks for a person, two agents in separate browser contexts see
 * the chat, one claims it and it leaves the other's queue live, then replies, notes and closes.
 */

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/console');
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const MINA = { email: 'mina@shop.test', password: 'mina-pass-2024', name: 'Mina' };
const CUSTOMER = '8801712345678';

jest.setTimeout(60_000);

const hasValue = (locator: Locator, pattern: RegExp | string) => eventually(`value of ${locator}`, () => locator.inputValue({ timeout: 200 }), matches(pattern));
const hasCount = (locator: Locator, count: number, timeoutMs?: number) => eventually(`count of ${locator}`, () => locator.count(), (n) => n === count, timeoutMs);
const hidden = (locator: Locator, timeout = 3000) => locator.first().waitFor({ state: 'hidden', timeout });

describe('agent console (browser)', () => {
  let bot: HttpBot;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let pageA: Page; // Mina, an agent of the default team
  let pageB: Page; // the admin: every team, supervisor tools
  let handoffId: string;
  let flowsDir: string;
  const pageErrors: string[] = [];

  const say = async (text: string) => {
    const res = await fetch(`${bot.url}/api/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: CUSTOMER, text, name: 'Rahim Uddin' }) });
    expect(res.status).toBe(200);
    return (await res.json()) as { replies: { text: string; sender: string }[] };
  };
  const customerInbox = async () => {
    const res = await fetch(`${bot.url}/api/simulator/messages?from=${CUSTOMER}`);
    return ((await res.json()) as { messages: { text: string; sender: string }[] }).messages;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Anything the Content-Security-Policy blocked (an inline script or style) counts as an error too.
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    return page;
  }

  async function logIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${bot.url}/console/`);
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('whoami').waitFor();
    // The event stream is up before the test acts on live updates.
    await page.locator('#connection[data-status="live"]').waitFor();
  }

  const bubbles = (page: Page, sender: 'customer' | 'agent' | 'bot' | 'system') => page.locator(`[data-testid="message"][data-sender="${sender}"] .bubble`);
  const queueItem = (page: Page) => page.locator('#queue-list [data-testid="queue-item"]');

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}; the console tests need it (apt-get update && apt-get install -y chromium).`);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // A copy of the flows (with canned replies) the test may break, to see the console hear of it.
    flowsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-e2e-flows-'));
    copySampleFlows(flowsDir);
    bot = await startHttpBot({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'console-e2e-session-secret-0123456789abcdef',
      FLOWS_DIR: flowsDir,
      WATCH_FLOWS: 'true',
      // A chat waiting 3 s breaches its SLA, so the supervisor's badge and filter can be seen.
      SLA_WAIT_MINUTES: '0.05',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

    const login = await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${bot.url}/api/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...MINA, role: 'agent', teams: ['default'] }),
    });
    expect(created.status).toBe(201);
  });

  afterEach(() => {
    // A script error in the console fails the step it happened in.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await bot?.stop();
    if (flowsDir) fs.rmSync(flowsDir, { recursive: true, force: true });
  });

  it('shows an error for a wrong password, then logs in', async () => {
    pageB = await newPage();
    await pageB.goto(`${bot.url}/console/`);
    await pageB.getByLabel('E-mail').fill(ADMIN.email);
    await pageB.getByLabel('Password').fill('not-the-password');
    await pageB.getByRole('button', { name: 'Log in' }).click();
    await hasText(pageB.locator('#login-error'), /Wrong e-mail or password/);
    await shot(pageB, '01-login-wrong-password');
    // Nothing secret is kept in page storage.
    await logIn(pageB, ADMIN);
    expect(await pageB.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).toBe('{}{}');
  });

  it('puts a customer who asks for a person in both agents\u2019 queues', async () => {
    pageA = await newPage();
    await logIn(pageA, MINA);

    await say('where is my order');
    await say('204518');
    const handoff = await say('human');
    expect(handoff.replies[0].text).toMatch(/connecting you to a person/);

    // Both see it arrive live (handoff.queued), with its team, language and reason.
    for (const page of [pageA, pageB]) {
      await queueItem(page).first().waitFor({ timeout: 3000 });
      await hasCount(queueItem(page), 1);
      await hasText(queueItem(page).first(), /default/);
      await hasText(queueItem(page).first(), /The customer asked for a person/);
      await hasText(queueItem(page).first(), /EN/);
    }
    handoffId = (await queueItem(pageA).first().getAttribute('data-id'))!;
    // The admin sees supervisor tools; Mina sees only her team.
    await visible(pageB.getByLabel('SLA breached only'));
    await hidden(pageA.getByLabel('SLA breached only'));
    await hasText(pageA.locator('#queue-scope'), 'My teams: default');
    // The wait time ticks.
    const wait = queueItem(pageA).first().locator('.wait');
    const before = await wait.innerText();
    await eventually('the wait time ticks', () => wait.innerText(), (now) => now !== before && /\d+ s/.test(now), 2500);

    // Past 3 s it breaches the SLA: raised to high priority, flagged, and kept by the supervisor's filter.
    await hasText(queueItem(pageB).first(), /SLA breached/, 6000);
    await hasText(queueItem(pageB).first(), /High/);
    await pageB.getByLabel('SLA breached only').check();
    await hasCount(queueItem(pageB), 1);
    await shot(pageB, '02-queue-supervisor');
    await pageB.getByLabel('SLA breached only').uncheck();
    await hasText(queueItem(pageA).first(), /SLA breached/);
  });

  it('takes a chat Mina claims off the other agent\u2019s queue within a second (live event)', async () => {
    // A third console of the admin that missed the news (no event stream, a stale list): its
    // claim must fail with the holder's name.
    const stale = await newPage();
    await stale.route((url) => url.pathname === '/api/events', (route) => route.abort());
    let staleQueue: string | undefined;
    await stale.route((url) => url.pathname === '/api/handoffs' && url.searchParams.get('status') === 'queued', async (route) => {
      if (!staleQueue) staleQueue = await (await route.fetch()).text();
      await route.fulfill({ status: 200, contentType: 'application/json', body: staleQueue });
    });
    await stale.goto(`${bot.url}/console/`);
    await stale.getByLabel('E-mail').fill(ADMIN.email);
    await stale.getByLabel('Password').fill(ADMIN.password);
    await stale.getByRole('button', { name: 'Log in' }).click();
    await stale.getByTestId('whoami').waitFor();
    await queueItem(stale).first().waitFor();

    // Hold back the admin's list reloads for 3 s: only the pushed event can clear it faster.
    let holdLists = false;
    await pageB.route((url) => url.pathname === '/api/handoffs', async (route) => {
      if (holdLists) await sleep(3000);
      await route.continue().catch(() => undefined);
    });
    holdLists = true;
    // Both clocks are this machine's: when the server published the claim, and when the item
    // left the admin's DOM (seen by a MutationObserver in that page).
    let claimPublishedAt = 0;
    const unsubscribe = bot.runtime.events.subscribe((event) => {
      if (event.type === 'handoff.claimed' && event.handoffId === handoffId) claimPublishedAt = Date.now();
    });
    await pageB.evaluate((id) => {
      const w = window as unknown as { __goneAt: number };
      w.__goneAt = 0;
      const list = document.getElementById('queue-list')!;
      new MutationObserver((_records, observer) => {
        if (!Array.from(list.querySelectorAll<HTMLElement>('[data-testid="queue-item"]')).some((li) => li.dataset.id === id)) {
          w.__goneAt = Date.now();
          observer.disconnect();
        }
      }).observe(list, { childList: true, subtree: true });
    }, handoffId);

    const clickedAt = Date.now();
    await queueItem(pageA).first().getByRole('button', { name: /^Claim/ }).click();
    await queueItem(pageB).first().waitFor({ state: 'detached', timeout: 3000 });
    const goneAt = await pageB.evaluate(() => (window as unknown as { __goneAt: number }).__goneAt);
    unsubscribe();
    holdLists = false;
    const timing = { clickToClaimPublishedMs: claimPublishedAt - clickedAt, claimPublishedToGoneFromOtherQueueMs: goneAt - claimPublishedAt, clickToGoneMs: goneAt - clickedAt };
    fs.writeFileSync(path.join(ARTIFACTS, 'live-update-timing.json'), JSON.stringify(timing, null, 2) + '\n');
    expect(claimPublishedAt).toBeGreaterThan(0);
    expect(goneAt).toBeGreaterThan(0);
    expect(timing.claimPublishedToGoneFromOtherQueueMs).toBeLessThan(1000);

    // Mina now holds it: it is in her list and open in her chat view.
    await hasCount(pageA.locator('#mine-list [data-testid="mine-item"]'), 1);
    await hasCount(queueItem(pageA), 0);
    await hasText(pageA.locator('.status-mine'), 'You hold this chat');
    // The supervisor sees who holds it.
    await hasText(pageB.locator('#others-list'), /Held by Mina/, 4000);

    await queueItem(stale).first().getByRole('button', { name: /^Claim/ }).click();
    await hasText(stale.locator('.toast-error .toast-text'), 'Mina already holds this chat');
    await stale.context().close();
  });

  it('shows Mina the summary, the collected values and the customer, and her reply reaches the customer', async () => {
    await hasText(pageA.getByTestId('summary'), /Asked about Order status/);
    const values = pageA.getByTestId('values');
    await hasText(values, /order_id\s*204518/);
    await hasText(values, /order\.status\s*shipped/); // nested values are flattened
    await hasText(values, /order\.courier/);
    await hasText(pageA.locator('#context'), /Rahim Uddin/);
    await hasText(pageA.locator('#context'), /order_status/); // intents matched
    await hasText(pageA.locator('#context'), /The customer asked for a person/);
    await hasText(bubbles(pageA, 'customer').first(), 'where is my order');

    // A canned reply goes in, in the customer's language, and Enter sends it.
    await pageA.getByRole('button', { name: 'Canned replies' }).click();
    await pageA.getByRole('option', { name: /Checking, please wait/ }).click();
    const box = pageA.getByLabel('Reply to the customer');
    await hasValue(box, /I'm checking this with our team now/);
    await box.press('Enter');
    await hasValue(box, '');

    // Shift+Enter is a new line; Enter sends.
    await box.fill('Your parcel is with Pathao,');
    await box.press('Shift+Enter');
    await box.pressSequentially('tracking TRK204518.');
    await box.press('Enter');

    const fromAgent = await until(async () => {
      const inbox = await customerInbox();
      const agent = inbox.filter((m) => m.sender === 'agent');
      return agent.length >= 2 ? agent : null;
    }, 5000);
    expect(fromAgent![0].text).toMatch(/checking this with our team/);
    expect(fromAgent![1].text).toBe('Your parcel is with Pathao,\ntracking TRK204518.');
    await hasCount(bubbles(pageA, 'agent'), 2);
    await hasText(bubbles(pageA, 'agent').first(), /^agent\s+Thank you\. I'm checking this/i); // marked as the agent's

    // The customer answers: it shows up in the open chat without a reload.
    await say('Thanks! Can it come before Friday?');
    await hasText(bubbles(pageA, 'customer').last(), 'Thanks! Can it come before Friday?', 2000);
    await shot(pageA, '03-chat-with-context');

    // A narrow laptop: the context panel becomes a drawer behind "Customer details".
    await pageA.setViewportSize({ width: 1024, height: 640 });
    await hidden(pageA.getByTestId('values'));
    await pageA.getByRole('button', { name: 'Customer details' }).click();
    await visible(pageA.getByTestId('values'));
    await sleep(250); // the drawer slides in
    await shot(pageA, '06-narrow-laptop-details');
    await pageA.getByRole('button', { name: 'Close details' }).click();
    await hidden(pageA.getByTestId('values'));
    await pageA.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps a private note away from the customer', async () => {
    await pageA.getByLabel('New private note').fill('Customer needs it before Friday; asked Pathao to prioritise.');
    await pageA.getByRole('button', { name: 'Add note' }).click();
    await hasText(pageA.getByTestId('notes'), /asked Pathao to prioritise/);
    await hasText(pageA.getByTestId('notes'), /Mina/);
    const inbox = await customerInbox();
    expect(inbox.some((m) => m.text.includes('prioritise'))).toBe(false);
  });

  it('offers the shop’s approved templates once the customer’s 24-hour window has closed', async () => {
    // The customer last wrote 25 hours ago (the store is this process's).
    const conversation = (await bot.runtime.store.conversations.findOpen(`simulator:${CUSTOMER}`))!;
    await bot.runtime.store.conversations.save({ ...conversation, lastCustomerMessageAt: Date.now() - 25 * 3_600_000 });

    const box = pageA.getByLabel('Reply to the customer');
    await box.fill('Are you still there?');
    await box.press('Enter');
    // Refused by the server with the reason, and the template form opens with the approved list.
    const dialog = pageA.getByTestId('template-dialog');
    await visible(dialog);
    await hasText(dialog, /25 hours ago/);
    await hasValue(dialog.getByLabel('Approved template'), /\d+/);
    await hasText(dialog.getByLabel('Approved template').locator('option:checked'), /Order follow-up \(English\)/);
    await hasValue(dialog.getByLabel('Template name'), 'order_followup');
    await hasValue(dialog.getByLabel('Language code'), 'en');
    expect(await dialog.getByLabel('Parameters').getAttribute('placeholder')).toBe('{{1}} Order number');
    await dialog.getByLabel('Parameters').fill('204518');
    await shot(pageA, '07-template-after-24h');
    await dialog.getByRole('button', { name: 'Send template' }).click();
    await hidden(dialog);
    const sent = await until(async () => (await customerInbox()).find((m) => m.text === '[order_followup] 204518'), 5000);
    expect(sent!.sender).toBe('agent');
    expect((await customerInbox()).some((m) => m.text === 'Are you still there?')).toBe(false);

    // The customer answers: free replies are allowed again.
    await say('yes, still here');
    await eventually('the reply box is enabled again', () => box.isDisabled(), (disabled) => !disabled, 3000);
  });

  it('shows a rejected flow change until flows reload, and reminder toasts', async () => {
    // How long the bot takes to check (and, once fixed, retrain on) the flows depends on the
    // machine's load; what is tested is that consoles follow once it has: so wait for the bot first.
    const flowEvent = (type: 'flows.rejected' | 'flows.reloaded') => new Promise<void>((resolve) => {
      const stop = bot.runtime.events.subscribe((event) => {
        if (event.type !== type) return;
        stop();
        resolve();
      });
    });
    // A broken file in the watched flows folder: the change is refused and every console says why.
    const rejected = flowEvent('flows.rejected');
    fs.writeFileSync(path.join(flowsDir, 'zz_broken.yaml'), 'id: zz_broken\ntitle: { en: Broken }\nsteps: [\n');
    await rejected;
    const banner = pageA.locator('#flow-banner');
    await visible(banner, 5000);
    await hasText(banner, /zz_broken\.yaml/);
    await visible(pageB.locator('#flow-banner'));

    const me = (await pageA.evaluate(() => fetch('/api/agents/me').then((r) => r.json()))) as { agent: { id: string } };
    bot.runtime.events.publish({ type: 'agent.reminder', handoffId, agentId: me.agent.id, team: 'default', at: Date.now() });
    await hasText(pageA.locator('.toast-warning .toast-text'), /Reminder: a customer is waiting/, 2000);
    await shot(pageA, '04-flows-banner-and-reminder');

    // Fixed (the broken file gone, another flow edited): the reload clears the banner.
    const reloaded = flowEvent('flows.reloaded');
    fs.rmSync(path.join(flowsDir, 'zz_broken.yaml'));
    fs.appendFileSync(path.join(flowsDir, 'thanks.yaml'), '\n# edited while the console test ran\n');
    await reloaded;
    await hidden(banner, 5000);
    await hidden(pageB.locator('#flow-banner'));
  });

  it('closes the chat with a resolution, and the customer is asked how we did', async () => {
    await pageA.getByRole('button', { name: 'Close…' }).click();
    const dialog = pageA.getByTestId('close-dialog');
    await visible(dialog);
    // The resolution is required.
    await dialog.getByRole('button', { name: 'Close chat' }).click();
    await visible(dialog);
    await dialog.getByLabel('Resolution (required)').fill('Shared tracking; asked courier to deliver before Friday');
    await dialog.getByRole('button', { name: 'Close chat' }).click();
    await hidden(dialog);
    await hasText(pageA.locator('.status-closed'), /Closed: Shared tracking/);
    await hasCount(pageA.locator('#mine-list [data-testid="mine-item"]'), 0);

    const survey = await until(async () => (await customerInbox()).find((m) => m.text.startsWith('How did we do?')), 5000);
    expect(survey!.sender).toBe('system');
    await shot(pageA, '05-closed');
  });

  it('logs out', async () => {
    await pageB.getByRole('button', { name: 'Log out' }).click();
    await visible(pageB.getByRole('button', { name: 'Log in' }));
    const res = await pageB.evaluate(() => fetch('/api/agents/me').then((r) => r.status));
    expect(res).toBe(401);
  });
});
