import path from 'node:path';
import { startTestBot, textOf, buttonsOf, type TestBot } from '../../support/testBot';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import type { Store } from '../../../src/store/port';

const FLOWS = path.resolve(__dirname, '../../fixtures/flows');
const texts = (entries: { content: unknown }[]) => entries.map((e) => textOf(e as never));

describe('ConversationEngine', () => {
  let bot: TestBot;
  let n = 0;
  let phone: string;
  beforeEach(async () => {
    bot = await startTestBot({ flowsDir: FLOWS });
    phone = `88018000${String(++n).padStart(5, '0')}`;
  });
  afterEach(async () => bot.stop());

  it('answers a redelivered message id once', async () => {
    const first = await bot.send(phone, 'size guide', { id: 'wamid.SAME' });
    expect(texts(first)).toEqual(['Which size?']);
    await bot.runtime.engine.handle({ id: 'wamid.SAME', channel: 'simulator', from: phone, timestamp: Date.now(), content: { type: 'text', text: 'size guide' } });
    const transcript = await bot.runtime.store.messages.listByCustomer(`simulator:${phone}`);
    expect(transcript.filter((m) => m.direction === 'out')).toHaveLength(1);
    expect(transcript.filter((m) => m.direction === 'in')).toHaveLength(1);
  });

  it('handles one customer strictly in order while other customers go in parallel', async () => {
    const customers = ['a', 'b', 'c'].map((s) => `${phone}${s}`);
    const sends: Promise<unknown>[] = [];
    // Each customer: open the size question, answer it, then answer the quantity.
    for (const step of ['size guide', 'M', '2']) {
      for (const customer of customers) sends.push(bot.runtime.queue.add('inbound', { id: `${customer}-${step}`, channel: 'simulator', from: customer, timestamp: Date.now(), content: { type: 'text', text: step } }, { key: `simulator:${customer}`, jobId: `${customer}-${step}` }));
    }
    await Promise.all(sends);
    for (const customer of customers) await bot.runtime.queue.waitFor('inbound', `${customer}-2`, 5000);
    for (const customer of customers) {
      const out = (await bot.runtime.store.messages.listByCustomer(`simulator:${customer}`)).filter((m) => m.direction === 'out');
      expect(texts(out)).toEqual(['Which size?', 'How many?', 'Size m, 2 pieces. What next?']);
    }
  });

  it('still replies exactly once when the first run dies after saving the conversation', async () => {
    const store = bot.runtime.store;
    const original = store.messages.insertOutbound.bind(store.messages);
    let failures = 0;
    store.messages.insertOutbound = async (entry) => {
      if (failures === 0) {
        failures += 1;
        throw new Error('worker killed');
      }
      return original(entry);
    };
    const replies = await bot.send(phone, 'size guide', { id: 'wamid.CRASH' });
    expect(failures).toBe(1);
    expect(texts(replies)).toEqual(['Which size?']);
    const out = (await store.messages.listByCustomer(`simulator:${phone}`)).filter((m) => m.direction === 'out');
    expect(out).toHaveLength(1);
    // The retried run did not advance the flow a second time.
    expect((await store.conversations.findOpen(`simulator:${phone}`))?.position).toMatchObject({ stepId: 'ask_size', awaiting: true, attempts: 0 });
    expect(out[0].status).toBe('sent');
  });

  it('does not understand nonsense, shows the menu, and offers a person after two misses', async () => {
    const first = await bot.send(phone, 'qwerty zxcvb');
    expect(texts(first)[0]).toMatch(/didn't understand/);
    expect(first[0].content.type).toBe('list');
    const second = await bot.send(phone, 'lorem ipsum dolor');
    expect(texts(second)[0]).toMatch(/talk to a person/i);
    expect(buttonsOf(second[0]).map((b) => b.id)).toEqual(['human', 'menu']);
    const queued = await bot.press(phone, 'human');
    expect(texts(queued)[0]).toMatch(/number 1 in the queue/);
  });

  it('answers in the language of the message', async () => {
    expect(texts(await bot.send(phone, 'কোন সাইজ নেব'))).toEqual(['কোন সাইজ?']);
    expect(texts(await bot.send(phone, 'M'))).toEqual(['How many?']);
    expect(texts(await bot.send(`${phone}9`, 'qwpoeiru'))[0]).toMatch(/didn't understand/);
    expect(texts(await bot.send(`${phone}9`, 'ফগদসজ্ঞ'))[0]).toMatch(/বুঝতে পারিনি|মানুষের/);
  });

  it('obeys the global commands anywhere: menu, human in Bengali, restart and stop', async () => {
    await bot.send(phone, 'size guide');
    const menu = await bot.send(phone, 'Menu');
    expect(menu[0].content.type).toBe('list');
    expect((await bot.runtime.store.conversations.findOpen(`simulator:${phone}`))?.position).toBeUndefined();

    await bot.send(phone, 'size guide');
    const restarted = await bot.send(phone, 'restart');
    expect(texts(restarted)[0]).toMatch(/start over/);

    const stopped = await bot.send(phone, 'STOP');
    expect(texts(stopped)[0]).toMatch(/stopped/);
    expect((await bot.runtime.store.customers.get(`simulator:${phone}`))?.optedOut).toBe(true);
    await bot.send(phone, 'size guide');
    expect((await bot.runtime.store.customers.get(`simulator:${phone}`))?.optedOut).toBe(false);

    const human = await bot.send(phone, 'মানুষ');
    expect(texts(human)[0]).toMatch(/প্রতিনিধির সাথে যুক্ত|সারিতে/);
    expect((await bot.runtime.store.conversations.findOpen(`simulator:${phone}`))?.owner).toBe('queue');
  });

  it('stays silent while people own the chat, telling a queued customer once that they wait', async () => {
    await bot.send(phone, 'agent');
    const waiting = await bot.send(phone, 'hello?');
    expect(texts(waiting)).toEqual([]);
    const conversation = (await bot.runtime.store.conversations.findOpen(`simulator:${phone}`))!;
    await bot.runtime.store.conversations.save({ ...conversation, owner: 'agent', agentId: 'a1' });
    expect(await bot.send(phone, 'size guide')).toEqual([]);
    const inbound = (await bot.runtime.store.messages.listByConversation(conversation.id)).filter((m) => m.direction === 'in');
    expect(inbound.map((m) => textOf({ content: m.content.type === 'text' ? m.content : { type: 'text', text: '' } } as never))).toEqual(['agent', 'hello?', 'size guide']);
  });

  it('answers voice notes and photos with what it can do, and ignores reactions and stickers', async () => {
    const voice = await bot.send(phone, { type: 'media', media: { kind: 'voice', mediaId: 'm1', mimeType: 'audio/ogg' } });
    expect(texts(voice)[0]).toMatch(/can't read voice/);
    expect(buttonsOf(voice[0]).map((b) => b.id)).toEqual(['human', 'menu']);
    const captioned = await bot.send(phone, { type: 'media', media: { kind: 'image', mediaId: 'm2', caption: 'size guide' } });
    expect(texts(captioned)).toEqual(['Which size?']);
    expect(await bot.send(phone, { type: 'reaction', messageId: 'x', emoji: '👍' })).toEqual([]);
    expect(await bot.send(phone, { type: 'media', media: { kind: 'sticker', mediaId: 'm3' } })).toEqual([]);
    const location = await bot.send(phone, { type: 'location', location: { latitude: 23.8, longitude: 90.4 } });
    expect(texts(location)[0]).toMatch(/can't read location/);
  });

  it('answers an unknown or stale button with the menu', async () => {
    const stale = await bot.press(phone, 'b:nope:gone:x');
    expect(texts(stale)[0]).toMatch(/no longer available/);
    expect((await bot.press(phone, '💥'.repeat(100)))[0].content.type).toBe('list');
  });

  it('lets a customer change topic in the middle of a question', async () => {
    await bot.send(phone, 'where is my order');
    const switched = await bot.send(phone, 'which size should I buy');
    expect(texts(switched)).toEqual(['Which size?']);
  });

  it('answers empty, emoji-only, huge and unknown-script messages sensibly', async () => {
    expect(texts(await bot.send(phone, '   '))[0]).toMatch(/empty message/);
    expect((await bot.send(phone, '😀😀😀'))[0].content.type).toBe('list');
    const huge = await bot.send(`${phone}1`, 'where is my order '.repeat(600));
    expect(huge.length).toBeGreaterThan(0);
    expect((await bot.send(`${phone}2`, '我的订单在哪里')).length).toBe(1);
  });
});

describe('ConversationEngine with a store that fails', () => {
  it('retries a message whose store write failed and replies once it succeeds', async () => {
    const store: Store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    const realSave = store.conversations.save.bind(store.conversations);
    let calls = 0;
    store.conversations.save = async (c) => {
      calls += 1;
      if (calls <= 2) throw new Error('connection reset');
      return realSave(c);
    };
    const bot = await startTestBot({ flowsDir: FLOWS, overrides: { store } });
    try {
      expect(texts(await bot.send('8801999', 'size guide'))).toEqual(['Which size?']);
    } finally {
      await bot.stop();
    }
  });
});

describe('menus outside flow steps', () => {
  it('take a typed number or title, as whatsapp-web customers answer numbered menus', async () => {
    const bot = await startTestBot({ flowsDir: FLOWS });
    try {
      const menu = await bot.send('8801', 'menu');
      expect(buttonsOf(menu[0]).map((b) => b.id)).toEqual(['flow:steps', 'human']);
      expect(texts(await bot.send('8801', '2'))[0]).toMatch(/number 1 in the queue/);
      await bot.send('8802', 'qwerty');
      const offer = await bot.send('8802', 'zxcvb');
      expect(buttonsOf(offer[0]).map((b) => b.title)).toEqual(['Talk to a person', 'Main menu']);
      expect((await bot.send('8802', 'main menu'))[0].content.type).toBe('list');
      // A number larger than the menu is a question, not a choice.
      expect(texts(await bot.send('8802', '7'))[0]).toMatch(/didn't understand/);
    } finally {
      await bot.stop();
    }
  });
});

describe('sending', () => {
  it('retries a send the channel calls temporary and records a permanent failure at once', async () => {
    const { ChannelSendError } = await import('../../../src/channels/port');
    let calls = 0;
    const flaky = {
      name: 'simulator' as const,
      async send(message: { content: { type: string; text?: string } }) {
        calls += 1;
        if (calls <= 2) throw new ChannelSendError({ code: 'WA_WEB_NOT_READY', title: 'phone not linked', retryable: true });
        if (message.content.type === 'list') throw new ChannelSendError({ code: '131026', title: 'Message undeliverable', retryable: false });
        return { channelMessageId: `ok-${calls}` };
      },
    };
    const bot = await startTestBot({ flowsDir: FLOWS, overrides: { channels: [flaky as never] } });
    try {
      const replies = await bot.send('8803', 'where is my order');
      await bot.runtime.queue.waitFor('outbound', `send:${replies[0].inReplyTo}`, 5000);
      // Two temporary failures, then all three parts sent once each, in order.
      const stored = await Promise.all(replies.map((r) => bot.runtime.store.messages.get(r.id)));
      expect(stored.map((m) => [m?.direction === 'out' && m.status, m?.direction === 'out' && m.channelMessageId])).toEqual([['sent', 'ok-3'], ['sent', 'ok-4'], ['sent', 'ok-5']]);
      const [menu] = await bot.send('8803', 'menu');
      await bot.runtime.queue.waitFor('outbound', `send:${menu.inReplyTo}`, 5000);
      expect(await bot.runtime.store.messages.get(menu.id)).toMatchObject({ status: 'failed', error: { code: '131026' } });
    } finally {
      await bot.stop();
    }
  });
});
