import { Readable } from 'node:stream';
import nock from 'nock';
import { GraphApiClient, GraphApiError, MediaTooLargeError } from '../../../src/channels/whatsapp-cloud';
import { createSilentLogger, type Logger } from '../../../src/observability/logger';
import { memoryLogger } from './support';

const GRAPH = 'https://graph.facebook.com';
const MESSAGES = '/v21.0/109876543210001/messages';
const TOKEN = 'EAAtest-token';
const OK = { messaging_product: 'whatsapp', contacts: [{ input: '8801711000001', wa_id: '8801711000001' }], messages: [{ id: 'wamid.SENT1' }] };
const graphError = (code: number, message = `(#${code}) error`) => ({ error: { message, type: 'OAuthException', code, fbtrace_id: 'AbC' } });
const textBody = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '8801711000001', type: 'text', text: { body: 'hi' } };

function clientWith(overrides: { logger?: Logger; timeoutMs?: number; maxDelayMs?: number } = {}) {
  const sleeps: number[] = [];
  const client = new GraphApiClient({
    phoneNumberId: '109876543210001',
    accessToken: TOKEN,
    logger: overrides.logger ?? createSilentLogger(),
    retry: { attempts: 5, baseDelayMs: 500, maxDelayMs: overrides.maxDelayMs ?? 30_000 },
    timeoutMs: overrides.timeoutMs,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { client, sleeps };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

describe('sending', () => {
  it('POSTs JSON with the bearer token to /{version}/{phone-number-id}/messages and returns the wamid', async () => {
    const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })
      .post(MESSAGES, textBody)
      .reply(200, OK);
    const { client } = clientWith();
    await expect(client.sendMessage(textBody)).resolves.toBe('wamid.SENT1');
    expect(scope.isDone()).toBe(true);
  });

  it('uses the configured base URL and API version', async () => {
    const scope = nock('http://graph.local:8080').post('/v99.0/42/messages').reply(200, OK);
    const client = new GraphApiClient({ baseUrl: 'http://graph.local:8080/', apiVersion: 'v99.0', phoneNumberId: '42', accessToken: TOKEN, logger: createSilentLogger() });
    await client.sendMessage(textBody);
    expect(scope.isDone()).toBe(true);
  });
});

describe('retries', () => {
  it('429 then 200: succeeds after exactly two calls, waiting the first backoff step (full jitter)', async () => {
    const scope = nock(GRAPH).post(MESSAGES).reply(429, graphError(130429, 'Rate limit hit')).post(MESSAGES).reply(200, OK);
    const { client, sleeps } = clientWith();
    await expect(client.sendMessage(textBody)).resolves.toBe('wamid.SENT1');
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([250]); // random 0.5 × min(30000, 500 × 2^0)
  });

  it('five 503s: gives up after `attempts` calls with doubling waits and a retryable error', async () => {
    const scope = nock(GRAPH).post(MESSAGES).times(5).reply(503, 'Service Unavailable');
    const { client, sleeps } = clientWith();
    const error = await client.sendMessage(textBody).catch((e) => e);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([250, 500, 1000, 2000]);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error.kind).toBe('retry');
    expect(error.error).toEqual({ code: 'HTTP_503', title: 'Graph API answered HTTP 503', retryable: true });
  });

  it('waits caps at maxDelayMs', async () => {
    nock(GRAPH).post(MESSAGES).times(5).reply(500, graphError(131000));
    const { client, sleeps } = clientWith({ maxDelayMs: 1200 });
    await expect(client.sendMessage(textBody)).rejects.toBeInstanceOf(GraphApiError);
    expect(sleeps).toEqual([250, 500, 600, 600]);
  });

  it('honours Retry-After (seconds) instead of the computed wait', async () => {
    nock(GRAPH).post(MESSAGES).reply(429, graphError(130429), { 'Retry-After': '3' }).post(MESSAGES).reply(200, OK);
    const { client, sleeps } = clientWith();
    await client.sendMessage(textBody);
    expect(sleeps).toEqual([3000]);
  });

  it('a Retry-After longer than maxDelayMs is handed back to the queue (retryAfterMs) instead of held', async () => {
    const scope = nock(GRAPH).post(MESSAGES).reply(429, graphError(130429), { 'Retry-After': '120' });
    const { client, sleeps } = clientWith();
    const error = await client.sendMessage(textBody).catch((e) => e);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([]);
    expect(error.error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(120_000);
  });

  it.each([
    [131056, 400], // pair rate limit
    [80007, 400], // WABA rate limit
    [4, 400], // app call rate
    [1, 400],
    [2, 503],
    [131000, 500],
  ])('code %i (HTTP %i) is retried', async (code, status) => {
    const scope = nock(GRAPH).post(MESSAGES).reply(status, graphError(code)).post(MESSAGES).reply(200, OK);
    const { client } = clientWith();
    await expect(client.sendMessage(textBody)).resolves.toBe('wamid.SENT1');
    expect(scope.isDone()).toBe(true);
  });

  it('a network error is retried', async () => {
    nock(GRAPH).post(MESSAGES).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' }).post(MESSAGES).reply(200, OK);
    const { client, sleeps } = clientWith();
    await expect(client.sendMessage(textBody)).resolves.toBe('wamid.SENT1');
    expect(sleeps).toHaveLength(1);
  });

  it('a request that exceeds timeoutMs is abandoned and retried', async () => {
    nock(GRAPH).post(MESSAGES).delay(500).reply(200, OK).post(MESSAGES).reply(200, { messages: [{ id: 'wamid.SECOND' }] });
    const { client, sleeps } = clientWith({ timeoutMs: 50 });
    await expect(client.sendMessage(textBody)).resolves.toBe('wamid.SECOND');
    expect(sleeps).toHaveLength(1);
  });
});

describe('permanent failures', () => {
  it.each([
    [131026, 'Message undeliverable'],
    [100, 'Invalid parameter'],
    [131051, 'Unsupported message type'],
    [132001, 'Template does not exist'],
  ])('code %i is not retried and is not retryable', async (code, message) => {
    const scope = nock(GRAPH).post(MESSAGES).reply(400, graphError(code, message));
    const { client, sleeps } = clientWith();
    const error = await client.sendMessage(textBody).catch((e) => e);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([]);
    expect(error.kind).toBe('permanent');
    expect(error.error).toEqual({ code: String(code), title: message, retryable: false });
  });

  it('131047 is its own kind (re-engagement needed) and not retried', async () => {
    nock(GRAPH).post(MESSAGES).reply(400, graphError(131047, 'Re-engagement message'));
    const { client, sleeps } = clientWith();
    const error = await client.sendMessage(textBody).catch((e) => e);
    expect(error.kind).toBe('reengage');
    expect(error.error).toEqual({ code: '131047', title: 'Re-engagement message', retryable: false });
    expect(sleeps).toEqual([]);
  });

  it('190 (token expired): not retried; one alert for the client lifetime, however many sends fail', async () => {
    nock(GRAPH).post(MESSAGES).times(3).reply(401, graphError(190, 'Error validating access token: Session has expired'));
    const { logger, entries } = memoryLogger();
    const { client, sleeps } = clientWith({ logger });
    for (let i = 0; i < 3; i++) {
      const error = await client.sendMessage(textBody).catch((e) => e);
      expect(error.kind).toBe('auth');
      expect(error.error.retryable).toBe(false);
    }
    expect(sleeps).toEqual([]);
    const alerts = entries.filter((entry) => entry.alert === 'whatsapp_access_token_rejected');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].level).toBe('error');
    expect(nock.isDone()).toBe(true);
  });
});

