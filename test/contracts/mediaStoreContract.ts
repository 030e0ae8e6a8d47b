import { createHash, randomBytes } from 'node:crypto';
import type { MediaStore, NewMedia } from '../../src/media/port';

/** A real WhatsApp message id: base64 with `=`, `/` and `+`, which no file name or key may trip over. */
const WAMID = 'wamid.HBgNODgwMTcxMTAwMDAwMRUCABIYFjNFQjA/QzI+NjI0MEQ2QjE2RkU4NzgA=';

function media(messageId: string, overrides: Partial<NewMedia> = {}): NewMedia {
  return { messageId, conversationId: 'conv-1', customerId: 'whatsapp-cloud:8801711000001', mimeType: 'image/jpeg', ...overrides };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * What every MediaStore adapter must do: keep a message's file byte for byte with what it is,
 * keep the first copy when a download is stored twice, and forget files by message, by
 * conversation and by customer (erasure). `make` returns a fresh, initialised store.
 */
export function mediaStoreContract(name: string, make: () => Promise<MediaStore>, dispose: (store: MediaStore) => Promise<void>): void {
  describe(`MediaStore contract: ${name}`, () => {
    let store: MediaStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await dispose(store);
    });

    it('keeps a file byte for byte with its type, size, hash and name', async () => {
      // Larger than a GridFS chunk (255 KiB), every byte value present.
      const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(700 * 1024)]);
      const stored = await store.put(media(WAMID, { mimeType: 'application/pdf', filename: 'চালান.pdf' }), bytes);
      expect(stored).toMatchObject({ messageId: WAMID, conversationId: 'conv-1', customerId: 'whatsapp-cloud:8801711000001', mimeType: 'application/pdf', filename: 'চালান.pdf', size: bytes.length, sha256: sha256(bytes) });
      expect(stored.storedAt).toEqual(expect.any(Number));
      const got = await store.get(WAMID);
      expect(got?.bytes.equals(bytes)).toBe(true);
      expect(got?.media).toEqual(stored);
      expect(await store.describe(WAMID)).toEqual(stored);
    });

    it('answers null for a message whose media it does not keep', async () => {
      expect(await store.get('wamid.unknown')).toBeNull();
      expect(await store.describe('wamid.unknown')).toBeNull();
    });

    it('keeps the first copy when the same message is stored again, even at the same time', async () => {
      const first = await store.put(media('wamid.twice'), Buffer.from('first'));
      const again = await store.put(media('wamid.twice'), Buffer.from('second copy'));
      expect(again).toEqual(first);
      expect((await store.get('wamid.twice'))?.bytes.toString()).toBe('first');

      const racing = await Promise.all([store.put(media('wamid.race'), Buffer.from('same bytes')), store.put(media('wamid.race'), Buffer.from('same bytes'))]);
      expect(racing[0].sha256).toBe(sha256(Buffer.from('same bytes')));
      expect((await store.get('wamid.race'))?.bytes.toString()).toBe('same bytes');
    });

    it('keeps an empty file', async () => {
      await store.put(media('wamid.empty', { mimeType: 'text/plain' }), Buffer.alloc(0));
      expect((await store.get('wamid.empty'))?.bytes.length).toBe(0);
    });

    it('forgets one message\'s file', async () => {
      await store.put(media('wamid.a'), Buffer.from('a'));
      await store.put(media('wamid.b'), Buffer.from('b'));
      expect(await store.delete('wamid.a')).toBe(true);
      expect(await store.delete('wamid.a')).toBe(false);
      expect(await store.get('wamid.a')).toBeNull();
      expect((await store.get('wamid.b'))?.bytes.toString()).toBe('b');
    });

    it('erases every file of a conversation, and only those', async () => {
      await store.put(media('wamid.c1', { conversationId: 'conv-x' }), Buffer.from('1'));
      await store.put(media('wamid.c2', { conversationId: 'conv-x' }), Buffer.from('2'));
      await store.put(media('wamid.c3', { conversationId: 'conv-y' }), Buffer.from('3'));
      expect(await store.deleteByConversation('conv-x')).toBe(2);
      expect(await store.get('wamid.c1')).toBeNull();
      expect(await store.get('wamid.c2')).toBeNull();
      expect((await store.get('wamid.c3'))?.bytes.toString()).toBe('3');
      expect(await store.deleteByConversation('conv-x')).toBe(0);
      expect(await store.deleteByConversation('conv-never')).toBe(0);
    });

    it('erases every file of a customer, and only those', async () => {
      await store.put(media('wamid.k1', { customerId: 'whatsapp-cloud:8801700000001', conversationId: 'c-1' }), Buffer.from('1'));
      await store.put(media('wamid.k2', { customerId: 'whatsapp-cloud:8801700000001', conversationId: 'c-2' }), Buffer.from('2'));
      await store.put(media('wamid.k3', { customerId: 'whatsapp-cloud:8801700000002', conversationId: 'c-3' }), Buffer.from('3'));
      expect(await store.deleteByCustomer('whatsapp-cloud:8801700000001')).toBe(2);
      expect(await store.describe('wamid.k1')).toBeNull();
      expect(await store.describe('wamid.k2')).toBeNull();
      expect(await store.describe('wamid.k3')).not.toBeNull();
    });

    it('stores a message again after it was erased', async () => {
      await store.put(media('wamid.back', { conversationId: 'conv-z' }), Buffer.from('old'));
      await store.deleteByConversation('conv-z');
      await store.put(media('wamid.back', { conversationId: 'conv-z' }), Buffer.from('new'));
      expect((await store.get('wamid.back'))?.bytes.toString()).toBe('new');
    });

    it('answers ping while usable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
