import Database from 'better-sqlite3';
import type { Conversation } from '../../../src/domain/conversation';
import type { Handoff } from '../../../src/domain/handoff';
import type { OutboundEntry } from '../../../src/domain/transcript';
import { createSilentLogger } from '../../../src/observability/logger';
import { SqliteQueue } from '../../../src/queue/sqlite';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import { tempDir } from '../../support/sqliteFiles';

// Tables that grow with history; every query on them must go through an index.
const GROWING = ['customers', 'conversations', 'messages', 'handoffs', 'audit', 'login_attempts', 'unanswered', 'file_versions', 'customer_identifiers', 'customer_search_keys'];
// The history the store holds before the queries run: a customer, a team and an agent with long pasts.
const PAST = 300;

/**
 * Runs every repository method (and the queue's steps) with each kind of filter, records the
 * SQL the store sends (values filled in), and asks SQLite how it would run each: no statement
 * may read a growing table from end to end, or sort all its matches to return the first few.
 */
describe('SQLite query plans', () => {
  const statements = new Set<string>();
  let database: SqliteDatabase;

  beforeAll(async () => {
    const file = `${tempDir()}/bot.sqlite`;
    // Migrations (run as the store and the queue are made) may read a table end to end once,
    // when a file of an older release is opened: not a query that runs with every message.
    let recording = false;
    database = new SqliteDatabase({ file, exclusive: true, verbose: (sql) => recording && statements.add(sql) });
    const store = new SqliteStore({ database });
    const queue = new SqliteQueue({ database, logger: createSilentLogger() });
    recording = true;
    await store.init();
    await seedPast(store);
    await exerciseStore(store);
    queue.process('inbound', async () => undefined);
    await queue.add('inbound', { n: 1 }, { key: 'k', jobId: 'j1' });
    await queue.waitFor('inbound', 'j1', 5000);
    await queue.close();
    await store.close();
  });

  it('uses an index for every query on a table that grows with history', () => {
    const explain = new SqliteDatabase({ file: database.file });
    const offenders: string[] = [];
    let checked = 0;
    for (const sql of statements) {
      if (!/^\s*(SELECT|UPDATE|DELETE)/i.test(sql) || /sqlite_|schema_versions|PRAGMA/i.test(sql)) continue;
      checked += 1;
      const plan = explain.read((s) => s.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((row) => row.detail);
      const scansWholeTable = plan.some((line) => GROWING.some((table) => new RegExp(`^SCAN ${table}(?! USING (COVERING )?INDEX)`).test(line)));
      // Sorting every match to keep the first few: the index should give them in order.
      const sortsForLimit = /\bLIMIT\b/i.test(sql) && plan.some((line) => line === 'USE TEMP B-TREE FOR ORDER BY');
      if (scansWholeTable || sortsForLimit) offenders.push(`${sql.replace(/\s+/g, ' ').slice(0, 160)}\n    ${plan.join(' | ')}`);
    }
    void explain.close();
    expect(checked).toBeGreaterThan(30);
    expect(offenders).toEqual([]);
  });

  /**
   * What a query costs, counted: every read of an indexed field of a row SQLite looks at goes
   * through json_extract (the fields are generated columns of `doc`), so this counts the rows
   * each query examines. With a long past in the store, a query may look at the rows it returns
   * and a few more, never at the past it filters out.
   */
  it('examines only the rows it returns, however long the history', () => {
    const counting = new Database(database.file, { readonly: true });
    let examined = 0;
    counting.function('json_extract', { deterministic: true }, (doc: string, jsonPath: string) => {
      examined += 1;
      const value = JSON.parse(doc)[jsonPath.slice(2)];
      return value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : typeof value === 'boolean' ? Number(value) : value;
    });
    const offenders: string[] = [];
    for (const sql of statements) {
      if (!/^\s*SELECT/i.test(sql) || /queue_jobs|schema_versions/.test(sql)) continue;
      examined = 0;
      const rows = counting.prepare(sql).all().length;
      // Up to 10 generated columns of each returned row may be read to filter and sort it.
      if (examined > (rows + 2) * 10) offenders.push(`${examined} field reads for ${rows} rows: ${sql.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
    counting.close();
    expect(offenders).toEqual([]);
  });
});

/** A customer with PAST closed conversations, PAST closed handoffs of team sales and agent ag1, PAST versions of one file and PAST files. */
async function seedPast(store: SqliteStore): Promise<void> {
  await Promise.all(Array.from({ length: PAST }, async (_, i) => {
    await store.conversations.create({
      id: `past-${i}`, customerId: 'simulator:1', channel: 'simulator', address: '1', locale: 'en', owner: 'bot', status: 'closed', values: {}, misses: 0, intents: [],
      createdAt: 10_000 + i, updatedAt: 0, closedAt: 0, version: 3, // later than the open one: no ordering luck
    });
    await store.handoffs.create({
      id: `past-h${i}`, conversationId: `past-${i}`, customerId: `simulator:${1000 + i}`, status: 'closed', trigger: 'flow', reason: 'r', team: 'sales', priority: 'normal',
      queuedAt: -1000 - i, agentId: 'ag1', claimedAt: -900 - i, closedAt: -800 - i, notes: [], version: 2,
    });
    await store.fileVersions.add({ file: 'delivery_charge.yaml', seq: i + 1, at: i, action: 'outside', message: 'Edited outside the console', previous: null, text: 'id: x\n', hash: 'h' });
    await store.fileVersions.add({ file: `flow_${i}.yaml`, seq: 1, at: i, action: 'first', message: 'First seen on disk', previous: null, text: 'id: x\n', hash: 'h' });
    await store.messages.insertInbound({ id: `past-m${i}`, direction: 'in', conversationId: `past-${i}`, customerId: 'simulator:2', channel: 'simulator', createdAt: -1000 - i, content: { type: 'text', text: 'hi' } });
  }));
}

async function exerciseStore(store: SqliteStore): Promise<void> {
  const conversation: Conversation = {
    id: 'c1', customerId: 'simulator:1', channel: 'simulator', address: '1', locale: 'en', owner: 'bot', status: 'open', values: {}, misses: 0, intents: [], createdAt: 1, updatedAt: 1, version: 0,
  };
  const reply: OutboundEntry = { id: 'i1#0', direction: 'out', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 2, content: { type: 'text', text: 'hi' }, sender: 'bot', inReplyTo: 'i1', status: 'queued' };
  const handoff: Handoff = { id: 'h1', conversationId: 'c1', customerId: 'simulator:1', status: 'queued', trigger: 'flow', reason: 'r', team: 'sales', priority: 'normal', queuedAt: 3, notes: [], version: 0 };

  await store.customers.touch({ id: 'simulator:1', channel: 'simulator', address: '1', profileName: 'R', at: 1 });
  await store.customers.touch({ id: 'simulator:1', channel: 'simulator', address: '1', at: 2 });
  await store.customers.get('simulator:1');
  await store.customers.update('simulator:1', { tags: ['vip'], profileName: undefined });
  const bsuid = { kind: 'bsuid' as const, value: 'BD.1427730559018264' };
  await store.customers.touch({ id: 'whatsapp-cloud:BD.1427730559018264', channel: 'whatsapp-cloud', address: bsuid.value, identifiers: [bsuid], username: 'rina.shop', at: 3 });
  await store.customers.touch({ id: 'whatsapp-cloud:8801712345678', channel: 'whatsapp-cloud', address: '8801712345678', identifiers: [{ kind: 'phone', value: '8801712345678' }], at: 1 });
  await store.customers.update('whatsapp-cloud:BD.1427730559018264', { statedPhone: '01811222333' });
  await store.customers.findByIdentifiers('whatsapp-cloud', [bsuid, { kind: 'phone', value: '8801712345678' }]);
  for (const query of ['01712345678', bsuid.value, '@rina']) await store.customers.search(query, 10);
  await store.customers.merge('whatsapp-cloud:BD.1427730559018264', 'whatsapp-cloud:8801712345678');
  await store.conversations.create(conversation);
  await store.conversations.get('c1');
  await store.conversations.findOpen('simulator:1');
  await store.conversations.save({ ...conversation, misses: 1 });
  await store.conversations.listByCustomer('simulator:1');
  await store.messages.insertInbound({ id: 'i1', direction: 'in', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: 'hi' } });
  await store.messages.insertOutbound(reply);
  await store.messages.get('i1');
  await store.messages.markHandled('i1', 5, { intent: 'greeting', confidence: 1 });
  for (const query of [undefined, { after: 0 }, { limit: 5 }, { after: 0, limit: 5 }]) {
    await store.messages.listByConversation('c1', query);
    await store.messages.listByCustomer('simulator:1', query);
  }
  await store.messages.listReplies('i1');
  await store.messages.claimSend('i1#0', 10, 5);
  await store.messages.updateDelivery('i1#0', { status: 'sent', at: 11, channelMessageId: 'wamid.X' });
  await store.messages.findByChannelMessageId('wamid.X');
  await store.messages.applyReceipt('i1#0', { status: 'read', at: 12 });
  await store.messages.amendInbound('i1', { editedAt: 13, content: { type: 'text', text: 'hello' } });
  await store.handoffs.create(handoff);
  await store.handoffs.get('h1');
  for (const filter of [{ status: 'queued' as const }, { status: 'queued' as const, team: 'sales' }, { teams: ['sales', 'billing'] }, { status: 'claimed' as const, teams: ['sales'] }, { agentId: 'ag1' }, { status: 'claimed' as const, agentId: 'ag1' }, { status: 'closed' as const, team: 'sales', claimedAfter: 0 }]) {
    await store.handoffs.list(filter);
  }
  await store.handoffs.addNote('h1', { id: 'n1', agentId: 'ag1', text: 'note', at: 4 });
  await store.handoffs.listByCustomer('simulator:1', 5);
  await store.handoffs.transition('h1', 'queued', { status: 'claimed', agentId: 'ag1', claimedAt: 5 });
  await store.agents.create({ id: 'ag1', email: 'a@shop.example', name: 'A', passwordHash: 'x', role: 'agent', teams: [], maxOpenChats: 5, active: true, createdAt: 1 });
  await store.agents.get('ag1');
  await store.agents.getByEmail('a@shop.example');
  await store.agents.update('ag1', { lastSeenAt: 9 });
  await store.agents.useSecondFactor('ag1', { step: 3 });
  await store.agents.useSecondFactor('ag1', { recoveryCodeHash: 'r1' });
  await store.audit.append({ id: 'e1', at: 1, actorId: 'ag1', action: 'claim', subjectType: 'handoff', subjectId: 'h1' });
  await store.audit.list({});
  await store.audit.list({ subjectId: 'h1' });
  await store.audit.list({ actorId: 'ag1', limit: 5 });
  await store.unanswered.record({ key: 'emi', text: 'EMI?', at: 1, locale: 'en' });
  await store.unanswered.list(10);
  await store.unanswered.remove(['emi']);
  await store.fileVersions.add({ file: 'thanks.yaml', seq: 1, at: 1, actor: { id: 'ag1', name: 'A' }, action: 'save', message: 'm', previous: null, text: 'id: thanks\n', hash: 'h' });
  await store.fileVersions.get('delivery_charge.yaml', 2);
  await store.fileVersions.latest('delivery_charge.yaml');
  await store.fileVersions.list('delivery_charge.yaml', 5);
  await store.fileVersions.latestOfEach();
  await store.logins.take('ip:1', 1000, 60_000, 5);
  await store.logins.take('ip:1', 90_000, 60_000, 5);
  await store.logins.clear('ip:1');
  for (const cut of [{}, { channel: 'simulator' as const }, { locale: 'en' as const }, { team: 'sales' }, { agentId: 'ag1' }, { conversationIds: ['c1'] }, { customerIds: ['simulator:1'] }]) {
    await store.reports.conversationFacts({ from: 0, to: 10, ...cut });
    await store.reports.handoffFacts({ from: 0, to: 10, ...cut });
  }
  // Retention and erasure (docs/PRIVACY.md).
  await store.conversations.listExpired(-1, 5);
  await store.conversations.listExpired(1, 5);
  await store.leases.acquire('retention', 'w1', 1, 1000);
  await store.leases.release('retention', 'w1');
  await store.audit.redactSubject('h1', 'h1');
  await store.messages.removeByConversation('c1');
  await store.messages.removeByCustomer('simulator:1');
  await store.customers.remove('simulator:1');
}