describe('markRead', () => {
  it('marks read with a typing indicator', async () => {
    const scope = nock(GRAPH)
      .post(MESSAGES, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1', typing_indicator: { type: 'text' } })
      .reply(200, { success: true });
    await clientWith().client.markRead('wamid.IN1', { typing: true });
    expect(scope.isDone()).toBe(true);
  });

  it('marks read without typing indicator', async () => {
    const scope = nock(GRAPH).post(MESSAGES, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1' }).reply(200, { success: true });
    await clientWith().client.markRead('wamid.IN1', { typing: false });
    expect(scope.isDone()).toBe(true);
  });

  it('tries once only: a late typing indicator is useless', async () => {
    const scope = nock(GRAPH).post(MESSAGES).reply(503);
    const { client, sleeps } = clientWith();
    await expect(client.markRead('wamid.IN1', { typing: true })).rejects.toBeInstanceOf(GraphApiError);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([]);
  });
});

describe('media', () => {
  const CDN = 'https://lookaside.fbsbx.com';
  const mediaInfo = (fileSize: number | string) => ({
    messaging_product: 'whatsapp',
    url: `${CDN}/whatsapp_business/attachments/?mid=1003&ext=1&hash=abc`,
    mime_type: 'image/jpeg',
    sha256: 'f'.repeat(64),
    file_size: fileSize,
    id: '1003',
  });

  it('getMediaUrl reads the temporary URL and metadata', async () => {
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).get('/v21.0/1003').reply(200, mediaInfo('303833'));
    await expect(clientWith().client.getMediaUrl('1003')).resolves.toEqual({
      mediaId: '1003',
      url: `${CDN}/whatsapp_business/attachments/?mid=1003&ext=1&hash=abc`,
      mimeType: 'image/jpeg',
      sha256: 'f'.repeat(64),
      fileSize: 303833,
    });
  });

  it('downloads media within the limit, sending the bearer token to the media URL too', async () => {
    const bytes = Buffer.alloc(1000, 7);
    nock(GRAPH).get('/v21.0/1003').reply(200, mediaInfo(1000));
    const download = nock(CDN, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/whatsapp_business/attachments/')
      .query(true)
      .reply(200, bytes, { 'Content-Type': 'image/jpeg', 'Content-Length': '1000' });
    const media = await clientWith().client.downloadMedia('1003', { maxBytes: 1000 });
    expect(download.isDone()).toBe(true);
    expect(media.bytes.equals(bytes)).toBe(true);
    expect(media.mimeType).toBe('image/jpeg');
  });

  it('refuses before downloading when Graph declares a size over the limit', async () => {
    nock(GRAPH).get('/v21.0/1003').reply(200, mediaInfo(5_000_000));
    const download = nock(CDN).get('/whatsapp_business/attachments/').query(true).reply(200, 'never');
    const error = await clientWith().client.downloadMedia('1003', { maxBytes: 1_000_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(MediaTooLargeError);
    expect(error.seenBytes).toBe(5_000_000);
    expect(download.isDone()).toBe(false);
  });

  it('refuses on a Content-Length over the limit', async () => {
    const info = mediaInfo(10);
    delete (info as Record<string, unknown>).file_size;
    nock(GRAPH).get('/v21.0/1003').reply(200, info);
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(512, 1));
    nock(CDN).get('/whatsapp_business/attachments/').query(true).reply(200, () => Readable.from(chunks), { 'Content-Length': '5120' });
    const error = await clientWith().client.downloadMedia('1003', { maxBytes: 1024 }).catch((e) => e);
    expect(error).toBeInstanceOf(MediaTooLargeError);
    expect(error.seenBytes).toBe(5120); // the declared size: refused before reading the body
  });

  it('stops reading a stream without Content-Length once it passes the limit', async () => {
    const info = mediaInfo(10);
    delete (info as Record<string, unknown>).file_size;
    nock(GRAPH).get('/v21.0/1003').reply(200, info);
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(512, 1));
    nock(CDN).get('/whatsapp_business/attachments/').query(true).reply(200, () => Readable.from(chunks));
    const error = await clientWith().client.downloadMedia('1003', { maxBytes: 1500 }).catch((e) => e);
    expect(error).toBeInstanceOf(MediaTooLargeError);
    expect(error.seenBytes).toBeLessThanOrEqual(2048);
    expect(error.seenBytes).toBeGreaterThan(1500);
  });
});
