import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';
import { deliver, messagingDelivery, sendApiStandIn, textEvent } from '../../support/sendApiStandIn';

/**
 * A handoff from Messenger, claimed and answered in the console in a real browser: the chat is
 * marked as Messenger in the queue and the channel filter keeps it apart from an Instagram chat;
 * the agent's reply reaches the Send API (nock); the console says which window rule applies,
 * and after 24 hours the reply goes with the HUMAN_AGENT tag; what the Page wrote from Meta
 * Business Suite shows in the transcript.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/console');
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const PAGE_ID = '102938475610293';
const PSID = '6934571289045612';
const APP_SECRET = 'console-messenger-secret';
const GRAPH = 'https://graph.console-e2e.test';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not so after ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
    await sleep(50);
  }
}
const hasText = (locator: Locator, pattern: RegExp, timeoutMs?: number) => eventually(`text of ${locator}`, () => locator.innerText({ timeout: 200 }), (t) => pattern.test(t), timeoutMs);
const hasCount = (locator: Locator, count: number) => eventually(`count of ${locator}`, () => locator.count(), (n) => n === count);

describe('a Messenger handoff in the agent console (browser)', () => {
  let bot: HttpBot;
  let browser: Browser;
  let page: Page;
  let send: ReturnType<typeof sendApiStandIn>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}; the console tests need it (apt-get install -y chromium).`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    send = sendApiStandIn(GRAPH, { [PSID]: 'Rahim Uddin' });
    bot = await startHttpBot({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'console-messenger-session-secret-0123456789',
      MESSENGER_ENABLED: 'true',
      MESSENGER_VERIFY_TOKEN: 'verify',
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_PAGE_ACCESS_TOKEN: 'EAAG-page-token',
      MESSENGER_API_URL: GRAPH,
      MESSENGER_HUMAN_AGENT: 'true',
      INSTAGRAM_ENABLED: 'true',
      INSTAGRAM_VERIFY_TOKEN: 'verify',
      INSTAGRAM_APP_SECRET: APP_SECRET,
      INSTAGRAM_ACCESS_TOKEN: 'IGQ-account-token',
      INSTAGRAM_API_URL: GRAPH,
      DEMO_ORDERS: 'true',
      METRICS_TOKEN: 'metrics-token-0123456789',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bot?.stop();
    nock.cleanAll();
  });

  const messenger = (events: Record<string, unknown>[]) => deliver(`${bot.url}/webhook/messenger`, messagingDelivery('page', PAGE_ID, events), APP_SECRET);
  const queueItems = () => page.locator('#queue-list [data-testid="queue-item"]');
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  it('shows the Messenger chat in the queue, apart from an Instagram chat by the channel filter', async () => {
    await page.goto(`${bot.url}/console/`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#connection[data-status="live"]').waitFor();

    expect((await messenger([textEvent(PSID, 'm_C1', 'where is my order'), textEvent(PSID, 'm_C2', 'I want to talk to a human')])).status).toBe(200);
    await deliver(`${bot.url}/webhook/instagram`, messagingDelivery('instagram', '17841400000000001', [textEvent('1234567890123456', 'ig_C1', 'human')]), APP_SECRET);
    await hasCount(queueItems(), 2);
    await hasText(queueItems().filter({ hasText: 'Messenger' }), /asked for a person/);

    await page.getByLabel('Channel').selectOption('messenger');
    await hasCount(queueItems(), 1);
    await hasText(queueItems().first().getByTestId('channel'), /^Messenger$/);
    await shot('10-messenger-queue-filtered');
  });

  it('claims it and answers: the reply reaches Messenger’s Send API as a RESPONSE, and the console names the rule', async () => {
    await queueItems().first().getByRole('button', { name: /^Claim/ }).click();
    // Webhooks carry no name: it was read from the customer's profile.
    await hasText(page.locator('#chat-heading'), /Rahim Uddin/);
    await hasText(page.locator('.chat-sub'), /PSID 6934571289045612/);
    await hasText(page.getByTestId('chat-channel'), /Messenger/);
    await hasText(page.getByTestId('reply-rule'), /Messenger: within 24 hours/);

    const box = page.getByLabel('Reply to the customer');
    await box.fill('Hi, Mina from the shop. Your parcel arrives tomorrow.');
    await box.press('Enter');
    const sent = (await until(() => send.messagesTo(PSID).find((c) => c.body.message.text === 'Hi, Mina from the shop. Your parcel arrives tomorrow.')))!;
    expect(sent.body).toMatchObject({ messaging_type: 'RESPONSE', recipient: { id: PSID } });
    await hasText(page.locator('[data-testid="message"][data-sender="agent"] .bubble').last(), /Your parcel arrives tomorrow/);
    // Messenger's delivery receipt for it shows live.
    const [entry] = (await until(async () => {
      const conversation = await bot.runtime.store.conversations.findOpen(`messenger:${PSID}`);
      const out = (await bot.runtime.store.messages.listByConversation(conversation!.id)).filter((m) => m.direction === 'out' && m.sender === 'agent' && m.channelMessageId);
      return out.length ? out : null;
    }))!;
    await messenger([{ sender: { id: PSID }, delivery: { mids: [(entry as { channelMessageId: string }).channelMessageId], watermark: Date.now() } }]);
    await hasText(page.locator('[data-testid="message"][data-sender="agent"] .meta-text').last(), /delivered/);
  });

  it('shows what the Page wrote from Meta Business Suite', async () => {
    await messenger([{ sender: { id: PAGE_ID }, recipient: { id: PSID }, message: { is_echo: true, app_id: 263902037430900, mid: 'm_PAGE_INBOX', text: 'Rafi here too, we also refunded the delivery fee.' } }]);
    await hasText(page.locator('[data-testid="message"][data-sender="page"] .meta-text').last(), /Page, outside the bot/);
    await hasText(page.locator('[data-testid="message"][data-sender="page"] .bubble').last(), /refunded the delivery fee/);
  });

  it('after 24 hours says the HUMAN_AGENT rule applies, and the reply goes tagged', async () => {
    const conversation = (await bot.runtime.store.conversations.findOpen(`messenger:${PSID}`))!;
    await bot.runtime.store.conversations.save({ ...conversation, lastCustomerMessageAt: Date.now() - 30 * 3_600_000 });
    await page.reload();
    await hasText(page.getByTestId('reply-rule'), /HUMAN_AGENT tag/, 5000);
    await shot('11-messenger-human-agent-window');
    const box = page.getByLabel('Reply to the customer');
    await box.fill('Following up: the refund is done.');
    await box.press('Enter');
    const tagged = (await until(() => send.messagesTo(PSID).find((c) => c.body.message.text === 'Following up: the refund is done.')))!;
    expect(tagged.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('after 7 days the reply box is closed with the reason, and no template is offered', async () => {
    const conversation = (await bot.runtime.store.conversations.findOpen(`messenger:${PSID}`))!;
    await bot.runtime.store.conversations.save({ ...conversation, lastCustomerMessageAt: Date.now() - 8 * 24 * 3_600_000 });
    await page.reload();
    await hasText(page.locator('#composer-notice'), /Messenger allows replies only within 7 days/, 5000);
    expect(await page.getByLabel('Reply to the customer').isDisabled()).toBe(true);
    expect(await page.locator('#template-button').isHidden()).toBe(true);
  });
});
