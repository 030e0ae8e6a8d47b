import path from 'node:path';
import nock from 'nock';
import type { HttpRequest, HttpTransport } from '../../../src/network/httpTransport';
import { nodeHttpTransport } from '../../../src/network/nodeHttpTransport';
import { createSessionsClient } from '../../../src/nlu/dialogflow';
import { startTestBot, type TestBot } from '../../support/testBot';
import { until } from '../../support/httpBot';
import { DIALOGFLOW, detectPath, matched, PROJECT, serviceAccount } from '../dialogflow/support';

/** The real transport, noting every call: nock still answers at the network boundary. */
function recordingTransport(): { transport: HttpTransport; calls: HttpRequest[] } {
  const calls: HttpRequest[] = [];
  return { calls, transport: (request) => (calls.push(request), nodeHttpTransport(request)) };
}

const GRAPH = 'https://graph.facebook.com';
const PHONE_NUMBER_ID = '106540352242922';

describe('one injected HTTP transport', () => {
  let bot: TestBot;
  const { transport, calls } = recordingTransport();

  beforeAll(async () => {
    bot = await startTestBot({
      flowsDir: path.resolve(__dirname, '../../fixtures/flows'),
      env: { WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'verify', WHATSAPP_APP_SECRET: 'secret', WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID, WHATSAPP_ACCESS_TOKEN: 'token', METRICS_PUBLIC: 'true' },
      overrides: { transport },
    });
  });
  afterAll(async () => {
    nock.cleanAll();
    await bot.stop();
  });

  it('carries a flow\'s lookup to the shop\'s API', async () => {
    nock('https://shop.example').get('/orders/2045').reply(200, { status: 'shipped', courier: 'Pathao', total: 500 });
    await bot.send('8801700000001', 'where is my order');
    await bot.send('8801700000001', '2045');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toContain('GET https://shop.example/orders/2045');
  });

  it('carries the WhatsApp Cloud channel\'s Graph API calls', async () => {
    const graph = nock(GRAPH).persist().post(`/v21.0/${PHONE_NUMBER_ID}/messages`).reply(200, { messages: [{ id: 'wamid.OUT' }] });
    await bot.runtime.queue.add('inbound', { id: 'wamid.IN1', channel: 'whatsapp-cloud', from: '8801700000002', timestamp: Date.now(), content: { type: 'text', text: 'hi' } }, { key: 'whatsapp-cloud:8801700000002', jobId: 'whatsapp-cloud:wamid.IN1' });
    await until(() => calls.some((c) => c.url === `${GRAPH}/v21.0/${PHONE_NUMBER_ID}/messages` && String(c.body).includes('"to":"8801700000002"')), 10_000);
    graph.persist(false);
  });

  it('carries Dialogflow\'s REST calls', async () => {
    const key = serviceAccount();
    nock(DIALOGFLOW).post(detectPath('conv-1')).query(true).reply(200, matched('order_status', 0.9));
    const client = createSessionsClient({ projectId: PROJECT, credentials: key.credentials, transport: 'rest', timeoutMs: 5000, httpTransport: transport });
    await client.detectIntent({ session: `projects/${PROJECT}/agent/sessions/conv-1`, queryInput: { text: { text: 'where is my order', languageCode: 'en' } } });
    expect(calls.some((c) => c.method === 'POST' && c.url.startsWith(`${DIALOGFLOW}${detectPath('conv-1')}`))).toBe(true);
    await client.close?.();
  });
});
