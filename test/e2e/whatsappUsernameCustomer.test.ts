import nock from 'nock';
import type { OutboundEntry } from '../../src/domain/transcript';
import { senderDelivery, signedBody, type WebhookSender } from '../../scripts/support/webhookPayload';
import { login } from '../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';

/**
 * Customers WhatsApp knows by a business-scoped user id (BSUID) and a username, through the
 * signed webhook to the Graph API (nock stands in for graph.facebook.com): answered, handed to
 * an agent, and merged with the record of their phone number without losing anything.
 */
const APP_SECRET = 'test-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const GRAPH = 'https://graph.facebook.com';
const ADMIN = { email: 'admin@deshibazar.example', password: 'admin-password-1' };

type Sender = WebhookSender;

let sequence = 0;
const delivery = (sender: Sender, message: Record<string, unknown>) => senderDelivery(sender, { id: `wamid.IN${++sequence}`, ...message }, PHONE_NUMBER_ID);
const text = (body: string) => ({ type: 'text', text: { body } });

function statusDelivery(status: Record<string, unknown>, contacts?: Record<string, unknown>[]): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
      ...(contacts ? { contacts } : {}),
      statuses: [{ timestamp: String(Math.floor(Date.now() / 1000)), ...status }],
    } }] }],
  };
}

