import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGraphStandIn, type GraphStandIn } from '../../scripts/support/graphStandIn';
import { signedBody, textDelivery } from '../../scripts/support/webhookPayload';
import { login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { freshDelivery } from '../support/whatsappFixture';

/**
 * Through the signed webhook, as Meta delivers them (test/fixtures/whatsapp), to the Graph API
 * stand-in: customers' files downloaded and served to agents, edits and deletions, statuses in
 * any order, welcome requests and marketing opt-outs.
 */
const APP_SECRET = 'test-app-secret';
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };
const PHOTO = Buffer.from('\xff\xd8\xff\xe0 a JPEG of a damaged parcel', 'latin1');
const VOICE = Buffer.from('OggS a voice note: "the box came wet"');

/** A fixture with the customer, ids and media ids of this test. */

describe('WhatsApp Cloud API: files, edits, deletions, statuses, welcome requests and opt-outs', () => {
  let graph: GraphStandIn;
  let bot: HttpBot;
  let dataDir: string;
  beforeAll(async () => {
    graph = await startGraphStandIn();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-changes-'));
    bot = await startHttpBot({
      WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token', WHATSAPP_API_URL: graph.url, WHATSAPP_MEDIA_MAX_BYTES: '4096',
      SIMULATOR: 'false', METRICS_TOKEN: 'metrics-token-0123456789',
      // The Graph API stand-in (and the media URLs it hands out) listens on loopback.
      OUTBOUND_PRIVATE_HOSTS: '127.0.0.1', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'changes-e2e-session-secret-0123456789abcdef',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deliver = async (payload: unknown) => {
    const { body, signature } = signedBody(payload, APP_SECRET);
    const res = await fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    expect(res.status).toBe(200);
  };
  const sentTo = (to: string) => graph.messages().filter((c) => c.body.to === to);
  // Customer messages are kept under channel:id.
  const entry = (id: string) => bot.runtime.store.messages.get(`whatsapp-cloud:${id}`);
  /** A chat handed to people, claimed by the admin: the agent API to act on it. */
  async function handedOver(customer: string) {
    await deliver(textDelivery([{ from: customer, id: `wamid.HUMAN.${customer}`, text: 'I want to talk to a person', name: 'Rahim' }]));
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const handoff = await until(async () => (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((h: { customer: { address: string } }) => h.customer.address === customer));
    expect((await admin.post(`/api/handoffs/${handoff.id}/claim`)).status).toBe(200);
    return { admin, handoffId: handoff.id as string };
  }

  it('downloads a customer\'s photo and voice note, checks their SHA-256, and serves them to the agent of the chat', async () => {
    const customer = '8801711000001';
    const { admin, handoffId } = await handedOver(customer);
    graph.addMedia('1003000000000001', PHOTO, 'image/jpeg', { sha256: createHash('sha256').update(PHOTO).digest('base64') });
    graph.addMedia('1003000000000002', VOICE, 'audio/ogg; codecs=opus');
    await deliver(freshDelivery('image', { 'wamid.IMAGE0000000000000000000000001': 'wamid.E2E.PHOTO' }));
    await deliver(freshDelivery('audio_voice', { 'wamid.VOICE0000000000000000000000001': 'wamid.E2E.VOICE' }));
    // The two downloads run side by side: wait for both files to be recorded, in either order.
    const recorded = async (id: string) => !!((await entry(id)) as { media?: unknown } | null)?.media;
    await until(async () => (await recorded('wamid.E2E.PHOTO')) && (await recorded('wamid.E2E.VOICE')), 15_000);
    expect(await entry('wamid.E2E.PHOTO')).toMatchObject({ media: { status: 'stored', size: PHOTO.length, mimeType: 'image/jpeg' } });

    const context = (await admin.get(`/api/handoffs/${handoffId}`)).body;
    const photoLine = context.transcript.find((m: { id: string }) => m.id === 'whatsapp-cloud:wamid.E2E.PHOTO');
    expect(photoLine.media).toMatchObject({ status: 'stored', url: `/api/handoffs/${encodeURIComponent(handoffId)}/media/whatsapp-cloud%3Awamid.E2E.PHOTO` });
    const token = (await (await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()).token;
    const photo = await fetch(bot.url + photoLine.media.url, { headers: { authorization: `Bearer ${token}` } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PHOTO)).toBe(true);
    // A voice note can be scrubbed: byte ranges.
    const part = await fetch(`${bot.url}/api/handoffs/${encodeURIComponent(handoffId)}/media/whatsapp-cloud%3Awamid.E2E.VOICE`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('OggS');
    // Without a session, or for a message of another chat: nothing.
    expect((await fetch(bot.url + photoLine.media.url)).status).toBe(401);
    expect((await fetch(`${bot.url}/api/handoffs/${handoffId}/media/wamid.HUMAN.${customer}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('says "too large" for a file over WHATSAPP_MEDIA_MAX_BYTES without downloading it', async () => {
    graph.addMedia('1003000000000004', Buffer.alloc(10_000, 1), 'video/mp4');
    await deliver(freshDelivery('video', { 'wamid.VIDEO0000000000000000000000001': 'wamid.E2E.BIG', '8801711000001': '8801711000009' }));
    await until(async () => !!((await entry('wamid.E2E.BIG')) as { media?: unknown } | null)?.media, 10_000);
    expect(await entry('wamid.E2E.BIG')).toMatchObject({ media: { status: 'too_large', size: 10_000 } });
    expect(graph.mediaDownloads).not.toContain('1003000000000004');
  });

  it('shows an edit and a deletion in place and never answers them', async () => {
    const customer = '8801711000002';
    await deliver(freshDelivery('text', { 'wamid.TEXT00000000000000000000000001': 'wamid.E2E.T1', '8801711000001': customer }));
    await until(() => sentTo(customer).length >= 1);
    const repliesBefore = sentTo(customer).length;
    await deliver(freshDelivery('edit', { 'wamid.TEXT00000000000000000000000001': 'wamid.E2E.T1', '8801711000001': customer }));
    await until(async () => !!((await entry('wamid.E2E.T1')) as { editedAt?: number } | null)?.editedAt);
    expect(await entry('wamid.E2E.T1')).toMatchObject({ content: { type: 'text', text: expect.stringContaining('ভুল নম্বর') } });
    await deliver(freshDelivery('revoke', { 'wamid.TEXT00000000000000000000000001': 'wamid.E2E.T1', '8801711000001': customer }));
    await until(async () => !!((await entry('wamid.E2E.T1')) as { deletedAt?: number } | null)?.deletedAt);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(customer)).toHaveLength(repliesBefore);
  });

  it('keeps each sent message at the furthest status reached, played included, whatever the order', async () => {
    const customer = '8801711000003';
    await deliver(textDelivery([{ from: customer, id: 'wamid.E2E.S1', text: 'what are your payment methods' }]));
    await until(async () => (await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.E2E.S1'))[0]?.channelMessageId);
    const reply = (await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.E2E.S1'))[0];
    const wamid = reply.channelMessageId!;
    await deliver(freshDelivery('statuses_out_of_order', { 'wamid.OUTBOUND0000000000000000000001': wamid, '8801711000001': customer }));
    await until(async () => (await bot.runtime.store.messages.get(reply.id) as { status?: string })?.status === 'read');
    await deliver(freshDelivery('status_delivered', { 'wamid.OUTBOUND0000000000000000000001': wamid }));
    await deliver(freshDelivery('status_played', { 'wamid.OUTBOUND0000000000000000000001': wamid }));
    await until(async () => (await bot.runtime.store.messages.get(reply.id) as { status?: string })?.status === 'played');
  });

  it('greets a customer who opens the chat for the first time, once', async () => {
    const customer = '8801711000004';
    await deliver(freshDelivery('request_welcome', { '8801711000001': customer, 'wamid.WELCOME00000000000000000000001': 'wamid.E2E.W1' }));
    await until(() => sentTo(customer).length >= 1);
    expect(JSON.stringify(sentTo(customer)[0].body)).toContain('welcome to Deshi Bazar');
    const greeted = sentTo(customer).length;
    await deliver(freshDelivery('request_welcome', { '8801711000001': customer, 'wamid.WELCOME00000000000000000000001': 'wamid.E2E.W2' }));
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo(customer)).toHaveLength(greeted);
  });

  it('records a marketing stop on the customer and refuses marketing templates, while replies and utility templates still go', async () => {
    const customer = '8801711000005';
    const { admin, handoffId } = await handedOver(customer);
    await deliver(freshDelivery('user_preferences_stop', { '8801711000001': customer }));
    await until(async () => (await bot.runtime.store.customers.get(`whatsapp-cloud:${customer}`))?.marketing?.status === 'stopped');
    const refused = await admin.post(`/api/handoffs/${handoffId}/messages`, { template: { name: 'eid_offer', language: 'bn', parameters: ['EID10'] } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'MARKETING_STOPPED', message: expect.stringContaining('marketing') });
    expect((await admin.post(`/api/handoffs/${handoffId}/messages`, { template: { name: 'order_followup', language: 'bn', parameters: ['204518'] } })).status).toBe(202);
    expect((await admin.post(`/api/handoffs/${handoffId}/messages`, { text: 'Your parcel leaves today.' })).status).toBe(202);
    expect((await admin.get(`/api/handoffs/${handoffId}`)).body.customer).toMatchObject({ marketing: { status: 'stopped' } });
    await deliver(freshDelivery('user_preferences_resume', { '8801711000001': customer }));
    await until(async () => (await bot.runtime.store.customers.get(`whatsapp-cloud:${customer}`))?.marketing?.status === 'resumed');
    expect((await admin.post(`/api/handoffs/${handoffId}/messages`, { template: { name: 'eid_offer', language: 'bn', parameters: ['EID10'] } })).status).toBe(202);
  });
});
