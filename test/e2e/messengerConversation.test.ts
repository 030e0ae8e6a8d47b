import nock from 'nock';
import { login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';
import { deliver, messagingDelivery, postbackEvent, quickReplyEvent, sendApiStandIn, textEvent } from '../support/sendApiStandIn';

/**
 * A Messenger customer end to end: signed webhook → queue → engine → Send API (nock at the
 * network boundary) → receipts; then a person takes over, answers inside the 24 hours and
 * with the HUMAN_AGENT tag after them.
 */
const APP_SECRET = 'messenger-e2e-secret';
const PAGE = '102938475610293';
const GRAPH = 'https://graph.messenger-e2e.test';
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };

describe('a Messenger customer, from the webhook to a person', () => {
  let bot: HttpBot;
  let send: ReturnType<typeof sendApiStandIn>;
  beforeAll(async () => {
    send = sendApiStandIn(GRAPH);
    bot = await startHttpBot({
      MESSENGER_ENABLED: 'true',
      MESSENGER_VERIFY_TOKEN: 'verify-messenger',
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_PAGE_ACCESS_TOKEN: 'EAAG-page-token',
      MESSENGER_PAGE_ID: PAGE,
      MESSENGER_API_URL: GRAPH,
      MESSENGER_HUMAN_AGENT: 'true',
      DEMO_ORDERS: 'true',
      METRICS_TOKEN: 'metrics-token-0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'messenger-e2e-session-secret-0123456789',
    });
  });
  afterAll(async () => {
    await bot.stop();
    nock.cleanAll();
  });

  const post = (events: Record<string, unknown>[]) => deliver(`${bot.url}/webhook/messenger`, messagingDelivery('page', PAGE, events), APP_SECRET);
  const texts = (psid: string) => send.messagesTo(psid).map((c) => c.body.message.text ?? c.body.message.attachment?.payload?.text);

  it('verifies the webhook for Meta', async () => {
    const ok = await fetch(`${bot.url}/webhook/messenger?hub.mode=subscribe&hub.verify_token=verify-messenger&hub.challenge=734521`);
    expect([ok.status, await ok.text()]).toEqual([200, '734521']);
    expect((await fetch(`${bot.url}/webhook/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).toBe(403);
  });

  it('answers a flow by PSID: asks the order number, gives its status, shows buttons, and a press hands over', async () => {
    const psid = '6934571289045612';
    expect((await post([textEvent(psid, 'm_A1', 'where is my order')])).status).toBe(200);
    await until(() => send.messagesTo(psid).length >= 1);
    const [ask] = send.messagesTo(psid);
    expect(ask).toMatchObject({ path: '/v21.0/me/messages', authorization: 'Bearer EAAG-page-token', body: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: expect.stringMatching(/order number/i), metadata: 'wabot' } } });
    await until(() => send.actionsFor(psid).join() === 'mark_seen,typing_on');

    await post([textEvent(psid, 'm_A2', '204518')]);
    await until(() => send.messagesTo(psid).length >= 3);
    expect(texts(psid)[1]).toMatch(/204518/);
    const menu = send.messagesTo(psid)[2].body.message;
    const buttons: { payload: string; title: string }[] = menu.attachment?.payload?.buttons ?? menu.quick_replies;
    const person = buttons.find((b) => b.payload.endsWith(':person'))!;
    expect(person.title.length).toBeLessThanOrEqual(20);

    await post([postbackEvent(psid, 'm_A3', person.payload, person.title)]);
    await until(() => send.messagesTo(psid).length >= 4);
    expect(texts(psid)[3]).toMatch(/queue/);
    const conversation = await bot.runtime.store.conversations.findOpen(`messenger:${psid}`);
    expect(conversation).toMatchObject({ channel: 'messenger', owner: 'queue', values: { order_id: '204518' } });
  });

  it('answers a message Meta delivers twice, once; quick replies are button presses', async () => {
    const psid = '7012345678901234';
    await post([textEvent(psid, 'm_D1', 'menu')]);
    await post([textEvent(psid, 'm_D1', 'menu')]);
    await until(() => send.messagesTo(psid).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(send.messagesTo(psid)).toHaveLength(1);
    const options = send.messagesTo(psid)[0].body.message.quick_replies ?? send.messagesTo(psid)[0].body.message.attachment.payload.buttons;
    const order = options.find((o: { payload: string }) => o.payload.includes('order'));
    await post([quickReplyEvent(psid, 'm_D2', order.payload, order.title)]);
    await until(() => send.messagesTo(psid).length >= 2);
    expect(texts(psid)[1]).toMatch(/order number/i);
  });

  it('records delivery by message id and reads by watermark on the sent messages', async () => {
    const psid = '7100000000000001';
    await post([textEvent(psid, 'm_R1', 'where is my order')]);
    await until(() => send.messagesTo(psid).length >= 1);
    const [reply] = await bot.runtime.store.messages.listReplies('messenger:m_R1');
    const sent = (await until(async () => {
      const m = await bot.runtime.store.messages.get(reply.id);
      return m?.direction === 'out' && m.channelMessageId ? m : null;
    }))!;
    await post([{ sender: { id: psid }, delivery: { mids: [sent.channelMessageId], watermark: Date.now() } }]);
    await until(async () => (await bot.runtime.store.messages.get(reply.id))?.direction === 'out' && (await bot.runtime.store.messages.get(reply.id) as { status: string }).status === 'delivered');
    await post([{ sender: { id: psid }, read: { watermark: Date.now() } }]);
    await until(async () => ((await bot.runtime.store.messages.get(reply.id)) as { status?: string } | null)?.status === 'read');
  });

  it('shows what the Page wrote from Meta Business Suite to agents, and the bot stays silent', async () => {
    const psid = '7200000000000002';
    await post([textEvent(psid, 'm_E1', 'where is my order')]);
    await until(() => send.messagesTo(psid).length >= 1);
    const echo = { sender: { id: PAGE }, recipient: { id: psid }, message: { is_echo: true, app_id: 263902037430900, mid: 'm_PAGE1', text: 'Mina here, your parcel leaves today.' } };
    const own = { sender: { id: PAGE }, recipient: { id: psid }, message: { is_echo: true, app_id: 1, mid: 'm_OUT_X', text: 'the bot', metadata: 'wabot' } };
    expect((await deliver(`${bot.url}/webhook/messenger`, { object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ ...echo, timestamp: Date.now() }, { ...own, timestamp: Date.now() }] }] }, APP_SECRET)).status).toBe(200);
    const conversation = (await bot.runtime.store.conversations.findOpen(`messenger:${psid}`))!;
    const recorded = await until(async () => (await bot.runtime.store.messages.listByConversation(conversation.id)).find((m) => m.direction === 'out' && m.sender === 'page'));
    expect(recorded).toMatchObject({ content: { type: 'text', text: 'Mina here, your parcel leaves today.' }, status: 'sent', channelMessageId: 'm_PAGE1' });
    await new Promise((r) => setTimeout(r, 200));
    expect(send.messagesTo(psid)).toHaveLength(1);
    expect((await bot.runtime.store.messages.listByConversation(conversation.id)).filter((m) => m.direction === 'out' && m.sender === 'page')).toHaveLength(1);
  });

  it('an edit is noted for agents after the message it changes; the bot does not answer it again', async () => {
    const psid = '7250000000000009';
    await post([textEvent(psid, 'm_ED1', 'where is my ordr')]);
    await until(() => send.messagesTo(psid).length >= 1);
    await post([{ sender: { id: psid }, message_edit: { mid: 'm_ED1', text: 'where is my order 204518', num_edit: 1 } }]);
    const conversation = (await bot.runtime.store.conversations.findOpen(`messenger:${psid}`))!;
    const notice = await until(async () => (await bot.runtime.store.messages.listByConversation(conversation.id)).find((m) => m.direction === 'in' && m.content.type === 'system'));
    expect(notice).toMatchObject({ content: { detail: 'Edited a message to: "where is my order 204518"' }, replyTo: 'm_ED1' });
    await new Promise((r) => setTimeout(r, 200));
    expect(send.messagesTo(psid)).toHaveLength(1);
  });

  it('a person claims the chat and answers; after 24 hours the reply goes with the HUMAN_AGENT tag, and the console is told so', async () => {
    const psid = '7300000000000003';
    await post([textEvent(psid, 'm_H1', 'I want to talk to a human')]);
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const handoff = await until(async () => (await admin.get('/api/handoffs?status=queued')).body.handoffs.find((h: { channel: string; customer: { address: string } }) => h.customer.address === psid));
    expect(handoff.channel).toBe('messenger');
    expect((await admin.post(`/api/handoffs/${handoff.id}/claim`)).status).toBe(200);
    const context = await admin.get(`/api/handoffs/${handoff.id}`);
    expect(context.body.conversation.replyRule).toMatchObject({ rule: 'standard', platform: 'Messenger', templates: false });

    expect((await admin.post(`/api/handoffs/${handoff.id}/messages`, { text: 'Hi, Mina here. How can I help?' })).status).toBe(202);
    await until(() => send.messagesTo(psid).some((c) => c.body.message.text === 'Hi, Mina here. How can I help?'));
    expect(send.messagesTo(psid).find((c) => c.body.message.text === 'Hi, Mina here. How can I help?')!.body.messaging_type).toBe('RESPONSE');

    // The customer last wrote 30 hours ago: a person may still answer, tagged.
    const conversation = (await bot.runtime.store.conversations.findOpen(`messenger:${psid}`))!;
    await bot.runtime.store.conversations.save({ ...conversation, lastCustomerMessageAt: Date.now() - 30 * 3_600_000 });
    const later = await admin.get(`/api/handoffs/${handoff.id}`);
    expect(later.body.conversation).toMatchObject({ windowOpen: true, replyRule: { rule: 'human-agent', explanation: expect.stringContaining('HUMAN_AGENT') } });
    expect((await admin.post(`/api/handoffs/${handoff.id}/messages`, { text: 'Your refund went out today.' })).status).toBe(202);
    const tagged = (await until(() => send.messagesTo(psid).find((c) => c.body.message.text === 'Your refund went out today.')))!;
    expect(tagged.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    // Messenger has no templates to fall back on.
    expect((await admin.post(`/api/handoffs/${handoff.id}/messages`, { template: { name: 'order_followup', language: 'bn' } })).body.error.code).toBe('TEMPLATES_UNSUPPORTED');

    // After 7 days nothing may go.
    const again = (await bot.runtime.store.conversations.findOpen(`messenger:${psid}`))!;
    await bot.runtime.store.conversations.save({ ...again, lastCustomerMessageAt: Date.now() - 8 * 24 * 3_600_000 });
    const refused = await admin.post(`/api/handoffs/${handoff.id}/messages`, { text: 'Hello?' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'WINDOW_CLOSED']);
    expect(refused.body.error.message).toMatch(/Messenger allows replies only within 7 days/);
  });

  it('a send Meta refuses for good is shown to agents as failed, with Meta’s code', async () => {
    const psid = '7400000000000004';
    send.failNext(1, 400, { code: 551, message: 'This person isn’t available right now.' });
    await post([textEvent(psid, 'm_F1', 'where is my order')]);
    const [reply] = (await until(() => bot.runtime.store.messages.listReplies('messenger:m_F1').then((r) => (r.length ? r : null))))!;
    const failed = (await until(async () => {
      const m = await bot.runtime.store.messages.get(reply.id);
      return m?.direction === 'out' && m.status === 'failed' ? m : null;
    }))!;
    expect(failed.error).toMatchObject({ code: '551', retryable: false });
  });

  it('refuses a forged signature and answers nothing', async () => {
    const psid = '7500000000000005';
    const body = JSON.stringify(messagingDelivery('page', PAGE, [textEvent(psid, 'm_X1', 'hi')]));
    const res = await fetch(`${bot.url}/webhook/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` }, body });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(send.messagesTo(psid)).toHaveLength(0);
  });
});
