import type { Conversation } from '../../src/domain/conversation';
import type { Handoff } from '../../src/domain/handoff';
import { VersionConflictError, type Store } from '../../src/store/port';

/**
 * Customers known by several identifiers (phone, BSUID, username), merged without loss, and
 * found by an agent's search: what every Store adapter must do. Called from storeContract.
 */
export function customerIdentityContract(getStore: () => Store): void {
  const CHANNEL = 'whatsapp-cloud';
  const PHONE = '8801712345678';
  const BSUID = 'BD.1427730559018264';
  const phone = { kind: 'phone' as const, value: PHONE };
  const bsuid = { kind: 'bsuid' as const, value: BSUID };

  const conversation = (id: string, customerId: string, over: Partial<Conversation> = {}): Conversation => ({
    id, customerId, channel: CHANNEL, address: customerId.slice(CHANNEL.length + 1), locale: 'en', owner: 'bot', status: 'open',
    values: {}, misses: 0, intents: [], createdAt: 10, updatedAt: 10, version: 0, ...over,
  });
  const handoff = (id: string, customerId: string, over: Partial<Handoff> = {}): Handoff => ({
    id, conversationId: 'c', customerId, channel: CHANNEL, status: 'closed', trigger: 'customer-request', reason: 'asked', team: 'default',
    priority: 'normal', queuedAt: 10, notes: [], version: 0, ...over,
  });

  describe('customers known by several identifiers', () => {
    it('keeps every identifier a customer was seen with, and the username', async () => {
      const store = getStore();
      const first = await store.customers.touch({ id: `${CHANNEL}:${BSUID}`, channel: CHANNEL, address: BSUID, identifiers: [bsuid], username: 'rina.shop', at: 1 });
      expect(first).toMatchObject({ identifiers: [bsuid], username: 'rina.shop', createdAt: 1 });
      const again = await store.customers.touch({ id: first.id, channel: CHANNEL, address: BSUID, identifiers: [phone, bsuid], at: 5 });
      expect(again.identifiers).toEqual(expect.arrayContaining([bsuid, phone]));
      expect(again.identifiers).toHaveLength(2);
      expect(again).toMatchObject({ username: 'rina.shop', createdAt: 1, lastSeenAt: 5 });
      // Given nothing else, a record is known by its own address.
      expect((await store.customers.touch({ id: 'simulator:8801700000009', channel: 'simulator', address: '8801700000009', at: 1 })).identifiers).toEqual([{ kind: 'phone', value: '8801700000009' }]);
    });

    it('finds customers by any identifier, on their channel only, oldest first', async () => {
      const store = getStore();
      await store.customers.touch({ id: `${CHANNEL}:${PHONE}`, channel: CHANNEL, address: PHONE, identifiers: [phone], at: 1 });
      await store.customers.touch({ id: `${CHANNEL}:${BSUID}`, channel: CHANNEL, address: BSUID, identifiers: [bsuid], at: 2 });
      await store.customers.touch({ id: `simulator:${PHONE}`, channel: 'simulator', address: PHONE, identifiers: [phone], at: 0 });
      expect((await store.customers.findByIdentifiers(CHANNEL, [bsuid])).map((c) => c.id)).toEqual([`${CHANNEL}:${BSUID}`]);
      expect((await store.customers.findByIdentifiers(CHANNEL, [bsuid, phone])).map((c) => c.id)).toEqual([`${CHANNEL}:${PHONE}`, `${CHANNEL}:${BSUID}`]);
      // The same value as another kind is another identifier.
      expect(await store.customers.findByIdentifiers(CHANNEL, [{ kind: 'parent-bsuid', value: BSUID }])).toEqual([]);
      expect(await store.customers.findByIdentifiers(CHANNEL, [])).toEqual([]);
    });

    it('merges two records of one person: history, handoffs and survey answers all move, nothing is lost', async () => {
      const store = getStore();
      const older = await store.customers.touch({ id: `${CHANNEL}:${PHONE}`, channel: CHANNEL, address: PHONE, identifiers: [phone], profileName: 'Rina', at: 1 });
      const newer = await store.customers.touch({ id: `${CHANNEL}:${BSUID}`, channel: CHANNEL, address: BSUID, identifiers: [bsuid], username: 'rina.shop', at: 50 });
      await store.customers.update(older.id, { tags: ['vip'] });
      await store.customers.update(newer.id, { tags: ['wholesale'], optedOut: true });
      // The person stopped marketing on the older record, then resumed it on the newer: the newer choice stands.
      await store.customers.update(older.id, { marketing: { status: 'stopped', at: 20 } });
      await store.customers.update(newer.id, { marketing: { status: 'resumed', at: 40 } });
      await store.conversations.create(conversation('c-old', older.id, { status: 'closed' }));
      const moving = conversation('c-new', newer.id);
      await store.conversations.create(moving);
      await store.messages.insertInbound({ id: 'wamid.in1', direction: 'in', conversationId: 'c-new', customerId: newer.id, channel: CHANNEL, createdAt: 51, content: { type: 'text', text: 'hello' } });
      await store.handoffs.create(handoff('h-new', newer.id, { csat: { score: 5, at: 60, team: 'default' } }));

      const survivor = await store.customers.merge(newer.id, older.id);
      expect(survivor).toMatchObject({ id: older.id, profileName: 'Rina', username: 'rina.shop', optedOut: true, marketing: { status: 'resumed', at: 40 }, createdAt: 1, lastSeenAt: 50 });
      expect(survivor!.identifiers).toEqual(expect.arrayContaining([phone, bsuid]));
      expect([...survivor!.tags].sort()).toEqual(['vip', 'wholesale']);
      expect(await store.customers.get(newer.id)).toBeNull();
      expect((await store.customers.findByIdentifiers(CHANNEL, [bsuid])).map((c) => c.id)).toEqual([older.id]);
      expect((await store.conversations.listByCustomer(older.id)).map((c) => c.id).sort()).toEqual(['c-new', 'c-old']);
      expect(await store.conversations.listByCustomer(newer.id)).toEqual([]);
      expect((await store.messages.listByCustomer(older.id)).map((m) => m.id)).toEqual(['wamid.in1']);
      expect(await store.handoffs.listByCustomer(older.id, 10)).toEqual([expect.objectContaining({ id: 'h-new', csat: expect.objectContaining({ score: 5 }) })]);
      expect((await store.conversations.findOpen(older.id))?.id).toBe('c-new');
      // A save from a copy read before the merge would put the old customer back: refused.
      await expect(store.conversations.save(moving)).rejects.toThrow(VersionConflictError);
      // Run again (a crash half way, a second message): nothing changes.
      expect(await store.customers.merge(newer.id, older.id)).toMatchObject({ id: older.id });
      expect((await store.conversations.listByCustomer(older.id))).toHaveLength(2);
      expect(await store.customers.merge(newer.id, 'whatsapp-cloud:nobody')).toBeNull();
    });

    it('finds the newest of two open conversations', async () => {
      const store = getStore();
      await store.conversations.create(conversation('c-b', 'whatsapp-cloud:x', { createdAt: 30, owner: 'agent' }));
      await store.conversations.create(conversation('c-a', 'whatsapp-cloud:x', { createdAt: 20, updatedAt: 90 }));
      await store.conversations.create(conversation('c-c', 'whatsapp-cloud:x', { createdAt: 40, status: 'closed' }));
      expect((await store.conversations.findOpen('whatsapp-cloud:x'))?.id).toBe('c-b');
    });
  });

  describe('searching customers', () => {
    const seed = async (store: Store) => {
      await store.customers.touch({ id: `${CHANNEL}:${PHONE}`, channel: CHANNEL, address: PHONE, identifiers: [phone], profileName: 'Rahim', at: 1 });
      await store.customers.touch({ id: `${CHANNEL}:${BSUID}`, channel: CHANNEL, address: BSUID, identifiers: [bsuid], username: 'rina.shop', at: 2 });
      await store.customers.touch({ id: `${CHANNEL}:BD.9`, channel: CHANNEL, address: 'BD.9', identifiers: [{ kind: 'bsuid', value: 'BD.9' }], username: 'karim_bd', at: 3 });
      await store.customers.update(`${CHANNEL}:BD.9`, { statedPhone: '01811222333' });
    };
    const ids = async (store: Store, query: string) => (await store.customers.search(query, 10)).map((c) => c.id);

    it('finds a customer by their number written any way', async () => {
      const store = getStore();
      await seed(store);
      for (const query of ['8801712345678', '01712345678', '+880 1712-345678', '০১৭১২৩৪৫৬৭৮', '12345678']) {
        expect(await ids(store, query)).toEqual([`${CHANNEL}:${PHONE}`]);
      }
      expect(await ids(store, '8801711111111')).toEqual([]);
    });

    it('finds a number the customer typed, a BSUID and a username (a prefix, with or without @)', async () => {
      const store = getStore();
      await seed(store);
      expect(await ids(store, '+8801811222333')).toEqual([`${CHANNEL}:BD.9`]);
      expect(await ids(store, BSUID)).toEqual([`${CHANNEL}:${BSUID}`]);
      expect(await ids(store, '@rina.shop')).toEqual([`${CHANNEL}:${BSUID}`]);
      expect(await ids(store, 'RINA')).toEqual([`${CHANNEL}:${BSUID}`]);
      expect(await ids(store, 'kar')).toEqual([`${CHANNEL}:BD.9`]);
      expect(await ids(store, 'nobody')).toEqual([]);
      expect(await ids(store, '12')).toEqual([]);
    });

    it('finds the merged customer by the identifiers of both records, newest first, up to the limit', async () => {
      const store = getStore();
      await seed(store);
      await store.customers.merge(`${CHANNEL}:${BSUID}`, `${CHANNEL}:${PHONE}`);
      expect(await ids(store, 'rina')).toEqual([`${CHANNEL}:${PHONE}`]);
      expect(await ids(store, BSUID)).toEqual([`${CHANNEL}:${PHONE}`]);
      await store.customers.touch({ id: `${CHANNEL}:8801812345678`, channel: CHANNEL, address: '8801812345678', identifiers: [{ kind: 'phone', value: '8801812345678' }], at: 9 });
      expect(await ids(store, '12345678')).toEqual([`${CHANNEL}:8801812345678`, `${CHANNEL}:${PHONE}`]);
      expect((await store.customers.search('12345678', 1)).map((c) => c.id)).toEqual([`${CHANNEL}:8801812345678`]);
    });
  });
}
