import path from 'node:path';
import { startGraphStandIn, type GraphStandIn } from '../../scripts/support/graphStandIn';
import { signedBody, textDelivery } from '../../scripts/support/webhookPayload';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { sample } from '../support/metricsText';

describe('GET /metrics', () => {
  let graph: GraphStandIn;
  let bot: HttpBot;
  beforeAll(async () => {
    graph = await startGraphStandIn();
    bot = await startHttpBot({
      FLOWS_DIR: path.resolve(__dirname, '../../flows'),
      WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: 'secret', WHATSAPP_PHONE_NUMBER_ID: '1', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_API_URL: graph.url,
      METRICS_TOKEN: 'metrics-token-0123456789',
      OUTBOUND_PRIVATE_HOSTS: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await graph.close();
  });

  const scrape = async () => {
    const res = await fetch(`${bot.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('is refused without the token', async () => {
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(401);
  });

  it('counts webhook requests by status, message processing, outbound errors and waiting handoffs', async () => {
    const { body, signature } = signedBody(textDelivery([{ from: '8801900000001', id: 'wamid.M1', text: 'agent' }]), 'secret');
    const post = (sig: string) => fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body });
    expect((await post(signature)).status).toBe(200);
    expect((await post('sha256=' + '0'.repeat(64))).status).toBe(401);
    await until(() => graph.messages().length >= 1);

    graph.failNext(1, 400, { code: 131026, message: 'Message undeliverable' });
    const second = signedBody(textDelivery([{ from: '8801900000002', id: 'wamid.M2', text: 'hi' }]), 'secret');
    await fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': second.signature }, body: second.body });

    // The failed send can come before the message's own job has finished (its last write is
    // still being committed), so wait for both.
    const text = await until(async () => {
      const t = await scrape();
      return sample(t, "wabot_outbound_errors_total", { code: "131026" }) && sample(t, 'wabot_queue_depth', { topic: 'inbound' }) === 0 ? t : "";
    });
    expect(sample(text, 'wabot_http_requests_total', { route: '/webhook/whatsapp', status: '200' })).toBe(2);
    expect(sample(text, 'wabot_http_requests_total', { route: '/webhook/whatsapp', status: '401' })).toBe(1);
    expect(sample(text, 'wabot_http_request_duration_seconds_count', { route: '/webhook/whatsapp' })).toBe(3);
    expect(sample(text, 'wabot_message_processing_seconds_count', { outcome: 'handled' })).toBe(2);
    expect(sample(text, 'wabot_outbound_errors_total', { channel: 'whatsapp-cloud', code: '131026' })).toBe(1);
    expect(sample(text, 'wabot_handoffs_waiting', { team: 'default' })).toBe(1);
    expect(sample(text, 'wabot_queue_depth', { topic: 'inbound' })).toBe(0);
    expect(text).toContain('wabot_process_resident_memory_bytes');
  });
});
