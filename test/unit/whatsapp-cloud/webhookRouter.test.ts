import express from 'express';
import request from 'supertest';
import { createWhatsAppWebhookRouter } from '../../../src/channels/whatsapp-cloud';
import { createSilentLogger } from '../../../src/observability/logger';
import { bigDelivery } from '../../../scripts/support/bigDelivery';
import { loadFixture, memoryLogger, RecordingQueue, signed } from './support';

const SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'shop-verify-token';
const PATH = '/webhook/whatsapp';

function appWith(queue = new RecordingQueue(), logger = createSilentLogger(), maxBodyBytes?: number) {
  const app = express();
  app.use(PATH, createWhatsAppWebhookRouter({ verifyToken: VERIFY_TOKEN, appSecret: SECRET, queue, logger, maxBodyBytes }));
  return { app, queue };
}

function post(app: express.Express, payload: unknown, secret = SECRET) {
  const { body, signature } = signed(payload, secret);
  return request(app).post(PATH).set('Content-Type', 'application/json').set('X-Hub-Signature-256', signature).send(body);
}

const MESSAGE_FIXTURES = [
  'text', 'text_reply_context', 'interactive_button_reply', 'interactive_list_reply', 'interactive_nfm_reply',
  'button_quick_reply', 'image', 'audio_voice', 'audio_file', 'video', 'document', 'sticker', 'location',
  'contacts', 'reaction', 'reaction_removed', 'unsupported', 'unknown_future_type', 'system',
  'edit', 'edit_caption', 'revoke', 'request_welcome',
];

describe('GET verification', () => {
  it('answers the challenge as text/plain when mode and token match', async () => {
    const { app } = appWith();
    const res = await request(app).get(PATH).query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('1158201444');
  });

  it.each([
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }],
    [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    [{}],
  ])('refuses %p with 403', async (query) => {
    const { app } = appWith();
    const res = await request(app).get(PATH).query(query);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'VERIFICATION_FAILED', message: expect.any(String) } });
  });

  it('refuses everything when no verify token is configured', async () => {
    const app = express();
    app.use(PATH, createWhatsAppWebhookRouter({ verifyToken: '', appSecret: SECRET, queue: new RecordingQueue(), logger: createSilentLogger() }));
    const res = await request(app).get(PATH).query({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' });
    expect(res.status).toBe(403);
  });
});

