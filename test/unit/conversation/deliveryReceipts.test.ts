import type { DeliveryReceipt } from '../../../src/channels/port';
import { createReceiptHandler } from '../../../src/conversation/deliveryReceipts';
import type { OutboundEntry } from '../../../src/domain/transcript';
import { LocalLiveEvents } from '../../../src/events/local';
import { createSilentLogger } from '../../../src/observability/logger';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';

const outbound = (id: string): OutboundEntry => ({
  id, direction: 'out', conversationId: 'c1', customerId: 'whatsapp-cloud:8801711000001', channel: 'whatsapp-cloud', createdAt: 1, content: { type: 'text', text: `reply ${id}` }, sender: 'bot', status: 'queued',
});
const receipt = (over: Partial<DeliveryReceipt> & { channelMessageId: string }): DeliveryReceipt => ({ channel: 'whatsapp-cloud', status: 'sent', at: 5000, recipient: '8801711000001', ...over });

describe('delivery receipts for a send whose answer was never recorded', () => {
  let store: SqliteStore;
  let handle: ReturnType<typeof createReceiptHandler>;
  beforeEach(async () => {
    store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    await store.init();
    handle = createReceiptHandler({ store, events: new LocalLiveEvents(), logger: createSilentLogger() });
    await store.messages.insertOutbound(outbound('whatsapp-cloud:wamid.IN1#0'));
    // Its sender claimed it, Meta took it, and the sender died before recording Meta's answer.
    await store.messages.claimSend('whatsapp-cloud:wamid.IN1#0', 1000, 0);
  });
  afterEach(() => store.close());

  it("finds it by the key of its first part and records it as sent, with the channel's id for later receipts", async () => {
    await handle(receipt({ channelMessageId: 'wamid.OUT9', sendKey: 'whatsapp-cloud:wamid.IN1#0#0' }));
    expect(await store.messages.get('whatsapp-cloud:wamid.IN1#0')).toMatchObject({ status: 'sent', channelMessageId: 'wamid.OUT9', statusAt: 5000 });
    await handle(receipt({ channelMessageId: 'wamid.OUT9', status: 'read', at: 9000 }));
    expect(await store.messages.get('whatsapp-cloud:wamid.IN1#0')).toMatchObject({ status: 'read' });
  });

  it('takes nothing from a later part, an unknown key or a receipt without one', async () => {
    await handle(receipt({ channelMessageId: 'wamid.OUT10', sendKey: 'whatsapp-cloud:wamid.IN1#0#1' }));
    await handle(receipt({ channelMessageId: 'wamid.OUT11', sendKey: 'whatsapp-cloud:wamid.OTHER#0#0' }));
    await handle(receipt({ channelMessageId: 'wamid.OUT12' }));
    expect(await store.messages.get('whatsapp-cloud:wamid.IN1#0')).toMatchObject({ status: 'sending' });
    expect(await store.messages.get('whatsapp-cloud:wamid.IN1#0')).not.toHaveProperty('channelMessageId');
  });

  it('leaves a message that was sent again (a new id) with the id of the copy it recorded', async () => {
    await store.messages.updateDelivery('whatsapp-cloud:wamid.IN1#0', { status: 'sent', at: 4000, channelMessageId: 'wamid.COPY' });
    await handle(receipt({ channelMessageId: 'wamid.FIRST', sendKey: 'whatsapp-cloud:wamid.IN1#0#0' }));
    expect(await store.messages.get('whatsapp-cloud:wamid.IN1#0')).toMatchObject({ channelMessageId: 'wamid.COPY' });
  });
});
