import path from 'node:path';
import type { Conversation } from '../../../src/domain/conversation';
import type { OutboundEntry } from '../../../src/domain/transcript';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { DatabaseInUseError } from '../../../src/sqlite/processLock';
import { SqliteStore } from '../../../src/store/sqlite';
import { STORE_MIGRATIONS } from '../../../src/store/sqlite/schema';
import { storeContract } from '../../contracts/storeContract';
import { fileVersionsContract } from '../../contracts/fileVersionsContract';
import { tempDatabase, tempDir } from '../../support/sqliteFiles';
import { tryLoginsForADay } from '../../contracts/loginWindows';

storeContract('sqlite (file)', async () => {
  const store = new SqliteStore({ database: tempDatabase() });
  await store.init();
  return store;
});

storeContract('sqlite (in memory)', async () => {
  const store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
  await store.init();
  return store;
});

fileVersionsContract('sqlite (file)', async () => {
  const store = new SqliteStore({ database: tempDatabase() });
  await store.init();
  return store;
});

const conversation = (id: string, customer = '1'): Conversation => ({
  id, customerId: `simulator:${customer}`, channel: 'simulator', address: customer, locale: 'en', owner: 'bot', status: 'open',
  values: {}, misses: 0, intents: [], createdAt: 1, updatedAt: 1, version: 0,
});
const outbound = (id: string): OutboundEntry => ({
  id, direction: 'out', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: 'hi' }, sender: 'bot', status: 'queued',
});

async function openStore(file: string, options: { exclusive?: boolean } = {}): Promise<SqliteStore> {
  const store = new SqliteStore({ database: new SqliteDatabase({ file, ...options }) });
  await store.init();
  return store;
}

