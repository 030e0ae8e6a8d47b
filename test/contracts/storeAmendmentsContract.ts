import type { InboundEntry, OutboundEntry } from '../../src/domain/transcript';
import type { Store } from '../../src/store/port';

/**
 * What changes after the fact, on every Store adapter: delivery receipts that only move a
 * message forward whatever their order, a customer's edits and deletions and the state of a
 * media file on their message, and their marketing preference. Called by storeContract.
 */
export function storeAmendmentsContract(store: () => Store): void {
  const inbound = (id: string): InboundEntry => ({
    id, direction: 'in', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1000, content: { type: 'text', text: 'where is my order 20451' },
  });
  const outbound = (id: string): OutboundEntry => ({
    id, direction: 'out', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1000, content: { type: 'text', text: 'reply' }, sender: 'bot', inReplyTo: 'i1', status: 'queued',
  });
  const sent = async (id: string) => {
    await store().messages.insertOutbound(outbound(id));
    await store().messages.updateDelivery(id, { status: 'sent', at: 100, channelMessageId: `wamid.${id}` });
  };

  it('moves a message to the furthest state its receipts reached, whatever their order', async () => {
    await sent('o1');
    expect(await store().messages.applyReceipt('o1', { status: 'read', at: 300 })).toBe(true);
    expect(await store().messages.applyReceipt('o1', { status: 'delivered', at: 200 })).toBe(false);
    expect(await store().messages.applyReceipt('o1', { status: 'sent', at: 100 })).toBe(false);
    expect(await store().messages.applyReceipt('o1', { status: 'read', at: 300 })).toBe(false);
    expect(await store().messages.get('o1')).toMatchObject({ status: 'read', statusAt: 300 });
    expect(await store().messages.applyReceipt('o1', { status: 'played', at: 400 })).toBe(true);
    expect(await store().messages.get('o1')).toMatchObject({ status: 'played', statusAt: 400 });
    expect(await store().messages.applyReceipt('missing', { status: 'read', at: 1 })).toBe(false);
  });

  it('keeps a failure over "sent", and drops it when the message was delivered after all', async () => {
    await sent('o2');
    const error = { code: '131026', title: 'Message undeliverable', retryable: false };
    expect(await store().messages.applyReceipt('o2', { status: 'failed', at: 150, error })).toBe(true);
    expect(await store().messages.applyReceipt('o2', { status: 'sent', at: 100 })).toBe(false);
    expect(await store().messages.get('o2')).toMatchObject({ status: 'failed', error });
    expect(await store().messages.applyReceipt('o2', { status: 'delivered', at: 160 })).toBe(true);
    const delivered = await store().messages.get('o2');
    expect(delivered).toMatchObject({ status: 'delivered', statusAt: 160, channelMessageId: 'wamid.o2' });
    expect(delivered).not.toHaveProperty('error');
    expect(await store().messages.applyReceipt('o2', { status: 'failed', at: 170, error })).toBe(false);
  });

  it('lets concurrent receipts of one message end at the furthest one', async () => {
    await sent('o3');
    await Promise.all((['delivered', 'played', 'read', 'delivered', 'sent'] as const).map((status, i) => store().messages.applyReceipt('o3', { status, at: 200 + i })));
    expect(await store().messages.get('o3')).toMatchObject({ status: 'played' });
  });

  it('amends a customer message: an edit, the state of its file, a deletion that empties it', async () => {
    await store().messages.insertInbound(inbound('i1'));
    const edited = await store().messages.amendInbound('i1', { content: { type: 'text', text: 'where is my order 204518' }, editedAt: 2000 });
    expect(edited).toMatchObject({ id: 'i1', direction: 'in', content: { type: 'text', text: 'where is my order 204518' }, editedAt: 2000, createdAt: 1000 });
    await store().messages.amendInbound('i1', { media: { status: 'too_large', at: 2100, size: 20_000_000, mimeType: 'video/mp4' } });
    expect(await store().messages.get('i1')).toMatchObject({ editedAt: 2000, media: { status: 'too_large', size: 20_000_000 } });
    await store().messages.amendInbound('i1', { deletedAt: 3000, content: { type: 'unsupported', originalType: 'text', detail: 'deleted by the customer' }, media: undefined });
    const deleted = await store().messages.get('i1');
    expect(deleted).toMatchObject({ deletedAt: 3000, content: { type: 'unsupported', originalType: 'text' } });
    expect(deleted).not.toHaveProperty('media');
    expect(await store().messages.amendInbound('missing', { editedAt: 1 })).toBeNull();
  });

  it('never amends one of our own messages as if the customer had', async () => {
    await sent('o4');
    expect(await store().messages.amendInbound('o4', { deletedAt: 1 })).toBeNull();
    expect(await store().messages.get('o4')).not.toHaveProperty('deletedAt');
  });

  it('keeps a customer\'s marketing preference', async () => {
    await store().customers.touch({ id: 'simulator:1', channel: 'simulator', address: '1', at: 1 });
    await store().customers.update('simulator:1', { marketing: { status: 'stopped', at: 50, detail: 'User requested to stop marketing messages' } });
    expect(await store().customers.get('simulator:1')).toMatchObject({ marketing: { status: 'stopped', at: 50 } });
    await store().customers.update('simulator:1', { marketing: { status: 'resumed', at: 60 } });
    expect((await store().customers.get('simulator:1'))?.marketing).toEqual({ status: 'resumed', at: 60 });
  });
}
