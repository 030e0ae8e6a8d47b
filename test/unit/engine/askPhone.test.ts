import { startTestBot, textOf, type TestBot } from '../../support/testBot';

const FLOW = `
id: find_order
title: { en: Find my order, bn: অর্ডার খুঁজুন }
triggers:
  - intent: find_order
    examples: { en: [find my order, i lost my order number], bn: [অর্ডার খুঁজে দিন] }
steps:
  - id: phone
    ask_phone:
      text: { en: Please share your phone number., bn: আপনার ফোন নম্বরটি দিন। }
      save: phone
      hint: { en: A phone number has 8 to 15 digits., bn: ফোন নম্বরে ৮ থেকে ১৫টি সংখ্যা থাকে। }
      attempts: 2
  - id: done
    end: { text: { en: "Looking up orders of {{phone}}.", bn: "{{phone}} এর অর্ডার দেখছি।" } }
`;

const USERNAME_ONLY = 'BD.1427730559018264';
const card = (phone: string, origin?: 'contact_request') => ({ type: 'contacts' as const, contacts: [{ name: 'Rina Akter', phones: [phone] }], ...(origin ? { origin } : {}) });

describe('ask_phone: the flow step that asks for the phone number', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await startTestBot({ flows: { 'find_order.yaml': FLOW } });
  });
  afterEach(() => bot.stop());

  const open = (address: string) => bot.runtime.store.conversations.findOpen(`simulator:${address}`);

  it('does not ask a customer whose number the channel gave: saves it and goes on', async () => {
    const replies = await bot.send('8801711000001', 'find my order');
    expect(replies.map(textOf)).toEqual(['Looking up orders of 8801711000001.']);
    expect((await open('8801711000001'))?.values.phone).toBe('8801711000001');
  });

  it('asks a customer known only by username with a contact request, and takes the shared card', async () => {
    const [question] = await bot.send(USERNAME_ONLY, 'find my order');
    expect(question.content).toEqual({ type: 'contact_request', text: 'Please share your phone number.' });
    const replies = await bot.send(USERNAME_ONLY, card('+880 1712-345678', 'contact_request'));
    expect(replies.map(textOf)).toEqual(['Looking up orders of 8801712345678.']);
    expect((await open(USERNAME_ONLY))?.values.phone).toBe('8801712345678');
  });

  it('takes a typed number, Bengali digits and separators included', async () => {
    await bot.send(USERNAME_ONLY, 'অর্ডার খুঁজে দিন');
    const replies = await bot.send(USERNAME_ONLY, '০১৭১২-৩৪৫৬৭৮');
    expect(replies.map(textOf)).toEqual(['01712345678 এর অর্ডার দেখছি।']);
  });

  it('re-asks with the hint and the button again, then hands over', async () => {
    await bot.send(USERNAME_ONLY, 'find my order');
    const retry = await bot.send(USERNAME_ONLY, 'why do you need it');
    expect(retry.map((r) => r.content.type)).toEqual(['text', 'contact_request']);
    expect(textOf(retry[0])).toBe('A phone number has 8 to 15 digits.');
    const gaveUp = await bot.send(USERNAME_ONLY, 'no');
    expect(textOf(gaveUp[0])).toMatch(/connecting you to a person/i);
    expect((await open(USERNAME_ONLY))?.owner).toBe('queue');
  });

  it('an ordinary contact card (not from the button) is not taken for the customer\'s own number', async () => {
    await bot.send(USERNAME_ONLY, 'find my order');
    const replies = await bot.send(USERNAME_ONLY, card('+8801712345678'));
    expect((await open(USERNAME_ONLY))?.values.phone).toBeUndefined();
    expect(replies.map((r) => r.content.type)).not.toContain('contact_request');
  });

  it('a shared card that carries no phone says so instead of failing', async () => {
    await bot.send(USERNAME_ONLY, 'find my order');
    const replies = await bot.send(USERNAME_ONLY, { type: 'contacts', origin: 'contact_request', contacts: [{ name: 'Rina', phones: [] }] });
    expect(replies.map(textOf)).toEqual(['That contact card has no phone number. Please share your number again, or type it.']);
  });
});
