import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startGraphStandIn, type GraphStandIn } from '../../../scripts/support/graphStandIn';
import { signedBody, textDelivery } from '../../../scripts/support/webhookPayload';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';
import { silentOggOpus } from '../../support/oggOpus';
import { freshDelivery } from '../../support/whatsappFixture';
import { eventually, hasText, launchChromium, logIn, visible } from './browser';

/**
 * What a customer sends, in front of the agent, in a real browser: the whole bot on a loopback
 * port with the Cloud API webhook, the Graph API stand-in holding the customer's files. The
 * agent sees the photo of a damaged parcel, plays the voice note, reads why a video is missing,
 * and sees an edited message marked "edited" and a deleted one as "deleted by the customer".
 */
const APP_SECRET = 'media-e2e-app-secret';
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const CUSTOMER = '8801711000001';
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/console');

jest.setTimeout(90_000);


describe('agent console: a customer\'s photo, voice note, edits and deletions (browser)', () => {
  let graph: GraphStandIn;
  let bot: HttpBot;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];

  const deliver = async (payload: unknown) => {
    const { body, signature } = signedBody(payload, APP_SECRET);
    const res = await fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    expect(res.status).toBe(200);
  };
  // Customer messages are kept (and shown) under channel:id.
  const bubble = (id: string) => page.locator(`[data-testid="message"][data-id="whatsapp-cloud:${id}"] .bubble`);

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-e2e-'));
    graph = await startGraphStandIn();
    bot = await startHttpBot({
      WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token', WHATSAPP_API_URL: graph.url, WHATSAPP_MEDIA_MAX_BYTES: String(512 * 1024),
      SIMULATOR: 'false', METRICS_TOKEN: 'metrics-token-0123456789',
      // The Graph API stand-in (and the media URLs it hands out) listens on loopback.
      OUTBOUND_PRIVATE_HOSTS: '127.0.0.1', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'media-e2e-session-secret-0123456789abcdef',
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await graph?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the photo, plays the voice note, explains the missing video, and marks edits and deletions', async () => {
    // A real JPEG (a picture Chromium draws) and a real Ogg Opus voice note of two seconds.
    const painter = await browser.newPage();
    await painter.setContent('<div style="width:240px;height:160px;background:#b5651d;color:#fff;font:28px sans-serif;padding:20px">wet box</div>');
    const photo = await painter.locator('div').screenshot({ type: 'jpeg' });
    await painter.close();
    graph.addMedia('1003000000000001', photo, 'image/jpeg');
    graph.addMedia('1003000000000002', silentOggOpus(2), 'audio/ogg; codecs=opus');
    graph.addMedia('1003000000000004', Buffer.alloc(600 * 1024, 7), 'video/mp4');

    await deliver(textDelivery([{ from: CUSTOMER, id: 'wamid.M.HUMAN', text: 'I want to talk to a person', name: 'Rahim Uddin' }]));
    await logIn(page, bot.url, ADMIN);
    const item = page.locator('#queue-list [data-testid="queue-item"]').first();
    await visible(item, 10_000);
    await item.click();
    await page.getByTestId('claim').click();
    await visible(page.locator('#reply-text'));

    await deliver(textDelivery([{ from: CUSTOMER, id: 'wamid.M.TEXT', text: 'my order is 20451' }]));
    await deliver(freshDelivery('image', { 'wamid.IMAGE0000000000000000000000001': 'wamid.M.PHOTO' }));
    await deliver(freshDelivery('audio_voice', { 'wamid.VOICE0000000000000000000000001': 'wamid.M.VOICE' }));
    await deliver(freshDelivery('video', { 'wamid.VIDEO0000000000000000000000001': 'wamid.M.VIDEO' }));

    // The photo, decoded by the browser from the authenticated media route.
    const image = bubble('wamid.M.PHOTO').getByTestId('media-image');
    await visible(image, 15_000);
    await eventually('photo decoded', () => image.evaluate((el) => (el as HTMLImageElement).naturalWidth), (width) => width > 100, 10_000);
    await hasText(bubble('wamid.M.PHOTO'), /এই শাড়িটা আছে\?/);

    // The voice note plays: it has its length and its time moves.
    const audio = bubble('wamid.M.VOICE').getByTestId('media-audio');
    await visible(audio, 15_000);
    const played = await audio.evaluate(async (el) => {
      const a = el as HTMLAudioElement;
      await a.play();
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { duration: a.duration, time: a.currentTime, error: a.error?.message ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.duration).toBeGreaterThan(1.5);
    expect(played.time).toBeGreaterThan(0.2);

    // The video was over the limit: the agent is told, not shown a broken player.
    await hasText(bubble('wamid.M.VIDEO'), /too large \(600 KB\)/, 15_000);

    // The customer corrects the order number, then deletes it.
    await deliver(freshDelivery('edit', { 'wamid.TEXT00000000000000000000000001': 'wamid.M.TEXT', 'wamid.EDIT00000000000000000000000001': 'wamid.M.EDIT' }));
    await hasText(bubble('wamid.M.TEXT'), /ভুল নম্বর/, 10_000);
    await hasText(page.locator('[data-testid="message"][data-id="whatsapp-cloud:wamid.M.TEXT"] .meta'), /edited/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'customer-media.png'), fullPage: true });
    await deliver(freshDelivery('revoke', { 'wamid.TEXT00000000000000000000000001': 'wamid.M.TEXT', 'wamid.REVOKE000000000000000000000001': 'wamid.M.REVOKE' }));
    await hasText(bubble('wamid.M.TEXT'), /Deleted by the customer/, 10_000);
    expect(await bubble('wamid.M.TEXT').innerText()).not.toContain('ভুল');

    // Nothing of this was answered by the bot, and the page threw nothing.
    await until(() => true);
    expect(graph.messages().filter((c) => c.body.to === CUSTOMER && JSON.stringify(c.body).includes("can't"))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
