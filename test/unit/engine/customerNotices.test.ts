import type { InboundContent } from '../../../src/domain/message';
import type { LiveEvent } from '../../../src/events/port';
import { startTestBot, textOf, type TestBot } from '../../support/testBot';

/**
 * Edits, deletions, marketing preferences and welcome requests through the whole embedded bot:
 * what the transcript and the customer record hold afterwards, what agents are told, and that
 * the bot never answers what was changed rather than said.
 */
describe('what a customer changes rather than says', () => {
  let bot: TestBot;
  const events: LiveEvent[] = [];
  beforeEach(async () => {
    bot = await startTestBot();
    events.length = 0;
    bot.runtime.events.subscribe((event) => events.push(event));
  });
  afterEach(async () => bot.stop());

  const customerId = (from: string) => `simulator:${from}`;

  it('an edit: the message reads as edited, keeps its place, and gets no answer', async () => {
    const replies = await bot.send('8801700000101', 'where is my order 20451', { id: 'wamid.ORIG' });
    expect(replies.length).toBeGreaterThan(0);
    const edit: InboundContent = { type: 'edit', messageId: 'wamid.ORIG', content: { type: 'text', text: 'where is my order 204518' } };
    expect(await bot.send('8801700000101', edit, { id: 'wamid.EDIT' })).toEqual([]);
    const transcript = await bot.runtime.store.messages.listByCustomer(customerId('8801700000101'));
    expect(transcript.filter((m) => m.direction === 'in').map((m) => m.id)).toEqual(['simulator:wamid.ORIG']);
    expect(await bot.runtime.store.messages.get('simulator:wamid.ORIG')).toMatchObject({ content: { type: 'text', text: 'where is my order 204518' }, editedAt: expect.any(Number), createdAt: transcript[0].createdAt });
  });

  it('an edited caption keeps the file and changes only the words', async () => {
    const photo: InboundContent = { type: 'media', media: { kind: 'image', mediaId: 'M1', mimeType: 'image/jpeg', caption: 'is this in stock?' } };
    await bot.send('8801700000102', photo, { id: 'wamid.PHOTO' });
    await bot.send('8801700000102', { type: 'edit', messageId: 'wamid.PHOTO', content: { type: 'media', media: { kind: 'image', mediaId: 'OTHER', caption: 'is this in red?' } } }, { id: 'wamid.E2' });
    expect((await bot.runtime.store.messages.get('simulator:wamid.PHOTO'))?.content).toEqual({ type: 'media', media: { kind: 'image', mediaId: 'M1', mimeType: 'image/jpeg', caption: 'is this in red?' } });
    // whatsapp-web reports a caption's edit as the new words alone.
    await bot.send('8801700000102', { type: 'edit', messageId: 'wamid.PHOTO', content: { type: 'text', text: 'is this in blue?' } }, { id: 'wamid.E3' });
    expect((await bot.runtime.store.messages.get('simulator:wamid.PHOTO'))?.content).toEqual({ type: 'media', media: { kind: 'image', mediaId: 'M1', mimeType: 'image/jpeg', caption: 'is this in blue?' } });
  });

  it('a deletion empties the message in place and gets no answer; a late edit does not bring it back', async () => {
    await bot.send('8801700000103', 'my address is House 12, Road 5', { id: 'wamid.ADDR' });
    expect(await bot.send('8801700000103', { type: 'revoke', messageId: 'wamid.ADDR' }, { id: 'wamid.DEL' })).toEqual([]);
    const deleted = await bot.runtime.store.messages.get('simulator:wamid.ADDR');
    expect(deleted).toMatchObject({ deletedAt: expect.any(Number), content: { type: 'unsupported', originalType: 'text', detail: 'deleted by the customer' } });
    expect(JSON.stringify(deleted)).not.toContain('House 12');
    await bot.send('8801700000103', { type: 'edit', messageId: 'wamid.ADDR', content: { type: 'text', text: 'House 99' } }, { id: 'wamid.LATE' });
    expect(JSON.stringify(await bot.runtime.store.messages.get('simulator:wamid.ADDR'))).not.toContain('House 99');
  });

  it('an edit or deletion of another customer\'s message changes nothing', async () => {
    await bot.send('8801700000104', 'my secret order 777777', { id: 'wamid.THEIRS' });
    await bot.send('8801700000105', { type: 'revoke', messageId: 'wamid.THEIRS' }, { id: 'wamid.X1' });
    await bot.send('8801700000105', { type: 'edit', messageId: 'wamid.THEIRS', content: { type: 'text', text: 'changed' } }, { id: 'wamid.X2' });
    expect(await bot.runtime.store.messages.get('simulator:wamid.THEIRS')).toMatchObject({ content: { type: 'text', text: 'my secret order 777777' } });
    expect(await bot.runtime.store.messages.get('simulator:wamid.THEIRS')).not.toHaveProperty('deletedAt');
  });

  it('agents watching a handed-over chat hear of an edit live', async () => {
    await bot.send('8801700000106', 'I want to talk to a person', { id: 'wamid.H1' });
    await bot.send('8801700000106', 'order 12345', { id: 'wamid.H2' });
    events.length = 0;
    await bot.send('8801700000106', { type: 'edit', messageId: 'wamid.H2', content: { type: 'text', text: 'order 123456' } }, { id: 'wamid.H3' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'message', handoffId: expect.any(String), detail: { messageId: 'simulator:wamid.H2', change: 'edited' } }));
  });

  it('a marketing stop and resume are kept on the customer, newest first wins, and open no conversation', async () => {
    const from = '8801700000107';
    await bot.send(from, { type: 'preference', marketing: 'stop', detail: 'User requested to stop marketing messages' }, { id: 'pref-1' });
    expect(await bot.runtime.store.customers.get(customerId(from))).toMatchObject({ marketing: { status: 'stopped', detail: 'User requested to stop marketing messages' } });
    expect(await bot.runtime.store.conversations.findOpen(customerId(from))).toBeNull();
    const stoppedAt = (await bot.runtime.store.customers.get(customerId(from)))!.marketing!.at;
    await bot.runtime.engine.handle({ id: 'pref-old', channel: 'simulator', from, timestamp: stoppedAt - 60_000, content: { type: 'preference', marketing: 'resume' } });
    expect((await bot.runtime.store.customers.get(customerId(from)))?.marketing?.status).toBe('stopped');
    await bot.runtime.engine.handle({ id: 'pref-new', channel: 'simulator', from, timestamp: stoppedAt + 60_000, content: { type: 'preference', marketing: 'resume' } });
    expect((await bot.runtime.store.customers.get(customerId(from)))?.marketing?.status).toBe('resumed');
  });

  it('a welcome request greets a new customer with the welcome flow, once', async () => {
    const from = '8801700000108';
    const first = await bot.send(from, { type: 'welcome' }, { id: 'wamid.W1' });
    expect(first.map(textOf).join(' ')).toContain('welcome to Deshi Bazar');
    expect(await bot.send(from, { type: 'welcome' }, { id: 'wamid.W2' })).toEqual([]);
  });

  it('a welcome request from a customer the bot already knows stays unanswered', async () => {
    const from = '8801700000109';
    await bot.send(from, 'delivery charge koto?', { id: 'wamid.K1' });
    expect(await bot.send(from, { type: 'welcome' }, { id: 'wamid.K2' })).toEqual([]);
  });
});