describe('SqliteStore on disk', () => {
  it('keeps everything acknowledged across a restart, the message dedupe included', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const first = await openStore(file);
    await first.conversations.create({ ...conversation('c1'), values: { order_id: '204518' } });
    await first.messages.insertInbound({ id: 'wamid.1', direction: 'in', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: 'hi' } });
    await first.close();

    const second = await openStore(file);
    expect(await second.conversations.findOpen('simulator:1')).toMatchObject({ id: 'c1', values: { order_id: '204518' } });
    expect(await second.messages.insertInbound({ id: 'wamid.1', direction: 'in', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: 'again' } })).toBe(false);
    await second.close();
  });

  it('commits the writes of one moment together: one fsync for many, each resolved only once on disk', async () => {
    const database = tempDatabase();
    const store = new SqliteStore({ database });
    await store.init();
    const before = database.counts();
    const writes = Array.from({ length: 50 }, (_, i) => store.customers.touch({ id: `simulator:${i}`, channel: 'simulator', address: String(i), at: i }));
    // Not committed yet: a read sees none of them.
    expect(await store.customers.get('simulator:0')).toBeNull();
    await Promise.all(writes);
    expect(database.counts().commits - before.commits).toBe(1);
    expect(database.counts().syncs - before.syncs).toBe(1);
    expect(database.counts().writes - before.writes).toBe(50);
    // Another process's view: a second connection to the file sees all of them.
    const other = new SqliteDatabase({ file: database.file });
    expect(other.read((sql) => sql.get<{ n: number }>('SELECT count(*) AS n FROM customers'))?.n).toBe(50);
    await other.close();
    await store.close();
  });

  it('fails only the write that broke a rule, not the others committed with it', async () => {
    const store = new SqliteStore({ database: tempDatabase() });
    await store.init();
    await store.conversations.create(conversation('taken'));
    const results = await Promise.allSettled([
      store.conversations.create(conversation('new-1')),
      store.conversations.create(conversation('taken')),
      store.conversations.create(conversation('new-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.conversations.listByCustomer('simulator:1')).map((c) => c.id).sort()).toEqual(['new-1', 'new-2', 'taken']);
    await store.close();
  });

  it('lets one bot process at a time use the file, and tools alongside it', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const bot = await openStore(file, { exclusive: true });
    expect(() => new SqliteDatabase({ file, exclusive: true })).toThrow(DatabaseInUseError);
    // `npm run create-agent` while the bot runs.
    const tool = await openStore(file);
    await tool.agents.create({ id: 'ag1', email: 'mina@shop.example', name: 'Mina', passwordHash: 'x', role: 'agent', teams: [], maxOpenChats: 5, active: true, createdAt: 1 });
    await tool.close();
    expect(await bot.agents.getByEmail('mina@shop.example')).toMatchObject({ id: 'ag1' });
    await bot.close();
    // The lock goes with the process (or its close), so the next start takes it.
    const next = await openStore(file, { exclusive: true });
    await next.close();
  });

  it('sends at once what an earlier run had claimed when it stopped, instead of waiting out the lease', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const first = await openStore(file, { exclusive: true });
    await first.messages.insertOutbound(outbound('o1'));
    await first.messages.insertOutbound(outbound('o2'));
    expect(await first.messages.claimSend('o1', Date.now(), Date.now() - 120_000)).toBe(true);
    await first.messages.updateDelivery('o2', { status: 'sent', at: Date.now(), channelMessageId: 'wamid.O2' });
    await first.close(); // the process stopped while o1 was being sent

    const second = await openStore(file, { exclusive: true });
    expect(await second.messages.get('o1')).toMatchObject({ status: 'queued' });
    expect(await second.messages.claimSend('o1', Date.now(), Date.now() - 120_000)).toBe(true);
    expect(await second.messages.get('o2')).toMatchObject({ status: 'sent' });
    await second.close();
  });

  it('forgets login windows a day old, so guessers cycling addresses cannot grow the table, and keeps longer windows of other keys', async () => {
    const database = tempDatabase();
    const store = new SqliteStore({ database });
    await store.init();
    await tryLoginsForADay(store, 100);
    expect(database.read((sql) => sql.get<{ n: number }>('SELECT count(*) AS n FROM login_attempts'))?.n).toBe(1);
    await store.close();
  });

  it('gives the customers of a file from before identifiers their number, found by a message and by search', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const raw = new SqliteDatabase({ file });
    const identifiersMigration = STORE_MIGRATIONS.find((m) => m.description.startsWith('customers found by any identifier'))!;
    raw.migrate('store', STORE_MIGRATIONS.filter((m) => m.version < identifiersMigration.version));
    const before = { id: 'whatsapp-cloud:8801711111111', channel: 'whatsapp-cloud', address: '8801711111111', tags: [], optedOut: false, createdAt: 1, lastSeenAt: 2 };
    await raw.write((sql) => sql.run('INSERT INTO customers (id, doc) VALUES (?, ?)', before.id, JSON.stringify(before)));
    await raw.close();

    const store = await openStore(file);
    const phone = { kind: 'phone' as const, value: '8801711111111' };
    expect(await store.customers.get(before.id)).toMatchObject({ identifiers: [phone] });
    expect((await store.customers.findByIdentifiers('whatsapp-cloud', [phone])).map((c) => c.id)).toEqual([before.id]);
    expect((await store.customers.search('+880 1711-111111', 5)).map((c) => c.id)).toEqual([before.id]);
    await store.close();
  });

  it('refuses a file written by a newer release instead of misreading it', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const store = await openStore(file);
    await store.close();
    const raw = new SqliteDatabase({ file });
    await raw.write((sql) => sql.run(`UPDATE schema_versions SET version = 99 WHERE component = 'store'`));
    await raw.close();
    await expect(openStore(file)).rejects.toThrow(/schema of store is at version 99, newer than this release knows/);
  });

  it('upgrades a file of the first release: its closed conversations are found by retention', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const old = new SqliteDatabase({ file });
    old.migrate('store', STORE_MIGRATIONS.slice(0, 1));
    const closed = { ...conversation('old-closed'), status: 'closed', closedAt: 5, updatedAt: 5 };
    await old.write((sql) => sql.run('INSERT INTO conversations (id, doc) VALUES (?, ?)', closed.id, JSON.stringify(closed)));
    await old.close();
    const store = await openStore(file);
    expect((await store.conversations.listExpired(10, 5)).map((c) => c.id)).toEqual(['old-closed']);
    expect(await store.leases.acquire('retention', 'w1', 1, 1000)).toBe(true);
    await store.close();
  });
});
