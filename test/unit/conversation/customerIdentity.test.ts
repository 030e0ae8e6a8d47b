import { CustomerIdentities } from '../../../src/conversation/customerIdentity';
import type { Conversation } from '../../../src/domain/conversation';
import { customerPhone, phoneWithheld } from '../../../src/domain/customer';
import type { InboundMessage } from '../../../src/domain/message';
import { createSilentLogger } from '../../../src/observability/logger';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import type { Store } from '../../../src/store/port';

const CHANNEL = 'whatsapp-cloud';
const PHONE = '8801712345678';
const BSUID = 'BD.1427730559018264';

const message = (identity: InboundMessage['identity'], from: string): InboundMessage => ({
  id: `wamid.${Math.random()}`, channel: CHANNEL, from, timestamp: 1, content: { type: 'text', text: 'hi' }, identity,
});
const conversation = (id: string, customerId: string, over: Partial<Conversation>): Conversation => ({
  id, customerId, channel: CHANNEL, address: 'x', locale: 'en', owner: 'bot', status: 'open', values: {}, misses: 0, intents: [],
  createdAt: 1, updatedAt: 1, version: 0, ...over,
});

describe('CustomerIdentities', () => {
  let store: Store;
  let identities: CustomerIdentities;
  beforeEach(async () => {
    store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    await store.init();
    identities = new CustomerIdentities({ store, logger: createSilentLogger() });
  });
  afterEach(() => store.close());

  /** Two records of one person: first by phone, then by BSUID alone. */
  async function twoRecords() {
    const byPhone = await identities.resolve(message({ identifiers: [{ kind: 'phone', value: PHONE }] }, PHONE), 10);
    const byBsuid = await identities.resolve(message({ identifiers: [{ kind: 'bsuid', value: BSUID }], username: 'rina' }, BSUID), 20);
    expect(byBsuid.id).not.toBe(byPhone.id);
    return { byPhone, byBsuid };
  }

  it('creates a customer on first contact under its address, and finds it again by any identifier', async () => {
    const first = await identities.resolve(message({ identifiers: [{ kind: 'bsuid', value: BSUID }], username: 'rina' }, BSUID), 1);
    expect(first).toMatchObject({ id: `${CHANNEL}:${BSUID}`, username: 'rina' });
    const again = await identities.resolve(message({ identifiers: [{ kind: 'phone', value: PHONE }, { kind: 'bsuid', value: BSUID }] }, PHONE), 2);
    expect(again.id).toBe(first.id);
    expect(again.identifiers).toEqual(expect.arrayContaining([{ kind: 'phone', value: PHONE }, { kind: 'bsuid', value: BSUID }]));
  });

  it('merges into the older record when a message carries the identifiers of both', async () => {
    const { byPhone, byBsuid } = await twoRecords();
    const merged = await identities.resolve(message({ identifiers: [{ kind: 'phone', value: PHONE }, { kind: 'bsuid', value: BSUID }] }, PHONE), 30);
    expect(merged).toMatchObject({ id: byPhone.id, username: 'rina', lastSeenAt: 30 });
    expect(await store.customers.get(byBsuid.id)).toBeNull();
  });

  it('keeps open the bot chat waiting for a survey answer, and closes the other', async () => {
    const { byPhone, byBsuid } = await twoRecords();
    await store.conversations.create(conversation('rated', byPhone.id, { updatedAt: 5, csat: { handoffId: 'h1', askedAt: 5, stage: 'rating', invalidAnswers: 0 } }));
    await store.conversations.create(conversation('latest', byBsuid.id, { updatedAt: 50 }));
    await identities.learn(byBsuid.id, { identifiers: [{ kind: 'phone', value: PHONE }] }, 60);
    expect((await store.conversations.findOpen(byPhone.id))?.id).toBe('rated');
    expect(await store.conversations.get('latest')).toMatchObject({ status: 'closed', customerId: byPhone.id });
  });

  it('leaves every chat people hold open, and closes the bot ones', async () => {
    const { byPhone, byBsuid } = await twoRecords();
    await store.conversations.create(conversation('agent', byPhone.id, { owner: 'agent', updatedAt: 5 }));
    await store.conversations.create(conversation('queued', byBsuid.id, { owner: 'queue', createdAt: 6, updatedAt: 6 }));
    await store.conversations.create(conversation('bot', byBsuid.id, { updatedAt: 70 }));
    await identities.learn(byBsuid.id, { identifiers: [{ kind: 'phone', value: PHONE }] }, 80);
    const open = (await store.conversations.listByCustomer(byPhone.id)).filter((c) => c.status === 'open').map((c) => c.id).sort();
    expect(open).toEqual(['agent', 'queued']);
    expect((await store.conversations.findOpen(byPhone.id))?.id).toBe('queued');
  });

  it('keeps a typed number for the customer without taking it for an identifier', async () => {
    const someone = await identities.resolve(message({ identifiers: [{ kind: 'phone', value: PHONE }] }, PHONE), 1);
    const rina = await identities.resolve(message({ identifiers: [{ kind: 'bsuid', value: BSUID }] }, BSUID), 2);
    await identities.statePhone(rina.id, PHONE);
    expect(await store.customers.get(rina.id)).toMatchObject({ statedPhone: PHONE, identifiers: [{ kind: 'bsuid', value: BSUID }] });
    expect((await store.customers.findByIdentifiers(CHANNEL, [{ kind: 'phone', value: PHONE }])).map((c) => c.id)).toEqual([someone.id]);
  });

  it('knows a Messenger customer by their page-scoped id, never by a phone they do not have', async () => {
    const psid = '24536271829384756';
    const customer = await identities.resolve({ id: 'm_1', channel: 'messenger', from: psid, timestamp: 1, content: { type: 'text', text: 'hi' } }, 1);
    expect(customer.identifiers).toEqual([{ kind: 'psid', value: psid }]);
    expect(customerPhone(customer)).toBeUndefined();
    expect(phoneWithheld(customer)).toBe(false);
  });

  it('learns nothing for a customer that no longer exists', async () => {
    expect(await identities.learn(`${CHANNEL}:gone`, { identifiers: [{ kind: 'phone', value: PHONE }] }, 1)).toBeNull();
  });
});
