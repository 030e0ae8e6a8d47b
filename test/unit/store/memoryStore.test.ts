import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStore, SnapshotFile } from '../../../src/store/memory';
import { createSilentLogger } from '../../../src/observability/logger';
import { storeContract } from '../../contracts/storeContract';

storeContract('memory', async () => {
  const store = new MemoryStore();
  await store.init();
  return store;
});

describe('MemoryStore snapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps conversations and transcripts across a restart', async () => {
    const first = new MemoryStore(new SnapshotFile(dir, 50, createSilentLogger()));
    await first.init();
    await first.customers.touch({ id: 'simulator:1', channel: 'simulator', address: '1', at: 1 });
    await first.conversations.create({
      id: 'c1', customerId: 'simulator:1', channel: 'simulator', address: '1', locale: 'bn', owner: 'bot', status: 'open',
      values: { order_id: '204518' }, misses: 0, intents: [], createdAt: 1, updatedAt: 1, version: 0,
    });
    await first.messages.insertInbound({ id: 'm1', direction: 'in', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: 'hi' } });
    await first.close();

    const second = new MemoryStore(new SnapshotFile(dir, 50, createSilentLogger()));
    await second.init();
    expect(await second.conversations.findOpen('simulator:1')).toMatchObject({ id: 'c1', locale: 'bn', values: { order_id: '204518' } });
    expect((await second.messages.listByConversation('c1')).map((m) => m.id)).toEqual(['m1']);
    // The dedupe survives the restart too.
    expect(await second.messages.insertInbound({ id: 'm1', direction: 'in', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: 'hi' } })).toBe(false);
    await second.close();
  });

  it('starts empty and keeps the broken file aside when the snapshot is corrupt', async () => {
    fs.writeFileSync(path.join(dir, 'store.json'), '{"formatVersion": 1, "customers": [[');
    const store = new MemoryStore(new SnapshotFile(dir, 50, createSilentLogger()));
    await store.init();
    expect(await store.conversations.findOpen('simulator:1')).toBeNull();
    expect(fs.readdirSync(dir).some((f) => f.startsWith('store.json.broken-'))).toBe(true);
    await store.close();
  });
});

describe('MemoryStore failed logins', () => {
  it('keeps at most 10,000 keys, forgetting the oldest, so cycling guessers cannot grow it without bound', async () => {
    const store = new MemoryStore();
    for (let i = 0; i <= 10_000; i++) await store.logins.recordFailure(`ip:10.0.${i >> 8}.${i & 255}`, 1_000, 60_000);
    expect(await store.logins.failures('ip:10.0.0.0', 2_000, 60_000)).toBeNull();
    expect(await store.logins.failures('ip:10.0.0.1', 2_000, 60_000)).toEqual({ count: 1, firstAt: 1_000 });
  });
});
