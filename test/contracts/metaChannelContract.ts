import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import nock from 'nock';
import request from 'supertest';
import { ChannelSendError, type Channel, type ChannelAdapter } from '../../src/channels/port';
import { loadConfig } from '../../src/config/load';
import type { OutboundMessage } from '../../src/domain/message';
import { signWebhookBody } from '../../src/meta/signature';
import { nodeHttpTransport } from '../../src/network/nodeHttpTransport';
import type { Logger } from '../../src/observability/logger';
import { createSilentLogger } from '../../src/observability/logger';
import { createStore } from '../../src/runtime/adapters';
import type { Store } from '../../src/store/port';
import { memoryLogger } from '../support/memoryLogger';
import { RecordingQueue } from '../support/recordingQueue';

/** One Meta channel adapter and how its platform speaks, for the contract below. */
export interface MetaChannelSubject<Settings> {
  adapter: ChannelAdapter<Settings>;
  /** Its settings, with the Graph API at `apiUrl`, the app secret and verify token given. */
  settings(apiUrl: string, secrets: { appSecret: string; verifyToken: string }): Settings;
  webhookPath: string;
  /** A delivery of one customer text, as Meta would post it. */
  textDelivery(messageId: string, from: string, text: string): unknown;
  customer: string;
  /** Path of the send endpoint under the Graph API URL, and Meta's success answer for an id. */
  sendPath: string;
  sendAnswer(id: string): Record<string, unknown>;
  /** The setting named in the token alert, and the alert's name. */
  tokenAlert: { alert: string; setting: string };
}

const APP_SECRET = 'contract-app-secret';
const VERIFY_TOKEN = 'contract-verify-token';
const GRAPH = 'https://graph.contract.test';

/**
 * What every Meta channel (WhatsApp Cloud API, Messenger, Instagram) guarantees: it declares
 * its webhook; Meta's subscription check; 200 only once every message is on the queue, keyed by
 * customer with the platform's message id as job id (a redelivery is the same job); 401 for a
 * missing or forged signature, 400 for what is not a webhook, 413 for an oversized body, 503
 * when the store or the queue is down; and sends that reach the Graph API, retry what is
 * temporary, give up on what is not, and raise one alert for a rejected token.
 */
