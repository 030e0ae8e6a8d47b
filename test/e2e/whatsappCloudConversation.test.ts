import { startGraphStandIn, type GraphStandIn } from '../../scripts/support/graphStandIn';
import { buttonDelivery, signedBody, textDelivery } from '../../scripts/support/webhookPayload';
import { startHttpBot, until, type HttpBot } from '../support/httpBot';

const APP_SECRET = 'test-app-secret';

describe('a whole FAQ conversation through the Cloud API webhook', () => {
  let graph: GraphStandIn;
  let bot: HttpBot;
  beforeAll(async () => {
    graph = await startGraphStandIn();
    bot = await startHttpBot({
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_VERIFY_TOKEN: 'verify-me',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token',
      WHATSAPP_API_URL: graph.url,
      WHATSAPP_REENGAGEMENT_TEMPLATE: 'order_followup:bn',
      SIMULATOR: 'false',
      // The order-status flow asks the bundled demo order API, off by default beside a real channel.
      DEMO_ORDERS: 'true',
      METRICS_TOKEN: 'metrics-token-0123456789',
      // The Graph API stand-in listens on loopback.
      OUTBOUND_PRIVATE_HOSTS: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await graph.close();
  });

  const deliver = async (payload: unknown) => {
    const { body, signature } = signedBody(payload, APP_SECRET);
    return fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  };
  const sentTo = (to: string) => graph.messages().filter((c) => c.body.to === to);

  it('verifies the webhook for Meta', async () => {
    const ok = await fetch(`${bot.url}/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(`${bot.url}/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
  });

  it('asks for the order number in Bengali, answers its status, and takes a button press', async () => {
    const customer = '8801711111111';
    expect((await deliver(textDelivery([{ from: customer, id: 'wamid.A1', text: 'আমার অর্ডার কোথায়?', name: 'Rahim' }]))).status).toBe(200);
    await until(() => sentTo(customer).length >= 1);
    expect(sentTo(customer)[0].body).toMatchObject({ messaging_product: 'whatsapp', to: customer, type: 'text', text: { body: expect.stringContaining('অর্ডার নম্বর') } });
    expect(sentTo(customer)[0].path).toBe('/v21.0/106540352242922/messages');
    // The customer's message was marked read with a typing indicator.
    await until(() => graph.calls.some((c) => c.body.status === 'read' && c.body.message_id === 'wamid.A1'));

    await deliver(textDelivery([{ from: customer, id: 'wamid.A2', text: '২০৪৫১৮' }]));
    await until(() => sentTo(customer).length >= 3);
    const [, status, menu] = sentTo(customer);
    expect(status.body).toMatchObject({ type: 'text', text: { body: expect.stringMatching(/204518.*পাঠানো হয়েছে/) } });
    expect(menu.body).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
    const buttons = (menu.body.interactive as { action: { buttons: { reply: { id: string; title: string } }[] } }).action.buttons;
    const person = buttons.find((b) => b.reply.id.endsWith(':person'))!;

    await deliver(buttonDelivery(customer, 'wamid.A3', person.reply.id, person.reply.title));
    await until(() => sentTo(customer).length >= 4);
    expect(sentTo(customer)[3].body).toMatchObject({ type: 'text', text: { body: expect.stringContaining('সারিতে') } });
    const conversation = await bot.runtime.store.conversations.findOpen(`whatsapp-cloud:${customer}`);
    expect(conversation).toMatchObject({ owner: 'queue', values: { order_id: '204518' } });
  });

  it('answers a message delivered twice, in two batches, exactly once', async () => {
    const customer = '8801722222222';
    const payload = textDelivery([{ from: customer, id: 'wamid.DUP', text: 'where is my order' }]);
    expect((await deliver(payload)).status).toBe(200);
    expect((await deliver(payload)).status).toBe(200);
    await until(() => sentTo(customer).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(customer)).toHaveLength(1);
  });

  it('records delivery receipts on the sent messages, with the error of a failed one', async () => {
    const customer = '8801733333333';
    await deliver(textDelivery([{ from: customer, id: 'wamid.R1', text: 'where is my order' }]));
    await until(() => sentTo(customer).length >= 1);
    const reply = (await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.R1'))[0];
    await until(async () => (await bot.runtime.store.messages.get(reply.id))?.direction === 'out' && (await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.R1'))[0].channelMessageId);
    const wamid = (await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.R1'))[0].channelMessageId!;
    const receipt = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '106540352242922' }, statuses: [
        { id: wamid, status: 'failed', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: customer, errors: [{ code: 131026, title: 'Message undeliverable' }] },
      ] } }] }],
    };
    expect((await deliver(receipt)).status).toBe(200);
    const updated = await until(async () => {
      const m = await bot.runtime.store.messages.get(reply.id);
      return m?.direction === 'out' && m.status === 'failed' ? m : null;
    });
    expect(updated!.error).toMatchObject({ code: '131026', title: 'Message undeliverable' });
  });

  it('sends the re-engagement template when the 24-hour window has closed, and marks the chat until the customer writes', async () => {
    const customer = '8801755555555';
    graph.failNext(1, 400, { code: 131047, message: 'Re-engagement message' });
    await deliver(textDelivery([{ from: customer, id: 'wamid.W1', text: 'where is my order' }]));
    await until(() => sentTo(customer).length >= 1);
    expect(sentTo(customer)[0].body).toMatchObject({ type: 'template', template: { name: 'order_followup', language: { code: 'bn' } } });
    const [reply] = await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.W1');
    const sent = await until(async () => {
      const m = await bot.runtime.store.messages.get(reply.id);
      return m?.direction === 'out' && m.status === 'sent' ? m : null;
    });
    expect(sent).toMatchObject({ sentAsTemplate: 'order_followup', channelMessageId: expect.stringMatching(/^wamid\./) });
    const marked = await until(async () => (await bot.runtime.store.conversations.findOpen(`whatsapp-cloud:${customer}`))?.reengagement);
    expect(marked).toMatchObject({ template: 'order_followup', messageId: reply.id });

    // The customer answers the template: the window is open again and the mark is gone.
    await deliver(textDelivery([{ from: customer, id: 'wamid.W2', text: '204518' }]));
    await until(() => sentTo(customer).length >= 2);
    expect((await bot.runtime.store.conversations.findOpen(`whatsapp-cloud:${customer}`))?.reengagement).toBeUndefined();
  });

  it('hands a cart from the catalogue to the sales team with every item, and tells the customer', async () => {
    const customer = '8801766666666';
    const order = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '106540352242922' },
        contacts: [{ profile: { name: 'Nusrat' }, wa_id: customer }],
        messages: [{ from: customer, id: 'wamid.O1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'order', order: {
          catalog_id: '801234567890123', text: 'after 5pm please',
          product_items: [
            { product_retailer_id: 'PANJABI-BLK-XL', quantity: 2, item_price: 1450, currency: 'BDT' },
            { product_retailer_id: 'ATTAR-12ML', quantity: 1, item_price: 350, currency: 'BDT' },
          ],
        } }],
      } }] }],
    };
    expect((await deliver(order)).status).toBe(200);
    await until(() => sentTo(customer).length >= 1);
    expect(sentTo(customer)[0].body).toMatchObject({ type: 'text', text: { body: expect.stringMatching(/Thank you for your order \(3 items\)[\s\S]*queue/) } });
    const conversation = (await bot.runtime.store.conversations.findOpen(`whatsapp-cloud:${customer}`))!;
    expect(conversation.owner).toBe('queue');
    const handoff = (await bot.runtime.store.handoffs.get(conversation.handoffId!))!;
    expect(handoff).toMatchObject({ team: 'sales', priority: 'high' });
    expect(handoff.reason).toBe('Catalogue order: 2 × PANJABI-BLK-XL (1450 BDT), 1 × ATTAR-12ML (350 BDT) · total 3250 BDT');
    const [entry] = await bot.runtime.store.messages.listByConversation(conversation.id);
    expect(entry.content).toMatchObject({ type: 'order', note: 'after 5pm please' });
  });

  it('refuses a forged signature and processes nothing', async () => {
    const customer = '8801744444444';
    const { body } = signedBody(textDelivery([{ from: customer, id: 'wamid.F1', text: 'hi' }]), 'not-the-secret');
    const forged = await fetch(`${bot.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signedBody({}, 'x').signature }, body });
    expect(forged.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(sentTo(customer)).toHaveLength(0);
  });
});