describe('POST deliveries', () => {
  it.each(MESSAGE_FIXTURES)('%s: queues the message on "inbound" keyed by customer, with the wamid as job id', async (fixture) => {
    const { app, queue } = appWith();
    const payload = loadFixture(fixture);
    const wamid = payload.entry[0].changes[0].value.messages[0].id;
    const res = await post(app, payload);
    expect(res.status).toBe(200);
    expect(queue.adds).toEqual([
      {
        topic: 'inbound',
        payload: expect.objectContaining({ id: wamid, channel: 'whatsapp-cloud', from: '8801711000001' }),
        options: { key: 'whatsapp-cloud:8801711000001', jobId: `whatsapp-cloud:${wamid}` },
      },
    ]);
  });

  it('user_preferences: queues the stop on "inbound" in the customer\'s order, once per redelivery', async () => {
    const { app, queue } = appWith();
    expect((await post(app, loadFixture('user_preferences_stop'))).status).toBe(200);
    expect(queue.adds).toEqual([
      {
        topic: 'inbound',
        payload: expect.objectContaining({ from: '8801711000001', content: expect.objectContaining({ type: 'preference', marketing: 'stop' }) }),
        options: { key: 'whatsapp-cloud:8801711000001', jobId: 'whatsapp-cloud:user_preferences:8801711000001:1750000300000:stop' },
      },
    ]);
  });

  it.each([
    ['status_sent', 'sent'],
    ['status_delivered', 'delivered'],
    ['status_read', 'read'],
    ['status_played', 'played'],
  ])('%s: queues a receipt on "status"', async (fixture, status) => {
    const { app, queue } = appWith();
    expect((await post(app, loadFixture(fixture))).status).toBe(200);
    expect(queue.adds).toEqual([
      {
        topic: 'status',
        payload: { receipts: [expect.objectContaining({ channelMessageId: 'wamid.OUTBOUND0000000000000000000001', status })] },
        options: { jobId: `whatsapp-cloud:status:wamid.OUTBOUND0000000000000000000001:${status}` },
      },
    ]);
  });

  it('status_failed: the receipt carries the DeliveryError code and title', async () => {
    const { app, queue } = appWith();
    await post(app, loadFixture('status_failed')).expect(200);
    expect(queue.adds[0].payload.receipts[0].error).toEqual({ code: '131047', title: 'Re-engagement message', retryable: false });
  });

  it('a mixed delivery queues every message and receipt and ignores the other field (logged)', async () => {
    const { logger, entries } = memoryLogger();
    const { app, queue } = appWith(new RecordingQueue(), logger);
    const res = await post(app, loadFixture('batch_mixed'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: { messages: 3, receipts: 1 } });
    expect(queue.adds.map((add) => add.topic)).toEqual(['inbound', 'inbound', 'inbound', 'status']);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'info', field: 'account_update', message: 'WhatsApp webhook content ignored' }));
  });

  it('non-message fields (template status update) are answered 200 and nothing is queued', async () => {
    const { app, queue } = appWith();
    await post(app, loadFixture('template_status_update')).expect(200);
    expect(queue.adds).toEqual([]);
  });

  it('value-level errors are logged as warnings with code and title', async () => {
    const { logger, entries } = memoryLogger();
    const { app } = appWith(new RecordingQueue(), logger);
    await post(app, loadFixture('value_errors')).expect(200);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', code: 130429, title: 'Rate limit hit' }));
  });

  it('unsupported message types are queued for the agent and logged with their type', async () => {
    const { logger, entries } = memoryLogger();
    const { app } = appWith(new RecordingQueue(), logger);
    await post(app, loadFixture('unknown_future_type')).expect(200);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'info', originalType: 'hologram' }));
  });

  it('100 messages in one delivery → 100 jobs handed to the queue in one call, then 200', async () => {
    const payload = loadFixture('text');
    const template = payload.entry[0].changes[0].value.messages[0];
    payload.entry[0].changes[0].value.messages = Array.from({ length: 100 }, (_, i) => ({ ...template, id: `wamid.BULK${i}` }));
    const { app, queue } = appWith();
    await post(app, payload).expect(200);
    expect(queue.attempts).toBe(1);
    expect(queue.adds).toHaveLength(100);
    expect(new Set(queue.adds.map((add) => add.options?.jobId)).size).toBe(100);
  });

  it('250 statuses travel as 3 jobs of at most 100, whose ids repeat when Meta delivers the same batch again', async () => {
    const payload = loadFixture('status_delivered');
    const template = payload.entry[0].changes[0].value.statuses[0];
    payload.entry[0].changes[0].value.statuses = Array.from({ length: 250 }, (_, i) => ({ ...template, id: `wamid.OUT${i}` }));
    const { app, queue } = appWith();
    await post(app, payload).expect(200);
    await post(app, payload).expect(200);
    const first = queue.adds.slice(0, 3);
    expect(first.map((add) => add.payload.receipts.length)).toEqual([100, 100, 50]);
    expect(first.flatMap((add) => add.payload.receipts.map((r: { channelMessageId: string }) => r.channelMessageId))).toEqual(Array.from({ length: 250 }, (_, i) => `wamid.OUT${i}`));
    expect(new Set(first.map((add) => add.options?.jobId)).size).toBe(3);
    expect(queue.adds.slice(3).map((add) => add.options?.jobId)).toEqual(first.map((add) => add.options?.jobId));
  });

  it('the same wamid delivered twice gets the same job id both times (dedupe happens downstream)', async () => {
    const { app, queue } = appWith();
    await post(app, loadFixture('text')).expect(200);
    await post(app, loadFixture('text')).expect(200);
    expect(queue.adds).toHaveLength(2);
    expect(queue.adds[0].options?.jobId).toBe(queue.adds[1].options?.jobId);
  });

  it('answers 503 when the queue refuses, so Meta redelivers; logs the failure', async () => {
    const { logger, entries } = memoryLogger();
    const { app } = appWith(new RecordingQueue(Infinity), logger);
    const res = await post(app, loadFixture('batch_mixed'));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('QUEUE_UNAVAILABLE');
    expect(entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'WhatsApp webhook not queued; answering 503 so Meta delivers it again', jobs: 4 }));
  });

  it('waits until the queue has taken the delivery before answering 200', async () => {
    const queue = new RecordingQueue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const addMany = queue.addMany.bind(queue);
    queue.addMany = async (jobs) => {
      await gate;
      return addMany(jobs);
    };
    const { app } = appWith(queue);
    let answered = false;
    const pending = post(app, loadFixture('text')).then((res) => {
      answered = true;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
  });
});

