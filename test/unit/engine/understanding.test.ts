import type { Flow } from '../../../src/flowfiles/model';
import { renderDidYouMean } from '../../../src/engine/renderStep';
import { buttonsOf, startTestBot, textOf, type TestBot } from '../../support/testBot';

/** What the engine does with what the NLU understood, on the sample shop's flows. */
describe('understanding customers (sample flows)', () => {
  let bot: TestBot;
  let n = 0;
  let phone: string;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  beforeEach(() => {
    phone = `88017700${String(++n).padStart(5, '0')}`;
  });
  afterAll(async () => bot.stop());

  const owner = async () => (await bot.runtime.store.conversations.findOpen(`simulator:${phone}`))?.owner;
  const reason = async () => {
    const conversation = await bot.runtime.store.conversations.findOpen(`simulator:${phone}`);
    return conversation?.handoffId ? (await bot.runtime.store.handoffs.get(conversation.handoffId))?.reason : undefined;
  };

  it.each(['agent please', 'customer care please', 'ম্যানেজারকে দিন', 'kotha bolte chai'])('hands %j to a person instead of "I didn\'t understand"', async (text) => {
    const replies = await bot.send(phone, text);
    expect(replies.map(textOf).join(' ')).not.toMatch(/didn't understand|বুঝতে পারিনি/);
    expect(await owner()).toBe('queue');
    expect(await reason()).toBe('The customer asked for a person');
  });

  it('hands over a customer who asks for a person in the middle of an order-number question', async () => {
    expect((await bot.send(phone, 'where is my order')).map(textOf)[0]).toMatch(/order number/);
    await bot.send(phone, 'I want to speak to the manager');
    expect(await owner()).toBe('queue');
  });

  it('answers a new question typed while the delivery charge waits for inside or outside Dhaka', async () => {
    expect((await bot.send(phone, 'ডেলিভারি চার্জ কত?')).flatMap(buttonsOf).map((b) => b.title)).toEqual(['ঢাকার ভেতরে', 'ঢাকার বাইরে']);
    const answer = (await bot.send(phone, 'ডেলিভারি কতদিনে পাবো?')).map(textOf).join(' ');
    expect(answer).toContain('কুরিয়ারে ৩–৫ দিন');
    expect(answer).not.toContain('একটি বাটন চাপুন');
  });

  it('keeps the reminder for an answer the buttons do not list', async () => {
    await bot.send(phone, 'how much is delivery?');
    const replies = await bot.send(phone, 'i am in savar');
    expect(replies.map(textOf).join(' ')).toMatch(/type "inside" or "outside"/);
    expect(replies.flatMap(buttonsOf).map((b) => b.title)).toEqual(['Inside Dhaka', 'Outside Dhaka']);
  });

  it('does not hand over a question about the delivery man', async () => {
    await bot.send(phone, 'is your delivery man a person from your shop?');
    expect(await owner()).toBe('bot');
  });
});

describe('"did you mean…" between two close intents', () => {
  let bot: TestBot;
  const flow = (id: string, title: string, titleBn: string, examples: string[], examplesBn: string[], reply: string) => `id: ${id}
title: { en: ${title}, bn: ${titleBn} }
locales: [en, bn]
triggers:
  - intent: ${id}
    examples:
      en: [${examples.join(', ')}]
      bn: [${examplesBn.join(', ')}]
steps:
  - id: a
    end: { text: { en: ${reply}, bn: ${reply} } }
`;
  beforeAll(async () => {
    bot = await startTestBot({
      flows: {
        'shirts.yaml': flow('shirt_price', 'Shirt prices', 'শার্টের দাম', ['price of the shirt', 'how much for the shirt', 'shirt price please'], ['শার্টের দাম কত', 'শার্টটার দাম বলুন'], 'Shirts cost 900'),
        'sarees.yaml': flow('saree_price', 'Saree prices', 'শাড়ির দাম', ['price of the saree', 'how much for the saree', 'saree price please'], ['শাড়ির দাম কত', 'শাড়িটার দাম বলুন'], 'Sarees cost 2500'),
        'address.yaml': flow('shop_address', 'Address', 'ঠিকানা', ['where is your shop', 'shop address'], ['দোকান কোথায়'], 'Dhanmondi 27'),
      },
    });
  });
  afterAll(async () => bot.stop());

  it('asks with a button per flow, titled in the customer\'s language, and a way out', async () => {
    // Two intents alike but for one word: a message without it fits both.
    const [ask] = await bot.send('8801990000001', 'price of the');
    expect(textOf(ask!)).toBe('Did you mean one of these?');
    expect(buttonsOf(ask!).map((b) => b.title).sort()).toEqual(['Saree prices', 'Shirt prices', 'Something else']);
    const sarees = buttonsOf(ask!).find((b) => b.title === 'Saree prices')!;
    expect((await bot.press('8801990000001', sarees.id)).map(textOf)).toEqual(['Sarees cost 2500']);
  });

  it('asks in Bengali when the customer writes Bengali', async () => {
    const [ask] = await bot.send('8801990000002', 'দাম কত');
    expect(textOf(ask!)).toBe('আপনি কি এগুলোর কোনোটি জানতে চাইছেন?');
    expect(buttonsOf(ask!).map((b) => b.title)).toContain('অন্য কিছু');
  });
});

describe('renderDidYouMean', () => {
  it('shortens a flow title longer than a WhatsApp button allows (20 characters)', () => {
    const flow = (id: string, title: string) => ({ id, definition: { title: { en: title, bn: title } } }) as unknown as Flow;
    const message = renderDidYouMean([flow('a', 'Wholesale and bulk orders'), flow('b', 'Gift wrapping')], 'en');
    expect(message.buttons.map((b) => b.title)).toEqual(['Wholesale and bulk…', 'Gift wrapping', 'Something else']);
    expect(message.buttons.every((b) => [...b.title].length <= 20)).toBe(true);
    expect(message.buttons.map((b) => b.id)).toEqual(['flow:a', 'flow:b', 'menu']);
  });
});