export function metaChannelContract<Settings>(name: string, subject: MetaChannelSubject<Settings>): void {
  describe(`Meta channel contract: ${name}`, () => {
    let dataDir: string;
    let store: Store;
    let accepting = true;

    beforeAll(async () => {
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meta-contract-'));
      const config = loadConfig({ dotenv: false, env: { DATA_DIR: dataDir } });
      store = createStore(config, createSilentLogger());
      await store.init();
    });
    afterAll(async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    afterEach(() => {
      nock.cleanAll();
      accepting = true;
    });

    function start(options: { queue?: RecordingQueue; logger?: Logger } = {}) {
      const queue = options.queue ?? new RecordingQueue();
      const channel: Channel = subject.adapter.create(subject.settings(GRAPH, { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }), {
        queue, store, logger: options.logger ?? createSilentLogger(), transport: nodeHttpTransport, isAccepting: () => accepting,
      });
      const app = express();
      for (const route of channel.routes?.() ?? []) app.use(route.path, route.handler);
      return { channel, app, queue };
    }
    /** `signature: null` sends none. */
    const post = (app: express.Express, body: string, signature: string | null = signWebhookBody(body, APP_SECRET)) => {
      const req = request(app).post(subject.webhookPath).set('content-type', 'application/json');
      return (signature === null ? req : req.set('x-hub-signature-256', signature)).send(body);
    };
    const text = (id = 'mid.contract.1') => JSON.stringify(subject.textDelivery(id, subject.customer, 'where is my order'));
    const outbound = (id = 'out-1#0'): OutboundMessage => ({
      id, conversationId: 'no-such-conversation', channel: subject.adapter.name, to: subject.customer, content: { type: 'text', text: 'Your order is on its way.' }, sender: 'bot', createdAt: Date.now(),
    });

    it('declares its public webhook, named after the channel', () => {
      const { channel } = start();
      expect(channel.name).toBe(subject.adapter.name);
      expect(channel.routes?.().map((r) => [r.path, r.access])).toEqual([[subject.webhookPath, 'public']]);
    });

    it('answers Meta’s subscription check, and only with the right token', async () => {
      const { app } = start();
      const ok = await request(app).get(subject.webhookPath).query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect([ok.status, ok.text]).toEqual([200, '1158201444']);
      const wrong = await request(app).get(subject.webhookPath).query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' });
      expect(wrong.status).toBe(403);
    });

    it('queues a signed message keyed by customer, with the platform id as job id, then answers 200', async () => {
      const { app, queue } = start();
      expect((await post(app, text())).status).toBe(200);
      expect(queue.adds).toEqual([{
        topic: 'inbound',
        payload: expect.objectContaining({ id: 'mid.contract.1', channel: subject.adapter.name, from: subject.customer, content: { type: 'text', text: 'where is my order' } }),
        options: { key: `${subject.adapter.name}:${subject.customer}`, jobId: `${subject.adapter.name}:mid.contract.1` },
      }]);
    });

    it('a redelivery is the same job (the queue and the store keep one)', async () => {
      const { app, queue } = start();
      await post(app, text());
      await post(app, text());
      expect(queue.adds.map((a) => a.options?.jobId)).toEqual([`${subject.adapter.name}:mid.contract.1`, `${subject.adapter.name}:mid.contract.1`]);
    });

    it('401 for a missing, forged or differently signed body; nothing queued', async () => {
      const { app, queue } = start();
      expect((await post(app, text(), null)).body.error.code).toBe('SIGNATURE_MISSING');
      expect((await post(app, text(), `sha256=${'0'.repeat(64)}`)).status).toBe(401);
      expect((await post(app, text(), signWebhookBody(text(), 'another-app'))).status).toBe(401);
      expect(queue.adds).toEqual([]);
    });

    it('400 for a signed body that is not JSON, or not a webhook', async () => {
      const { app } = start();
      expect((await post(app, '{"object": ')).body.error.code).toBe('MALFORMED_JSON');
      for (const body of ['[]', 'null', '"x"']) expect((await post(app, body)).body.error.code).toBe('INVALID_PAYLOAD');
    });

    it('413 for a body over the limit, unread', async () => {
      const { app, queue } = start();
      // Over every channel's default (WhatsApp's is 4 MiB: Meta sends it up to 3 MB).
      const big = JSON.stringify(subject.textDelivery('mid.big', subject.customer, 'x'.repeat(4_500_000)));
      const res = await post(app, big);
      expect([res.status, res.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(queue.adds).toEqual([]);
    });

    it('503 while the store or the queue is down, so Meta delivers again', async () => {
      const { app, queue } = start();
      accepting = false;
      expect((await post(app, text())).status).toBe(503);
      expect(queue.adds).toEqual([]);
      accepting = true;
      const refusing = start({ queue: new RecordingQueue(Infinity) });
      expect((await post(refusing.app, text())).body.error.code).toBe('QUEUE_UNAVAILABLE');
    });

    it('sends through the Graph API and returns the platform’s message id', async () => {
      const scope = nock(GRAPH).post(subject.sendPath).reply(200, subject.sendAnswer('mid.out.1'));
      await expect(start().channel.send(outbound())).resolves.toMatchObject({ channelMessageId: 'mid.out.1' });
      expect(scope.isDone()).toBe(true);
    });

    it('retries a rate limit (Retry-After), and gives up at once on a permanent error', async () => {
      nock(GRAPH).post(subject.sendPath).reply(429, { error: { code: 4, message: 'Application request limit reached' } }, { 'retry-after': '0' })
        .post(subject.sendPath).reply(200, subject.sendAnswer('mid.out.2'));
      const { channel } = start();
      await expect(channel.send(outbound('out-2#0'))).resolves.toMatchObject({ channelMessageId: 'mid.out.2' });
      nock(GRAPH).post(subject.sendPath).reply(400, { error: { code: 100, message: 'Invalid parameter' } });
      const error = await channel.send(outbound('out-3#0')).catch((e) => e);
      expect(error).toBeInstanceOf(ChannelSendError);
      expect(error.error).toEqual({ code: '100', title: 'Invalid parameter', retryable: false });
    });

    it('a rejected token fails every send without retry, and alerts once', async () => {
      const { logger, entries } = memoryLogger();
      nock(GRAPH).post(subject.sendPath).times(2).reply(401, { error: { code: 190, message: 'Error validating access token' } });
      const { channel } = start({ logger });
      for (const id of ['out-4#0', 'out-5#0']) expect((await channel.send(outbound(id)).catch((e) => e)).error).toMatchObject({ code: '190', retryable: false });
      const alerts = entries.filter((e) => e.alert === subject.tokenAlert.alert);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].message).toContain(subject.tokenAlert.setting);
    });
  });
}