describe('a WhatsApp customer known only by username', () => {
  let bot: HttpBot;
  let sends: Record<string, any>[];
  // Graph's message ids are unique: counted across the whole file, as the bot and its store are.
  let wamids = 0;

  beforeAll(async () => {
    bot = await startHttpBot({
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_VERIFY_TOKEN: 'verify-me',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token',
      WHATSAPP_API_URL: GRAPH,
      SIMULATOR: 'false',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'x'.repeat(40),
      BUSINESS_HOURS: 'always',
      // The sample order-status flow looks orders up on the bot's own demo API (loopback).
      DEMO_ORDERS: 'true',
      OUTBOUND_PRIVATE_HOSTS: '127.0.0.1',
      METRICS_TOKEN: 'metrics-token-0123456789',
    });
  });
  afterAll(async () => {
    nock.cleanAll();
    await bot.stop();
  });

  beforeEach(() => {
    sends = [];
    nock.cleanAll();
    // The Graph API stand-in: records every send; refuses a template to a BSUID (131062), as Meta does.
    nock(GRAPH)
      .persist()
      .post(`/v21.0/${PHONE_NUMBER_ID}/messages`)
      .reply((_uri, body) => {
        const message = body as Record<string, any>;
        if (message.status === 'read') return [200, { success: true }];
        if (message.type === 'template' && !message.to) {
          return [400, { error: { message: 'Business-scoped User ID recipients are not supported for this message', type: 'OAuthException', code: 131062, fbtrace_id: 'AbC' } }];
        }
        sends.push(message);
        return [200, { messaging_product: 'whatsapp', contacts: [{ input: message.to ?? message.recipient }], messages: [{ id: `wamid.OUT${++wamids}` }] }];
      });
  });

  const deliver = async (payload: unknown) => {
    const { body, signature } = signedBody(payload, APP_SECRET);
    const res = await fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    expect(res.status).toBe(200);
  };
  const sentTo = (who: { to?: string; recipient?: string }) => sends.filter((s) => (who.to === undefined || s.to === who.to) && (who.recipient === undefined || s.recipient === who.recipient));
  const textOf = (s: Record<string, any>) => s.text?.body ?? s.interactive?.body?.text ?? '';
  const customerBy = async (kind: 'phone' | 'bsuid', value: string) => (await bot.runtime.store.customers.findByIdentifiers('whatsapp-cloud', [{ kind, value }]))[0];

  it('is answered with `recipient`, handed to an agent who sees @username and "phone withheld", and receipts reach the messages', async () => {
    const rina: Sender = { bsuid: 'BD.1427730559018264', username: 'rina.shop', name: 'Rina' };
    await deliver(delivery(rina, text('hello, where is your shop?')));
    const answer = await until(() => sends.find((s) => /Dhanmondi/.test(textOf(s))));
    expect(answer).toMatchObject({ messaging_product: 'whatsapp', recipient: rina.bsuid });
    expect(answer).not.toHaveProperty('to');

    await deliver(delivery(rina, text('I want to talk to a person')));
    await until(() => sends.length >= 2);
    expect(textOf(sends[1])).toMatch(/connecting you to a person/i);

    const agent = await login(bot.url, ADMIN.email, ADMIN.password);
    const queued = (await agent.get('/api/handoffs?status=queued')).body.handoffs;
    const item = queued.find((h: { customer: { username?: string } }) => h.customer.username === 'rina.shop');
    expect(item.customer).toMatchObject({ name: 'Rina', username: 'rina.shop', phoneWithheld: true });
    expect(item.customer).not.toHaveProperty('phone');
    expect((await agent.post(`/api/handoffs/${item.id}/claim`)).status).toBe(200);
    const context = (await agent.get(`/api/handoffs/${item.id}`)).body;
    expect(context.customer).toMatchObject({ username: 'rina.shop', phoneWithheld: true, channel: 'whatsapp-cloud' });
    expect(context.transcript.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(['hello, where is your shop?', 'I want to talk to a person']));

    expect((await agent.post(`/api/handoffs/${item.id}/messages`, { text: 'Hi Rina, Mina here.' })).status).toBe(202);
    await until(() => sentTo({ recipient: rina.bsuid }).some((s) => textOf(s).includes('Mina here')));
    const agentReply = sentTo({ recipient: rina.bsuid }).find((s) => textOf(s).includes('Mina here'))!;
    expect(agentReply).not.toHaveProperty('to');

    // The delivered status of a message sent to a BSUID names it in recipient_user_id only.
    const sentEntry = async () => (await bot.runtime.store.messages.listByCustomer(context.customer.id)).find((m) => m.direction === 'out' && m.sender === 'agent');
    const entry = (await until(async () => {
      const sent = await sentEntry();
      return sent?.direction === 'out' && sent.channelMessageId ? sent : undefined;
    }))!;
    await deliver(statusDelivery({ id: entry.channelMessageId, status: 'delivered', recipient_user_id: rina.bsuid }, [{ profile: { name: 'Rina', username: 'rina.shop' }, user_id: rina.bsuid }]));
    await until(async () => {
      const sent = await sentEntry();
      return sent?.direction === 'out' && sent.status === 'delivered';
    });

    // A template cannot go to a BSUID: a permanent failure, explained under the message.
    await agent.post(`/api/handoffs/${item.id}/messages`, { template: { name: 'order_update', language: 'en', parameters: [] } });
    const failed = await until(async () => {
      const lines = (await agent.get(`/api/handoffs/${item.id}`)).body.transcript as { type: string; status: string; error?: { code: string; title: string } }[];
      return lines.find((m) => m.type === 'template' && m.status === 'failed');
    });
    expect(failed?.error).toMatchObject({ code: '131062' });
    expect(failed?.error?.title).toMatch(/known only by username/);

    // Agents find her by username, by BSUID, not by a number she never gave.
    expect((await agent.get('/api/customers?q=@rina')).body.customers.map((c: { id: string }) => c.id)).toEqual([context.customer.id]);
    const byBsuid = (await agent.get(`/api/customers?q=${rina.bsuid}`)).body.customers;
    expect(byBsuid).toEqual([expect.objectContaining({ username: 'rina.shop', phoneWithheld: true, handoffs: [expect.objectContaining({ id: item.id })] })]);
  });

  it('merges the records of one person when a message shows both numbers: conversations, handoffs and the survey answer kept', async () => {
    const agent = await login(bot.url, ADMIN.email, ADMIN.password);
    // Known by phone first (a chat handed over, closed and rated) ...
    const byPhone: Sender = { phone: '8801719000001', name: 'Karim' };
    await deliver(delivery(byPhone, text('I want to talk to a person')));
    await until(() => sentTo({ to: byPhone.phone }).length >= 1);
    const first = (await agent.get('/api/handoffs?status=queued')).body.handoffs.find((h: { customer: { phone?: string } }) => h.customer.phone === byPhone.phone);
    await agent.post(`/api/handoffs/${first.id}/claim`);
    await agent.post(`/api/handoffs/${first.id}/close`, { resolution: 'Answered' });
    await until(() => sentTo({ to: byPhone.phone }).some((s) => s.type === 'interactive' && s.interactive.type === 'list'));
    await deliver(delivery(byPhone, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'csat:5', title: '5 ⭐⭐⭐⭐⭐' } } }));
    await until(async () => (await bot.runtime.store.handoffs.get(first.id))?.csat?.score === 5);

    // ... then, with a username, only by BSUID: a second record, and a second chat with people.
    const byBsuid: Sender = { bsuid: 'BD.5550001112223334', username: 'karim_bd', name: 'Karim' };
    await deliver(delivery(byBsuid, text('I want to talk to a person')));
    await until(() => sentTo({ recipient: byBsuid.bsuid }).length >= 1);
    const phoneRecord = await customerBy('phone', byPhone.phone!);
    const bsuidRecord = await customerBy('bsuid', byBsuid.bsuid!);
    expect(bsuidRecord.id).not.toBe(phoneRecord.id);
    const second = (await agent.get('/api/handoffs?status=queued')).body.handoffs.find((h: { customer: { username?: string } }) => h.customer.username === 'karim_bd');

    // WhatsApp shows both: one customer from now on, the older record kept.
    await deliver(delivery({ ...byPhone, ...byBsuid }, text('any news?')));
    await until(async () => (await bot.runtime.store.customers.get(bsuidRecord.id)) === null);
    const merged = await customerBy('bsuid', byBsuid.bsuid!);
    // The records merge as the message is read; the message itself is stored a moment later.
    const textsOf = async () => (await bot.runtime.store.messages.listByCustomer(merged.id)).map((m) => (m.content.type === 'text' ? m.content.text : m.content.type));
    await until(async () => (await textsOf()).includes('any news?'));
    expect(merged.id).toBe(phoneRecord.id);
    expect(merged).toMatchObject({ username: 'karim_bd', profileName: 'Karim' });
    expect(merged.identifiers).toEqual(expect.arrayContaining([{ kind: 'phone', value: byPhone.phone }, { kind: 'bsuid', value: byBsuid.bsuid }]));
    const handoffs = await bot.runtime.store.handoffs.listByCustomer(merged.id, 10);
    expect(handoffs.map((h) => h.id).sort()).toEqual([first.id, second.id].sort());
    expect(handoffs.find((h) => h.id === first.id)?.csat?.score).toBe(5);
    const transcript = await textsOf();
    expect(transcript).toEqual(expect.arrayContaining(['any news?']));
    expect(transcript.filter((t) => t === 'I want to talk to a person')).toHaveLength(2);
    // The waiting chat got the new message; the rated bot chat was closed, one open chat is left.
    const open = (await bot.runtime.store.conversations.listByCustomer(merged.id)).filter((c) => c.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ owner: 'queue', handoffId: second.id });
    const context = (await agent.get(`/api/handoffs/${second.id}`)).body;
    expect(context.customer).toMatchObject({ id: merged.id, phone: byPhone.phone, username: 'karim_bd', phoneWithheld: false });
    expect(context.previous.map((p: { id: string }) => p.id)).toContain(first.id);

    // Replies now go to the phone (`to`), with the BSUID beside it.
    await agent.post(`/api/handoffs/${second.id}/claim`);
    await agent.post(`/api/handoffs/${second.id}/messages`, { text: 'Karim, your parcel left today.' });
    await until(() => sends.some((s) => textOf(s).includes('parcel left today')));
    expect(sends.find((s) => textOf(s).includes('parcel left today'))).toMatchObject({ to: byPhone.phone, recipient: byBsuid.bsuid });
    // Found by either number.
    for (const query of ['01719000001', byBsuid.bsuid!, 'karim']) {
      expect((await agent.get(`/api/customers?q=${encodeURIComponent(query)}`)).body.customers.map((c: { id: string }) => c.id)).toEqual([merged.id]);
    }
  });

  it('asks a username-only customer for their number with WhatsApp\'s button, and the shared card joins them to their phone record', async () => {
    // A record of the phone exists already (an earlier chat).
    const phone = '8801719000002';
    await deliver(delivery({ phone, name: 'Nusrat' }, text('thanks')));
    await until(() => sentTo({ to: phone }).length >= 1);
    const phoneRecord = await customerBy('phone', phone);

    const nusrat: Sender = { bsuid: 'BD.7770001112223334', username: 'nusrat.k', name: 'Nusrat' };
    for (const said of ['where is my order', 'no idea', 'lost it', 'dont have it']) await deliver(delivery(nusrat, text(said)));
    const question = await until(() => sentTo({ recipient: nusrat.bsuid }).find((s) => s.interactive?.type === 'request_contact_info')).catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(sends.map(textOf))}`);
    });
    expect(question).toMatchObject({ type: 'interactive', interactive: { type: 'request_contact_info', action: { name: 'request_contact_info' } } });
    expect(question).not.toHaveProperty('to');

    await deliver(delivery(nusrat, {
      type: 'contacts',
      contacts: [{ origin: 'contact_request', name: { formatted_name: 'Nusrat K' }, phones: [{ phone: '+880 1719-000002', wa_id: phone, type: 'CELL' }] }],
    }));
    await until(() => sends.some((s) => textOf(s).includes('latest order placed with your phone number')));
    // One record from now on, the older one; the chat and its collected values came along.
    await until(async () => (await bot.runtime.store.customers.get(`whatsapp-cloud:${nusrat.bsuid}`)) === null);
    const merged = await customerBy('bsuid', nusrat.bsuid!);
    expect(merged).toMatchObject({ id: phoneRecord.id, username: 'nusrat.k' });
    expect((await bot.runtime.store.conversations.findOpen(merged.id))?.values).toMatchObject({ phone, order: { status: expect.any(String) } });
    // Her next message, still without a number, is answered at the number she shared.
    await deliver(delivery(nusrat, text('main menu')));
    await until(() => sentTo({ to: phone, recipient: nusrat.bsuid }).length >= 1);
  });

  it('keeps a marketing stop of a customer known only by username on their record, and edits their message in place', async () => {
    const sara: Sender = { bsuid: 'BD.6660001112223334', username: 'sara' };
    await deliver(delivery(sara, { id: 'wamid.SARA1', ...text('is the red saree in stock?') }));
    await until(() => sentTo({ recipient: sara.bsuid }).length >= 1);
    await deliver({
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: [{ field: 'user_preferences', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
        contacts: [{ profile: { name: 'Sara', username: 'sara' }, user_id: sara.bsuid }],
        user_preferences: [{ user_id: sara.bsuid, category: 'marketing_messages', value: 'stop', detail: 'User requested to stop marketing messages', timestamp: String(Math.floor(Date.now() / 1000)) }],
      } }] }],
    });
    await until(async () => (await customerBy('bsuid', sara.bsuid!))?.marketing?.status === 'stopped');
    // An edit names the customer by BSUID alone, as their messages do.
    const answers = sentTo({ recipient: sara.bsuid }).length;
    await deliver(delivery(sara, { type: 'edit', edit: { original_message_id: 'wamid.SARA1', message: text('is the blue saree in stock?') } }));
    await until(async () => ((await bot.runtime.store.messages.get('whatsapp-cloud:wamid.SARA1')) as { editedAt?: number } | null)?.editedAt !== undefined);
    expect(await bot.runtime.store.messages.get('whatsapp-cloud:wamid.SARA1')).toMatchObject({ content: { type: 'text', text: 'is the blue saree in stock?' } });
    expect(await bot.runtime.store.customers.findByIdentifiers('whatsapp-cloud', [{ kind: 'bsuid', value: sara.bsuid! }])).toHaveLength(1);
    expect(sentTo({ recipient: sara.bsuid })).toHaveLength(answers); // neither is answered
  });

  it('learns a number from a delivery receipt and merges the record it belonged to', async () => {
    const phone = '8801719000003';
    await deliver(delivery({ phone, name: 'Tania' }, text('thanks')));
    await until(() => sentTo({ to: phone }).length >= 1);
    const phoneRecord = await customerBy('phone', phone);
    const tania: Sender = { bsuid: 'BD.8880001112223334', username: 'tania' };
    await deliver(delivery(tania, text('hi')));
    await until(() => sentTo({ recipient: tania.bsuid }).length >= 1);
    const replyEntry = (await until(async () => {
      const entries = await bot.runtime.store.messages.listByCustomer(`whatsapp-cloud:${tania.bsuid}`);
      return entries.find((m): m is OutboundEntry => m.direction === 'out' && m.channelMessageId !== undefined);
    }))!;
    // Meta's read receipt names the number under its rules for showing it.
    await deliver(statusDelivery(
      { id: replyEntry.channelMessageId, status: 'read', recipient_user_id: tania.bsuid },
      [{ profile: { name: 'Tania', username: 'tania' }, wa_id: phone, user_id: tania.bsuid }],
    ));
    await until(async () => (await bot.runtime.store.customers.get(`whatsapp-cloud:${tania.bsuid}`)) === null);
    expect((await customerBy('bsuid', tania.bsuid!)).id).toBe(phoneRecord.id);
    expect((await bot.runtime.store.messages.get(replyEntry.id))).toMatchObject({ customerId: phoneRecord.id, status: 'read' });
  });
});