describe('POST refusals', () => {
  it('401 for a forged signature, nothing queued, reason logged', async () => {
    const { logger, entries } = memoryLogger();
    const { app, queue } = appWith(new RecordingQueue(), logger);
    const res = await request(app)
      .post(PATH)
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', `sha256=${'0'.repeat(64)}`)
      .send(JSON.stringify(loadFixture('text')));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'SIGNATURE_INVALID', message: expect.any(String) } });
    expect(queue.adds).toEqual([]);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', reason: 'mismatch' }));
  });

  it('401 without a signature', async () => {
    const { app, queue } = appWith();
    const res = await request(app).post(PATH).set('Content-Type', 'application/json').send(JSON.stringify(loadFixture('text')));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SIGNATURE_MISSING');
    expect(queue.adds).toEqual([]);
  });

  it('401 when signed with a stale (rotated) app secret', async () => {
    const { app, queue } = appWith();
    const res = await post(app, loadFixture('text'), 'previous-app-secret');
    expect(res.status).toBe(401);
    expect(queue.adds).toEqual([]);
  });

  it('the signature is checked before parsing: unsigned garbage is 401, not 400', async () => {
    const { app } = appWith();
    const res = await request(app).post(PATH).set('Content-Type', 'application/json').send('{not json');
    expect(res.status).toBe(401);
  });

  it('400 for a correctly signed body that is not JSON', async () => {
    const { app } = appWith();
    const res = await post(app, '{"object": "whatsapp_business_account", ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it.each(['[]', '"hello"', 'null', '{"object":"whatsapp_business_account"}'])('400 for signed JSON that is not a webhook: %s', async (raw) => {
    const { app } = appWith();
    const res = await post(app, raw);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PAYLOAD');
  });

  it('413 for a body over maxBodyBytes', async () => {
    const { app, queue } = appWith(new RecordingQueue(), createSilentLogger(), 2048);
    const payload = loadFixture('text');
    payload.entry[0].changes[0].value.messages[0].text.body = 'x'.repeat(4000);
    const res = await post(app, payload);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(queue.adds).toEqual([]);
  });

  it('takes a 1,000-update delivery of about 1.8 MB (Meta batches up to 3 MB) and queues every update', async () => {
    const { app, queue } = appWith();
    const payload = bigDelivery({ updates: 1000, textChars: 1150, seed: 'big' });
    const { body } = signed(payload, SECRET);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_800_000);
    const res = await post(app, payload);
    expect(res.status).toBe(200);
    expect(res.body.received).toEqual({ messages: 750, receipts: 250 });
    expect(queue.adds.filter((add) => add.topic === 'inbound')).toHaveLength(750);
    expect(queue.adds.filter((add) => add.topic === 'status').flatMap((add) => add.payload.receipts)).toHaveLength(250);
  });

  it('413, unread and unqueued, for a body over the default 4 MiB', async () => {
    const { app, queue } = appWith();
    const payload = bigDelivery({ updates: 1000, textChars: 4000, seed: 'huge' });
    const res = await post(app, payload);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(queue.adds).toEqual([]);
  });

  it('500 (not a silent pass) when an app-wide JSON parser consumed the raw body', async () => {
    const app = express();
    app.use(express.json());
    app.use(PATH, createWhatsAppWebhookRouter({ verifyToken: VERIFY_TOKEN, appSecret: SECRET, queue: new RecordingQueue(), logger: createSilentLogger() }));
    const res = await post(app, loadFixture('text'));
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('RAW_BODY_UNAVAILABLE');
  });
});
