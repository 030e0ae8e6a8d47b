import nock from 'nock';
import { login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { deliver, messagingDelivery, sendApiStandIn, textEvent } from '../support/sendApiStandIn';

/** An Instagram customer end to end: DM webhook → engine → Send API (nock) → seen receipts; a person answers. */
const APP_SECRET = 'instagram-e2e-secret';
const ACCOUNT = '17841400000000001';
const GRAPH = 'https://graph.instagram-e2e.test';
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };

describe('an Instagram customer, from a DM to a person', () => {
  let bot: HttpBot;
  let send: ReturnType<typeof sendApiStandIn>;
  beforeAll(async () => {
    send = sendApiStandIn(GRAPH);
    bot = await startHttpBot({
      INSTAGRAM_ENABLED: 'true',
      INSTAGRAM_VERIFY_TOKEN: 'verify-instagram',
      INSTAGRAM_APP_SECRET: APP_SECRET,
      INSTAGRAM_ACCESS_TOKEN: 'IGQ-account-token',
      INSTAGRAM_API_URL: GRAPH,
      DEMO_ORDERS: 'true',
      METRICS_TOKEN: 'metrics-token-0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'instagram-e2e-session-secret-0123456789',
    });
  });
  afterAll(async () => {
    await bot.stop();
    nock.cleanAll();
  });

  const post = (events: Record<string, unknown>[]) => deliver(`${bot.url}/webhook/instagram`, messagingDelivery('instagram', ACCOUNT, events), APP_SECRET);

  it('verifies the webhook for Meta', async () => {
    const ok = await fetch(`${bot.url}/webhook/instagram?hub.mode=subscribe&hub.verify_token=verify-instagram&hub.challenge=99`);
    expect([ok.status, await ok.text()]).toEqual([200, '99']);
  });

  it('answers a story reply with the flow, keeps the story for agents, and marks the answer seen', async () => {
    const igsid = '1234567890123456';
    const story = { sender: { id: igsid }, message: { mid: 'ig_S1', text: 'where is my order', reply_to: { story: { id: '1790', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1790' } } } };
    expect((await post([story])).status).toBe(200);
    await until(() => send.messagesTo(igsid).length >= 1);
    const [ask] = send.messagesTo(igsid);
    expect(ask.body).toEqual({ recipient: { id: igsid }, messaging_type: 'RESPONSE', message: { text: expect.stringMatching(/order number/i) } });
    expect(ask.authorization).toBe('Bearer IGQ-account-token');
    const conversation = (await bot.runtime.store.conversations.findOpen(`instagram:${igsid}`))!;
    const transcript = await bot.runtime.store.messages.listByConversation(conversation.id);
    expect(transcript[0]).toMatchObject({ direction: 'in', content: { type: 'system', detail: expect.stringContaining('asset_id=1790') } });

    await post([textEvent(igsid, 'ig_S2', '204518')]);
    await until(() => send.messagesTo(igsid).length >= 2);
    expect(send.messagesTo(igsid)[1].body.message.text).toMatch(/204518/);
    const [reply] = await bot.runtime.store.messages.listReplies('instagram:ig_S2');
    const sent = (await until(async () => {
      const m = await bot.runtime.store.messages.get(reply.id);
      return m?.direction === 'out' && m.channelMessageId ? m : null;
    }))!;
    await post([{ sender: { id: igsid }, read: { mid: sent.channelMessageId } }]);
    await until(async () => ((await bot.runtime.store.messages.get(reply.id)) as { status?: string } | null)?.status === 'read');
  });

  it('a story mention is kept for agents; the bot says nothing', async () => {
    const igsid = '2234567890123456';
    await post([{ sender: { id: igsid }, message: { mid: 'ig_M1', attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=55' } }] } }]);
    const conversation = (await until(() => bot.runtime.store.conversations.findOpen(`instagram:${igsid}`)))!;
    await until(async () => (await bot.runtime.store.messages.get('instagram:ig_M1')) !== null);
    await new Promise((r) => setTimeout(r, 200));
    expect(send.messagesTo(igsid)).toEqual([]);
    expect((await bot.runtime.store.messages.listByConversation(conversation.id))[0].content).toMatchObject({ type: 'system', detail: expect.stringMatching(/Mentioned the shop in their story/) });
  });

  it('a person answers an Instagram customer; the echo of that answer is not shown twice, the account’s own DM is', async () => {
    const igsid = '3234567890123456';
    await post([textEvent(igsid, 'ig_H1', 'talk to a person')]);
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const handoff = await until(async () => (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((h: { customer: { address: string } }) => h.customer.address === igsid));
    expect(handoff.channel).toBe('instagram');
    await admin.post(`/api/handoffs/${handoff.id}/claim`);
    expect((await admin.post(`/api/handoffs/${handoff.id}/messages`, { text: 'Hi! Size M is back in stock.' })).status).toBe(202);
    const answer = (await until(() => send.messagesTo(igsid).find((c) => c.body.message.text === 'Hi! Size M is back in stock.')))!;
    expect(answer.body.messaging_type).toBe('RESPONSE');

    // Instagram echoes the agent's message (no metadata) and a DM the shop typed in the Instagram app.
    const echo = (mid: string, text: string) => ({ sender: { id: ACCOUNT }, recipient: { id: igsid }, message: { mid, text, is_echo: true } });
    await post([echo('ig_ECHO_AGENT', 'Hi! Size M is back in stock.'), echo('ig_ECHO_APP', 'Sending you the photo now')]);
    const conversation = (await bot.runtime.store.conversations.findOpen(`instagram:${igsid}`))!;
    await until(async () => (await bot.runtime.store.messages.listByConversation(conversation.id)).some((m) => m.direction === 'out' && m.sender === 'page'));
    const fromPage = (await bot.runtime.store.messages.listByConversation(conversation.id)).filter((m) => m.direction === 'out' && m.sender === 'page');
    expect(fromPage.map((m) => m.content)).toEqual([{ type: 'text', text: 'Sending you the photo now' }]);

    const context = await admin.get(`/api/handoffs/${handoff.id}`);
    expect(context.body.conversation.replyRule).toMatchObject({ rule: 'standard', platform: 'Instagram' });
    expect(context.body.transcript.map((m: { sender: string }) => m.sender)).toContain('page');
  });

  it('an unsent message is noted for agents; the bot stays silent', async () => {
    const igsid = '5234567890123456';
    await post([textEvent(igsid, 'ig_U1', 'where is my order')]);
    await until(() => send.messagesTo(igsid).length >= 1);
    await post([{ sender: { id: igsid }, message: { mid: 'ig_U1', is_deleted: true } }]);
    const conversation = (await bot.runtime.store.conversations.findOpen(`instagram:${igsid}`))!;
    const notice = await until(async () => (await bot.runtime.store.messages.listByConversation(conversation.id)).find((m) => m.direction === 'in' && m.content.type === 'system'));
    expect(notice).toMatchObject({ content: { detail: 'Unsent a message' }, replyTo: 'ig_U1' });
    await new Promise((r) => setTimeout(r, 200));
    expect(send.messagesTo(igsid)).toHaveLength(1);
  });

  it('without the Human Agent permission, a chat silent for a day is closed to replies, and the console says why', async () => {
    const igsid = '4234567890123456';
    await post([textEvent(igsid, 'ig_W1', 'human')]);
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const handoff = await until(async () => (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((h: { customer: { address: string } }) => h.customer.address === igsid));
    await admin.post(`/api/handoffs/${handoff.id}/claim`);
    const conversation = (await bot.runtime.store.conversations.findOpen(`instagram:${igsid}`))!;
    await bot.runtime.store.conversations.save({ ...conversation, lastCustomerMessageAt: Date.now() - 25 * 3_600_000 });
    const context = await admin.get(`/api/handoffs/${handoff.id}`);
    expect(context.body.conversation).toMatchObject({ windowOpen: false, replyRule: { rule: 'closed', templates: false } });
    const refused = await admin.post(`/api/handoffs/${handoff.id}/messages`, { text: 'Still there?' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'WINDOW_CLOSED']);
    expect(refused.body.error.message).toMatch(/Instagram allows replies only within 24 hours/);
  });
});
