import { createChannelUpdateHandler } from '../../../src/conversation/channelUpdates';
import { createReceiptHandler } from '../../../src/conversation/deliveryReceipts';
import { createSilentLogger } from '../../../src/observability/logger';
import { storedMessageId, type InboundMessage } from '../../../src/domain/message';
import { startTestBot, type TestBot } from '../../support/testBot';

/**
 * Message ids are unique within a channel only, and the simulator lets its client choose one:
 * an id predicted from WhatsApp and sent through the simulator must not make the bot take the
 * real WhatsApp message for a redelivery and ignore it.
 */
describe('message ids, per channel', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.stop());

  const whatsapp = (id: string): InboundMessage => ({ id, channel: 'whatsapp-cloud', from: '8801700000077', timestamp: Date.now(), content: { type: 'text', text: 'where is my order' } });

  it('answers a WhatsApp message whose id a simulator client used first', async () => {
    await bot.send('8801700000066', 'hello', { id: 'wamid.HBgNODgwMTcwMDAwMDA3NxUCABIYFjNFQjA' });
    expect(await bot.runtime.engine.handle(whatsapp('wamid.HBgNODgwMTcwMDAwMDA3NxUCABIYFjNFQjA'))).toBe('handled');
    const replies = await bot.runtime.store.messages.listReplies(storedMessageId(whatsapp('wamid.HBgNODgwMTcwMDAwMDA3NxUCABIYFjNFQjA')));
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.channel === 'whatsapp-cloud')).toBe(true);
  });

  it('still ignores a redelivery on the same channel', async () => {
    expect(await bot.runtime.engine.handle(whatsapp('wamid.TWICE'))).toBe('handled');
    expect(await bot.runtime.engine.handle(whatsapp('wamid.TWICE'))).toBe('duplicate');
    expect(await bot.runtime.store.messages.get('whatsapp-cloud:wamid.TWICE')).toMatchObject({ direction: 'in', channel: 'whatsapp-cloud' });
  });

  it('updates a message only from a receipt of its own channel', async () => {
    const [reply] = await bot.runtime.store.messages.listReplies('whatsapp-cloud:wamid.TWICE');
    await bot.runtime.store.messages.updateDelivery(reply.id, { status: 'sent', at: 1, channelMessageId: 'wamid.OUT-1' });
    const receipts = createReceiptHandler({ store: bot.runtime.store, events: bot.runtime.events, logger: createSilentLogger() });
    await receipts({ channel: 'simulator', channelMessageId: 'wamid.OUT-1', status: 'read', at: 2 });
    expect(await bot.runtime.store.messages.get(reply.id)).toMatchObject({ status: 'sent' });
    await receipts({ channel: 'whatsapp-cloud', channelMessageId: 'wamid.OUT-1', status: 'read', at: 3 });
    expect(await bot.runtime.store.messages.get(reply.id)).toMatchObject({ status: 'read' });
  });

  it('notes a customer\'s edit in the conversation of the message it is about, under that channel', async () => {
    const { store, engine, events } = bot.runtime;
    const messenger = (id: string, text: string): InboundMessage => ({ id, channel: 'messenger', from: '7001', timestamp: Date.now(), content: { type: 'text', text } });
    await engine.handle(messenger('m_FIRST', 'where is my order'));
    const first = await store.messages.get('messenger:m_FIRST');
    const earlier = await store.conversations.get(first!.conversationId);
    await store.conversations.save({ ...earlier!, status: 'closed', closedAt: Date.now() });
    await engine.handle(messenger('m_SECOND', 'hello again'));
    const updates = createChannelUpdateHandler({ store, events, logger: createSilentLogger() });
    await updates({ channel: 'messenger', customer: '7001', channelMessageId: 'm_FIRST', at: Date.now(), update: 'edit', text: 'where is my order 204518' });
    const notes = (await store.messages.listByConversation(earlier!.id)).filter((m) => m.content.type === 'system');
    expect(notes).toEqual([expect.objectContaining({ id: expect.stringMatching(/^messenger:m_FIRST#edit:/), replyTo: 'm_FIRST' })]);
  });
});
