import path from 'node:path';
import nock from 'nock';
import { startTestBot, textOf, buttonsOf, type TestBot } from '../../support/testBot';

const FLOWS = path.resolve(__dirname, '../../fixtures/flows');

describe('flow steps through the engine', () => {
  let bot: TestBot;
  let n = 0;
  let phone: string;
  beforeEach(async () => {
    bot = await startTestBot({ flowsDir: FLOWS, env: { LOOKUP_TIMEOUT_MS: '500' } });
    phone = `88017000${String(++n).padStart(5, '0')}`;
  });
  afterEach(async () => {
    nock.cleanAll();
    await bot.stop();
  });

  const texts = (entries: { content: unknown }[]) => entries.map((e) => textOf(e as never));

  it('replies with media and text, interpolates the customer name, then asks', async () => {
    const replies = await bot.send(phone, 'where is my order', { name: 'Karim' });
    expect(replies.map((r) => r.content.type)).toEqual(['media', 'text', 'text']);
    expect(replies[0].content).toMatchObject({ type: 'media', media: { kind: 'image', url: 'https://cdn.example/banner.png', caption: 'Our shop' } });
    expect(texts(replies).slice(1)).toEqual(['Hello Karim!', 'Your order number?']);
  });

  it('validates an answer, re-asks with the hint, and hands off after the allowed tries', async () => {
    await bot.send(phone, 'where is my order');
    const retry = await bot.send(phone, 'no idea');
    expect(texts(retry)).toEqual(['It has 4 to 6 digits.', 'Your order number?']);
    const gaveUp = await bot.send(phone, 'still no idea');
    expect(texts(gaveUp)[0]).toMatch(/connecting you to a person/i);
    const conversation = await bot.runtime.store.conversations.findOpen(`simulator:${phone}`);
    expect(conversation?.owner).toBe('queue');
    const handoff = await bot.runtime.store.handoffs.get(conversation!.handoffId!);
    expect(handoff).toMatchObject({ trigger: 'ask-failed', status: 'queued' });
  });

  it('reads Bengali digits and an order number inside a sentence, looks it up and branches', async () => {
    nock('https://shop.example').get('/orders/2045').reply(200, { status: 'shipped', courier: 'Pathao', total: 500 });
    await bot.send(phone, 'আমার অর্ডার কোথায়');
    const replies = await bot.send(phone, 'আমার নম্বর ২০৪৫');
    expect(texts(replies)).toEqual(['Order 2045 shipped via Pathao.']);
    expect(buttonsOf(replies[0]).map((b) => b.title)).toEqual(['ঠিক আছে', 'দেরি হচ্ছে', 'More']);
    const conversation = await bot.runtime.store.conversations.findOpen(`simulator:${phone}`);
    expect(conversation?.values).toMatchObject({ order_id: '2045', order: { status: 'shipped' } });
    expect(conversation?.locale).toBe('bn');
  });

  it('takes the combined condition and the otherwise branch', async () => {
    nock('https://shop.example').get('/orders/1111').reply(200, { status: 'processing', total: 1500 }).get('/orders/2222').reply(200, { status: 'cancelled', total: 1500 });
    await bot.send(phone, 'check my order');
    expect(texts(await bot.send(phone, '1111'))).toEqual(['A big order of 1500 taka.', 'Bye!']);
    await bot.send(phone, 'check my order');
    expect(texts(await bot.send(phone, '2222'))).toEqual(['Status: cancelled', 'Bye!']);
  });

  it('follows onNotFound for a 404 and onError for a failure or a timeout', async () => {
    nock('https://shop.example').get('/orders/4040').reply(404).get('/orders/5000').reply(500).get('/orders/6000').delay(1000).reply(200, {});
    await bot.send(phone, 'check my order');
    expect(texts(await bot.send(phone, '4040'))).toEqual(['No order 4040.', 'Bye!']);
    await bot.send(phone, 'check my order');
    expect(texts(await bot.send(phone, '5000'))[0]).toMatch(/^Passing you to a person\.\n\nI'm connecting you to a person\. You are number 1 in the queue/);
    const other = `${phone}9`;
    await bot.send(other, 'check my order');
    expect(texts(await bot.send(other, '6000'))[0]).toMatch(/^Passing you to a person\./);
    const handoff = (await bot.runtime.store.handoffs.list({ status: 'queued' })).find((h) => h.reason === 'Order API down');
    expect(handoff).toMatchObject({ team: 'delivery', trigger: 'flow' });
  });

  it('acts on a pressed button, a typed button title and a typed button number', async () => {
    nock('https://shop.example').get('/orders/3333').times(3).reply(200, { status: 'SHIPPED', courier: 'RedX' });
    await bot.send(phone, 'check my order');
    const shown = await bot.send(phone, '3333');
    const ok = buttonsOf(shown[0]).find((b) => b.title === 'OK thanks')!;
    expect(texts(await bot.press(phone, ok.id))).toEqual(['Bye!']);

    await bot.send(phone, 'check my order');
    await bot.send(phone, '3333');
    const late = await bot.send(phone, 'it is LATE');
    expect(texts(late)[0]).toMatch(/connecting you to a person/i);
    const handoff = (await bot.runtime.store.handoffs.list({ status: 'queued' }))[0];
    expect(handoff).toMatchObject({ team: 'delivery', priority: 'high', reason: 'Late parcel' });

    const other = `${phone}1`;
    await bot.send(other, 'check my order');
    await bot.send(other, '3333');
    expect(texts(await bot.send(other, '3'))).toEqual(['Which size?']);
  });

  it('asks a choice as a list, accepts an id, a title, a synonym or a digit, then a number', async () => {
    const question = await bot.send(phone, 'size guide');
    expect(question[0].content).toMatchObject({ type: 'list', text: 'Which size?' });
    expect(buttonsOf(question[0]).map((b) => b.title)).toEqual(['Small', 'Medium', 'Large', 'Extra large']);
    expect(texts(await bot.send(phone, 'xl'))).toEqual(['How many?']);
    expect(texts(await bot.send(phone, 'ten'))).toEqual(["That doesn't look right.", 'How many?']);
    expect(texts(await bot.send(phone, '9'))).toEqual(["That doesn't look right.", 'How many?']);
    const list = await bot.send(phone, '৩');
    expect(list[0].content).toMatchObject({ type: 'list', text: 'Size xl, 3 pieces. What next?', buttonLabel: 'Options' });
    const catalogRow = buttonsOf(list[0]).find((r) => r.title === 'Catalogue')!;
    const catalog = await bot.press(phone, catalogRow.id);
    expect(catalog.map((c) => c.content)).toEqual([
      { type: 'media', media: { kind: 'document', url: 'https://cdn.example/catalog.pdf', filename: 'catalog.pdf', caption: undefined } },
      { type: 'text', text: 'Our catalogue' },
    ]);

    const other = `${phone}2`;
    const q = await bot.send(other, 'size guide');
    const medium = buttonsOf(q[0]).find((b) => b.title === 'Medium')!;
    expect(texts(await bot.press(other, medium.id))).toEqual(['How many?']);
    const third = `${phone}3`;
    await bot.send(third, 'size guide');
    expect(texts(await bot.send(third, '2'))).toEqual(['How many?']);
    expect((await bot.runtime.store.conversations.findOpen(`simulator:${third}`))?.values.size).toBe('m');
  });

  it('goes to onFail instead of a person when the flow says so', async () => {
    await bot.send(phone, 'size guide');
    await bot.send(phone, 'S');
    for (let i = 0; i < 2; i++) await bot.send(phone, '99');
    expect(texts(await bot.send(phone, '77'))).toEqual(['We sell at most 5 at a time.']);
    expect((await bot.runtime.store.conversations.findOpen(`simulator:${phone}`))?.owner).toBe('bot');
  });

  it('starts another flow from a button and opens the main menu from a list row', async () => {
    nock('https://shop.example').get('/orders/7777').reply(200, { status: 'shipped', courier: 'RedX' });
    await bot.send(phone, 'check my order');
    const shipped = await bot.send(phone, '7777');
    const more = buttonsOf(shipped[0]).find((b) => b.title === 'More')!;
    expect(texts(await bot.press(phone, more.id))).toEqual(['Which size?']);
    await bot.send(phone, 'L');
    const list = await bot.send(phone, '1');
    const main = buttonsOf(list[0]).find((r) => r.title === 'Main menu')!;
    const menu = await bot.press(phone, main.id);
    expect(menu[0].content.type).toBe('list');
    expect(buttonsOf(menu[0]).map((r) => r.id)).toEqual(['flow:steps', 'human']);
  });

  it('stops a flow that loops without waiting instead of spinning forever', async () => {
    const replies = await bot.send(phone, 'spin around forever');
    expect(replies).toEqual([]);
    expect((await bot.runtime.store.conversations.findOpen(`simulator:${phone}`))?.position).toBeUndefined();
    // The bot still answers afterwards.
    expect((await bot.send(phone, 'size guide')).length).toBe(1);
  });

  it('percent-encodes customer values placed in a lookup URL', async () => {
    const scope = nock('https://shop.example').get('/orders/12%2F34').reply(200, { status: 'x' });
    const flowBot = await startTestBot({
      flows: {
        'f.yaml': `id: f
title: F
locales: [en]
triggers: [{ intent: go, examples: { en: [go lookup now] } }]
steps:
  - id: q
    ask: { text: code?, save: code }
  - id: l
    lookup: { url: "https://shop.example/orders/{{code}}", save: r, onError: e }
  - id: ok
    end: { text: "got {{r.status}}" }
  - id: e
    end: { text: failed }
`,
      },
    });
    try {
      await flowBot.send(phone, 'go lookup now');
      expect(texts(await flowBot.send(phone, '12/34'))).toEqual(['got x']);
      expect(scope.isDone()).toBe(true);
    } finally {
      await flowBot.stop();
    }
  });
});
