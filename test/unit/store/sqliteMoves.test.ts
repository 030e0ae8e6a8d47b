import fs from 'node:fs';
import path from 'node:path';
import type { Conversation } from '../../../src/domain/conversation';
import type { InboundEntry } from '../../../src/domain/transcript';
import { backupDatabase } from '../../../src/sqlite/backup';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import { memoryLogger } from '../../support/memoryLogger';
import { tempDir } from '../../support/sqliteFiles';

const conversation: Conversation = {
  id: 'c1', customerId: 'whatsapp-cloud:8801711111111', channel: 'whatsapp-cloud', address: '8801711111111', locale: 'bn', owner: 'bot', status: 'open',
  values: { order_id: '204518' }, misses: 0, intents: [], createdAt: 1000, updatedAt: 1000, version: 3,
};
const inbound = (id: string, createdAt: number): InboundEntry => ({
  id, direction: 'in', conversationId: 'c1', customerId: conversation.customerId, channel: 'whatsapp-cloud', createdAt, content: { type: 'text', text: `text ${id}` }, handledAt: createdAt + 1,
});

/** What the memory store of earlier releases wrote to DATA_DIR/store.json (format 1). */
function legacySnapshot(): string {
  return JSON.stringify({
    formatVersion: 1,
    writtenAt: new Date().toISOString(),
    customers: [[conversation.customerId, { id: conversation.customerId, channel: 'whatsapp-cloud', address: '8801711111111', tags: ['vip'], optedOut: false, createdAt: 1000, lastSeenAt: 2000 }]],
    conversations: [['c1', conversation]],
    messages: [['wamid.A', inbound('wamid.A', 1000)], ['wamid.B', inbound('wamid.B', 1000)]],
    handoffs: [['h1', { id: 'h1', conversationId: 'c1', customerId: conversation.customerId, status: 'queued', trigger: 'flow', reason: 'r', team: 'sales', priority: 'high', queuedAt: 1500, notes: [], version: 0 }]],
    agents: [['ag1', { id: 'ag1', email: 'mina@shop.example', name: 'Mina', passwordHash: 'x', role: 'admin', teams: ['sales'], maxOpenChats: 5, active: true, createdAt: 1 }]],
    audit: [{ id: 'e1', at: 5, actorId: 'ag1', action: 'login', subjectType: 'session', subjectId: 'ag1' }],
    unanswered: [['emi installment', { key: 'emi installment', count: 4, lastExample: 'EMI?', lastAt: 9, firstAt: 2 }]],
  });
}

async function open(file: string, dataDir: string, logger = memoryLogger().logger): Promise<SqliteStore> {
  const store = new SqliteStore({ database: new SqliteDatabase({ file }), legacySnapshot: path.join(dataDir, 'store.json'), logger });
  await store.init();
  return store;
}

describe('moving from store.json', () => {
  it('imports an earlier release\'s store.json once at first start and keeps it aside', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bot.sqlite');
    fs.writeFileSync(path.join(dir, 'store.json'), legacySnapshot());
    const store = await open(file, dir);

    expect(await store.conversations.findOpen(conversation.customerId)).toEqual(conversation);
    // Kept under channel:id now, as this release keeps customer messages (domain/message.ts).
    expect((await store.messages.listByConversation('c1')).map((m) => m.id)).toEqual(['whatsapp-cloud:wamid.A', 'whatsapp-cloud:wamid.B']);
    expect(await store.messages.insertInbound(inbound('whatsapp-cloud:wamid.A', 1000))).toBe(false); // the dedupe came along
    expect(await store.handoffs.list({ status: 'queued' })).toMatchObject([{ id: 'h1', team: 'sales' }]);
    expect(await store.agents.getByEmail('mina@shop.example')).toMatchObject({ id: 'ag1', role: 'admin' });
    expect(await store.audit.list({ actorId: 'ag1' })).toMatchObject([{ id: 'e1' }]);
    expect(await store.unanswered.list(5)).toEqual([{ key: 'emi installment', count: 4, lastExample: 'EMI?', lastAt: 9, firstAt: 2 }]);
    expect(await store.customers.get(conversation.customerId)).toMatchObject({ tags: ['vip'] });
    // Its customer is found by their number, by the next message and by an agent's search.
    const phone = { kind: 'phone' as const, value: '8801711111111' };
    expect((await store.customers.findByIdentifiers('whatsapp-cloud', [phone])).map((c) => c.id)).toEqual([conversation.customerId]);
    expect((await store.customers.search('01711111111', 5)).map((c) => c.id)).toEqual([conversation.customerId]);
    await store.customers.update(conversation.customerId, { tags: [] });
    await store.close();

    const files = fs.readdirSync(dir);
    expect(files).not.toContain('store.json');
    const aside = files.find((f) => f.startsWith('store.json.imported-'));
    expect(aside).toBeDefined();

    // Put back by hand (or left by a crash just after the import): moved aside, not imported again.
    fs.renameSync(path.join(dir, aside!), path.join(dir, 'store.json'));
    const again = await open(file, dir);
    expect(await again.customers.get(conversation.customerId)).toMatchObject({ tags: [] });
    expect(fs.readdirSync(dir)).not.toContain('store.json');
    await again.close();
  });

  it('moves an unreadable store.json aside and starts with what it has', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'store.json'), '{"formatVersion": 1, "customers": [[');
    const { logger, entries } = memoryLogger();
    const store = await open(path.join(dir, 'bot.sqlite'), dir, logger);
    expect(await store.conversations.get('c1')).toBeNull();
    expect(fs.readdirSync(dir).some((f) => f.startsWith('store.json.broken-'))).toBe(true);
    expect(entries.some((e) => e.level === 'error' && e.message === 'store.json unreadable; moved aside, not imported')).toBe(true);
    await store.close();
  });
});

describe('npm run backup', () => {
  it('copies the store while the bot writes, into one file that opens on its own', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bot.sqlite');
    const bot = new SqliteStore({ database: new SqliteDatabase({ file, exclusive: true }) });
    await bot.init();
    for (let i = 0; i < 200; i++) await bot.messages.insertInbound({ ...inbound(`wamid.${i}`, i), content: { type: 'text', text: 'x'.repeat(500) } });
    let writing = true;
    const writer = (async () => {
      for (let i = 200; writing; i++) await bot.messages.insertInbound(inbound(`wamid.${i}`, i));
    })();

    const copy = path.join(dir, 'backups', 'copy.sqlite');
    const result = await backupDatabase(file, copy);
    writing = false;
    await writer;
    expect(result.file).toBe(copy);
    expect(result.bytes).toBeGreaterThan(100_000);
    expect(fs.existsSync(`${copy}-wal`)).toBe(false);

    const restored = new SqliteStore({ database: new SqliteDatabase({ file: copy }) });
    await restored.init();
    const transcript = await restored.messages.listByConversation('c1');
    expect(transcript.length).toBeGreaterThanOrEqual(200);
    expect(transcript.slice(0, 3).map((m) => m.id)).toEqual(['wamid.0', 'wamid.1', 'wamid.2']);
    await restored.close();
    await bot.close();

    await expect(backupDatabase(file, copy)).rejects.toThrow(/exists; choose a new file name/);
    await expect(backupDatabase(path.join(dir, 'missing.sqlite'), path.join(dir, 'x.sqlite'))).rejects.toThrow(/no database at/);
  });
});
