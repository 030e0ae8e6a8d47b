import nock from 'nock';
import { login } from '../../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';
import { deliver, messagingDelivery, sendApiStandIn, textEvent } from '../../support/sendApiStandIn';

/**
 * Reports cut by channel on real traffic: customers on Messenger and Instagram talk to the
 * whole bot, and the summary counts each channel's conversations and handoffs.
 */
const GRAPH = 'https://graph.reports-e2e.test';
const ADMIN = { email: 'boss@shop.test', password: 'boss-pass-2024' };

describe('reports by channel, from real conversations', () => {
  let bot: HttpBot;
  let send: ReturnType<typeof sendApiStandIn>;
  beforeAll(async () => {
    send = sendApiStandIn(GRAPH);
    const secrets = (prefix: string) => ({ [`${prefix}_ENABLED`]: 'true', [`${prefix}_VERIFY_TOKEN`]: 'v', [`${prefix}_APP_SECRET`]: 'reports-secret', [`${prefix}_API_URL`]: GRAPH });
    bot = await startHttpBot({
      ...secrets('MESSENGER'), MESSENGER_PAGE_ACCESS_TOKEN: 'EAAG-page',
      ...secrets('INSTAGRAM'), INSTAGRAM_ACCESS_TOKEN: 'IGQ-account',
      DEMO_ORDERS: 'true', METRICS_TOKEN: 'metrics-token-0123456789',
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'reports-e2e-session-secret-0123456789',
    });
  });
  afterAll(async () => {
    await bot.stop();
    nock.cleanAll();
  });

  it('counts each channel’s conversations and handoffs, and cuts by it', async () => {
    const messenger = (from: string, mid: string, text: string) => deliver(`${bot.url}/webhook/messenger`, messagingDelivery('page', '1029384756', [textEvent(from, mid, text)]), 'reports-secret');
    const instagram = (from: string, mid: string, text: string) => deliver(`${bot.url}/webhook/instagram`, messagingDelivery('instagram', '17841400000000001', [textEvent(from, mid, text)]), 'reports-secret');
    await messenger('6900000000000001', 'm_1', 'where is my order');
    await messenger('6900000000000002', 'm_2', 'I want to talk to a human');
    await instagram('1200000000000001', 'ig_1', 'delivery charge koto?');
    await instagram('1200000000000002', 'ig_2', 'where is my order');
    await until(() => send.calls.filter((c) => c.body.message).length >= 4);
    await until(async () => (await bot.runtime.store.conversations.findOpen('messenger:6900000000000002'))?.owner === 'queue');

    const boss = await login(bot.url, ADMIN.email, ADMIN.password);
    const all = (await boss.get('/api/reports/summary?days=1')).body;
    expect(all.totals).toMatchObject({ conversations: 4, handoffs: 1 });
    expect(Object.fromEntries(all.volume.byChannel.map((r: { channel: string; conversations: number }) => [r.channel, r.conversations]))).toEqual({ messenger: 2, instagram: 2 });

    const onMessenger = (await boss.get('/api/reports/summary?days=1&channel=messenger')).body;
    expect(onMessenger.totals).toMatchObject({ conversations: 2, handoffs: 1 });
    const onInstagram = (await boss.get('/api/reports/summary?days=1&channel=instagram')).body;
    expect(onInstagram.totals).toMatchObject({ conversations: 2, handoffs: 0 });
    expect((await boss.get('/api/reports/summary?days=1&channel=telegram')).status).toBe(400);
  });
});
