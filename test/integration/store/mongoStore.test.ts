/**
 * The MongoDB Store against a real MongoDB-wire server: FerretDB v1.24.2 from the test harness
 * (or MONGODB_URI). One server per file, a fresh database per test. When the server cannot be
 * started every test here fails with the harness's reason; nothing is skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Conversation } from '../../../src/domain/conversation';
import type { Handoff } from '../../../src/domain/handoff';
import type { Agent, AuditEntry } from '../../../src/domain/agent';
import type { Customer } from '../../../src/domain/customer';
import type { UnansweredQuestion } from '../../../src/domain/unanswered';
import type { InboundEntry, OutboundEntry } from '../../../src/domain/transcript';
import type { Store } from '../../../src/store/port';
import type { Logger } from '../../../src/observability/logger';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import { MongoStore, type MongoStoreOptions } from '../../../src/store/mongo';
import { storeContract } from '../../contracts/storeContract';
import { fileVersionsContract } from '../../contracts/fileVersionsContract';
import { tryLoginsForADay } from '../../contracts/loginWindows';
import { freePort } from '../../support/services';
import { useMongoServer } from '../../support/mongoServer';
import { FerretDbServer } from './ferretdbServer';

jest.setTimeout(60_000);

const mongo = useMongoServer();

function freshUri(): string {
  return mongo.freshUri('store');
}

async function freshStore(options: Partial<MongoStoreOptions> = {}): Promise<MongoStore> {
  const store = new MongoStore({ uri: freshUri(), ...options });
  await store.init();
  return store;
}

/** White-box access for assertions on what is really stored and sent. */
function connectionOf(store: Store): Connection {
  return (store as unknown as { connection: Connection }).connection;
}

async function dropAndClose(store: Store): Promise<void> {
  await connectionOf(store).dropDatabase().catch(() => undefined);
  await store.close();
}

storeContract('mongo', () => freshStore(), dropAndClose);
fileVersionsContract('mongo', () => freshStore(), dropAndClose);

// ---------------------------------------------------------------------------
// fixtures
// ---------------------------------------------------------------------------

const CUSTOMER_ID = 'whatsapp-cloud:8801700000001';

/** `Required<>`: a field added to the domain breaks this file until the schema is told too. */
const fullConversation = (id: string): Required<Conversation> => ({
  id,
  customerId: CUSTOMER_ID,
  channel: 'whatsapp-cloud',
  address: '8801700000001',
  locale: 'bn',
  owner: 'agent',
  agentId: 'ag1',
  handoffId: 'h1',
  status: 'open',
  position: { flowId: 'order_status', stepId: 'ask_order', flowVersion: 'abc123', awaiting: true, attempts: 1 },
  values: { order_id: '204518', order: { status: 'shipped', items: [1, 2] }, nothing: null },
  misses: 1,
  intents: [{ intent: 'order_status', confidence: 0.92, at: 1_700_000_000_001 }],
  lastInboundId: 'wamid.IN1',
  pendingReplies: [outbound('wamid.IN1#0', id, 'wamid.IN1')],
  queueNoticeAt: 1_700_000_000_002,
  csat: { handoffId: 'h0', askedAt: 1_700_000_000_002, stage: 'comment', invalidAnswers: 1 },
  lastOptions: [
    { id: 'order_status', title: 'Order status' },
    { id: 'human', title: 'মানুষের সাথে কথা' },
  ],
  facts: { inbound: 3, unmatched: 1, handoffs: 1, firstCustomerMessageAt: 1_700_000_000_000, firstReplyAt: 1_700_000_000_001, firstIntent: 'order_status' },
  sentiment: -0.25,
  lastCustomerMessageAt: 1_700_000_000_003,
  reengagement: { template: 'order_followup', at: 1_700_000_000_004, messageId: 'h0:closed#0' },
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_004,
  closedAt: 1_700_000_000_005,
  redactedAt: 1_700_000_000_006,
  version: 0,
});

function inbound(id: string, conversationId: string, createdAt = 1_700_000_000_000): InboundEntry {
  return { id, direction: 'in', conversationId, customerId: CUSTOMER_ID, channel: 'whatsapp-cloud', createdAt, content: { type: 'text', text: `hello ${id}` }, replyTo: undefined };
}

/** Shaped like Outbox.build's entries, `undefined` fields included. */
function outbound(id: string, conversationId: string, inReplyTo: string, createdAt = 1_700_000_000_000): OutboundEntry {
  return {
    id,
    direction: 'out',
    conversationId,
    customerId: CUSTOMER_ID,
    channel: 'whatsapp-cloud',
    createdAt,
    locale: undefined,
    content: { type: 'buttons', text: 'Pick one', buttons: [{ id: 'yes', title: 'Yes' }] },
    sender: 'bot',
    agentId: undefined,
    inReplyTo,
    status: 'queued',
  };
}

const fullInbound = (id: string): Required<InboundEntry> => ({
  ...inbound(id, 'c1'),
  locale: 'en',
  replyTo: 'wamid.EARLIER',
  handledAt: 2,
  intent: 'greeting',
  confidence: 0.5,
  editedAt: 3,
  deletedAt: 4,
  media: { status: 'stored', at: 5, size: 1024, mimeType: 'image/jpeg', reason: 'kept' },
});

const fullOutbound = (id: string): Required<OutboundEntry> => ({
  ...outbound(id, 'c1', 'wamid.IN'),
  inReplyTo: 'wamid.IN',
  locale: 'bn',
  agentId: 'ag1',
  sender: 'agent',
  status: 'failed',
  channelMessageId: 'wamid.OUT',
  error: { code: '131026', title: 'Message undeliverable', retryable: false },
  sentAsTemplate: 'order_followup',
  statusAt: 3,
});

const fullHandoff = (id: string): Required<Handoff> => ({
  id,
  conversationId: 'c1',
  customerId: CUSTOMER_ID,
  status: 'closed',
  trigger: 'customer-request',
  reason: 'asked for a person',
  team: 'sales',
  priority: 'high',
  queuedAt: 1,
  claimedAt: 2,
  closedAt: 3,
  agentId: 'ag1',
  resolution: 'refunded',
  notes: [{ id: 'n1', agentId: 'ag1', text: 'VIP', at: 2 }],
  csat: { score: 5, comment: 'great', at: 4, agentId: 'ag1', team: 'sales' },
  slaBreachedAt: 2,
  remindedAt: 2,
  firstAgentReplyAt: 2,
  sentiment: -0.4,
  summary: 'Wants a refund for order 204518.',
  locale: 'bn',
  channel: 'whatsapp-cloud',
  version: 3,
});

const fullAgent = (id: string): Required<Agent> => ({
  id,
  email: `${id}@shop.example`,
  name: 'Mina',
  passwordHash: '$2b$10$hash',
  role: 'supervisor',
  teams: ['sales', 'billing'],
  maxOpenChats: 5,
  active: true,
  createdAt: 1,
  lastSeenAt: 2,
  sessionsValidFrom: 3,
  twoFactor: { secret: 'JBSWY3DPEHPK3PXP', enabledAt: 4, lastStep: 5, recoveryCodes: ['a1', 'b2'] },
});

const fullCustomer = (id: string): Required<Customer> => ({
  id,
  channel: 'whatsapp-cloud',
  address: '8801700000001',
  identifiers: [{ kind: 'phone', value: '8801700000001' }, { kind: 'bsuid', value: 'BD.1427730559018264' }],
  username: 'rahim.shop',
  statedPhone: '01700000002',
  profileName: 'Rahim',
  locale: 'bn',
  tags: ['vip'],
  optedOut: false,
  marketing: { status: 'stopped', at: 3, detail: 'User requested to stop marketing messages' },
  createdAt: 1,
  lastSeenAt: 2,
});

const fullAudit = (id: string): Required<AuditEntry> => ({
  id,
  at: 1,
  actorId: 'ag1',
  action: 'close',
  subjectType: 'handoff',
  subjectId: 'h1',
  detail: { resolution: 'done' },
});

const fullUnanswered = (key: string): Required<UnansweredQuestion> => ({
  key,
  count: 3,
  lastExample: 'do you deliver to cox bazar?',
  lastAt: 3,
  firstAt: 1,
  locale: 'en',
});

/** Every path of a value that is null, or a storage-only key, anywhere inside it. */
function storageLeaks(value: unknown, at = '$'): string[] {
  if (value === null) return [at];
  if (typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === '_id' || key === '__v' || key === 'seq') found.push(`${at}.${key}`);
    // Collected values may hold a null the customer's data really had.
    if (!(at.endsWith('.values') && inner === null)) found.push(...storageLeaks(inner, `${at}.${key}`));
  }
  return found;
}

// ---------------------------------------------------------------------------
// adapter-specific behaviour
// ---------------------------------------------------------------------------

describe('MongoStore on a MongoDB-wire server', () => {
  let store: MongoStore;
  beforeEach(async () => {
    store = await freshStore();
  });
  afterEach(async () => {
    await dropAndClose(store);
  });

  it('lets the unique _id refuse a duplicate message: 50 concurrent inserts of one id, exactly one true', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.messages.insertInbound({ ...inbound('wamid.DUP', 'c1'), content: { type: 'text', text: `copy ${i}` } })),
    );
    expect(results.filter((r) => r)).toHaveLength(1);
    expect(await connectionOf(store).collection('messages').countDocuments({ _id: 'wamid.DUP' } as object)).toBe(1);
    const outs = await Promise.all(Array.from({ length: 50 }, () => store.messages.insertOutbound(outbound('wamid.DUP#0', 'c1', 'wamid.DUP'))));
    expect(outs.filter((r) => r)).toHaveLength(1);
  });

  it('keeps the dedupe across pooled connections too (20 connections, 50 concurrent inserts)', async () => {
    // The unique index is enforced by the server, not by request ordering on one connection.
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message), info: () => undefined, error: () => undefined } as unknown as Logger;
    const pooled = await freshStore({ maxPoolSize: 20, logger });
    try {
      // On FerretDB, more than one connection makes guarded updates racy: init() says so.
      const info = await connectionOf(pooled).getClient().db('admin').command({ buildInfo: 1 });
      expect(warnings.some((w) => /FerretDB with more than one pooled connection/.test(w))).toBe(typeof info.ferretdbVersion === 'string');
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(Array.from({ length: 50 }, () => pooled.messages.insertInbound(inbound(`wamid.POOL${round}`, 'c1'))));
        expect(results.filter((r) => r)).toHaveLength(1);
      }
    } finally {
      await dropAndClose(pooled);
    }
  });

  it('lets exactly one of 50 concurrent claims win', async () => {
    const handoff: Handoff = { ...fullHandoff('h-race'), status: 'queued', version: 0, notes: [], csat: undefined, claimedAt: undefined, closedAt: undefined, agentId: undefined };
    expect(await store.handoffs.create(handoff)).toBe(true);
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.handoffs.transition('h-race', 'queued', { status: 'claimed', agentId: `agent-${i}`, claimedAt: 2000 + i })),
    );
    const winners = claims.filter((c): c is Handoff => c !== null);
    expect(winners).toHaveLength(1);
    expect(await store.handoffs.get('h-race')).toEqual({ ...winners[0], version: 1 });
    expect(winners[0]).toMatchObject({ status: 'claimed', version: 1, agentId: expect.stringMatching(/^agent-\d+$/) });
  });

  it('removes fields a save no longer has (a finished flow\'s position) and reads back what was saved', async () => {
    const conversation = fullConversation('conv-unset');
    await store.conversations.create(conversation);
    expect(await store.conversations.get(conversation.id)).toEqual(conversation);

    const { position: _position, pendingReplies: _pending, agentId: _agent, closedAt: _closed, ...rest } = conversation;
    const next: Conversation = { ...rest, owner: 'bot', position: undefined, misses: 0 };
    const saved = await store.conversations.save(next);
    expect(saved).toEqual({ ...next, version: 1 });
    const loaded = await store.conversations.get(conversation.id);
    expect(loaded).toEqual(saved);
    for (const key of ['position', 'pendingReplies', 'agentId', 'closedAt']) expect(Object.keys(loaded!)).not.toContain(key);
    const raw = await connectionOf(store).collection('conversations').findOne({ _id: conversation.id } as object);
    expect(raw).not.toHaveProperty('position');
    expect(raw).not.toHaveProperty('pendingReplies');

    // And the field comes back when a later save has it again.
    const again = await store.conversations.save({ ...loaded!, position: conversation.position });
    expect((await store.conversations.get(conversation.id))?.position).toEqual(conversation.position);
    expect(again.version).toBe(2);
  });

  it('forgets login windows a day old, so guessers cycling addresses cannot grow the collection, and keeps longer windows of other keys', async () => {
    await tryLoginsForADay(store, 20);
    expect(await connectionOf(store).collection('login_attempts').countDocuments()).toBe(1);
  });

  it('treats a save of a conversation that does not exist as a version conflict', async () => {
    await expect(store.conversations.save(fullConversation('nowhere'))).rejects.toMatchObject({ name: 'VersionConflictError' });
  });

  it('stores domain ids as _id and returns plain objects: no _id, __v, seq, or nulls for undefined fields', async () => {
    const conversation = fullConversation('conv-plain');
    await store.conversations.create({ ...conversation, agentId: undefined });
    await store.messages.insertInbound(inbound('wamid.IN1', conversation.id));
    await store.messages.insertOutbound(outbound('wamid.IN1#0', conversation.id, 'wamid.IN1'));
    await store.messages.markHandled('wamid.IN1', 5, { intent: 'order_status', confidence: undefined });
    await store.messages.updateDelivery('wamid.IN1#0', { status: 'sent', at: 6, channelMessageId: 'wamid.OUT1' });
    await store.handoffs.create({ ...fullHandoff('h1'), csat: undefined });
    await store.handoffs.addNote('h1', { id: 'n2', agentId: 'ag2', text: 'called back', at: 7 });
    await store.handoffs.transition('h1', 'closed', { resolution: undefined, remindedAt: 8 });
    await store.agents.create(fullAgent('ag1'));
    await store.audit.append(fullAudit('e1'));
    await store.unanswered.record({ key: 'bazar cox deliver', text: 'deliver to cox bazar?', at: 1 });
    const touched = await store.customers.touch({ id: CUSTOMER_ID, channel: 'whatsapp-cloud', address: '8801700000001', at: 9 });

    const results: unknown[] = [
      touched,
      await store.customers.get(CUSTOMER_ID),
      await store.conversations.get(conversation.id),
      await store.conversations.findOpen(CUSTOMER_ID),
      await store.conversations.listByCustomer(CUSTOMER_ID),
      await store.messages.get('wamid.IN1'),
      await store.messages.listByConversation(conversation.id),
      await store.messages.listByCustomer(CUSTOMER_ID, { limit: 1 }),
      await store.messages.listReplies('wamid.IN1'),
      await store.messages.findByChannelMessageId('wamid.OUT1'),
      await store.handoffs.get('h1'),
      await store.handoffs.list({}),
      await store.handoffs.listByCustomer(CUSTOMER_ID, 5),
      await store.agents.get('ag1'),
      await store.agents.list(),
      await store.audit.list({}),
      await store.unanswered.list(5),
    ];
    for (const result of results) {
      expect(result).not.toBeNull();
      expect(storageLeaks(result)).toEqual([]);
      // Plain objects, not mongoose documents.
      for (const item of Array.isArray(result) ? result : [result]) expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    }
    expect(await store.messages.get('wamid.IN1')).toEqual({ ...inbound('wamid.IN1', conversation.id), handledAt: 5, intent: 'order_status' });
    expect(await store.handoffs.get('h1')).not.toHaveProperty('resolution');

    for (const name of ['customers', 'conversations', 'messages', 'handoffs', 'agents', 'audit', 'unanswered']) {
      for (const raw of await connectionOf(store).collection(name).find({}).toArray()) {
        expect(typeof raw._id).toBe('string');
        expect(raw).not.toHaveProperty('__v');
        expect(raw).not.toHaveProperty('id');
        const { _id, seq: _seq, ...fields } = raw;
        expect(storageLeaks(fields)).toEqual([]);
      }
    }
  });

  it('reads back exactly what the embedded SQLite store returns for the same operations', async () => {
    const embedded = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    await embedded.init();
    const script = async (s: Store): Promise<unknown[]> => {
      const out: unknown[] = [];
      const conversation = fullConversation('conv-same');
      out.push(await s.customers.touch({ id: CUSTOMER_ID, channel: 'whatsapp-cloud', address: '8801700000001', profileName: 'Rahim', at: 1 }));
      out.push(await s.customers.touch({ id: CUSTOMER_ID, channel: 'whatsapp-cloud', address: '8801700000001', at: 2 }));
      await s.customers.update(CUSTOMER_ID, { locale: 'bn', tags: ['vip'], profileName: undefined });
      out.push(await s.customers.get(CUSTOMER_ID));
      await s.conversations.create({ ...conversation, position: undefined, closedAt: undefined, status: 'open' });
      out.push(await s.conversations.findOpen(CUSTOMER_ID));
      out.push(await s.conversations.save({ ...(await s.conversations.findOpen(CUSTOMER_ID))!, position: conversation.position, misses: 2 }));
      out.push(await s.conversations.save({ ...(await s.conversations.get(conversation.id))!, position: undefined, pendingReplies: undefined }));
      out.push(await s.conversations.listByCustomer(CUSTOMER_ID));
      await s.messages.insertInbound(fullInbound('wamid.A'));
      await s.messages.insertInbound(inbound('wamid.B', 'c1', 1_700_000_000_005));
      for (let i = 0; i < 12; i++) await s.messages.insertOutbound(outbound(`wamid.B#${i}`, 'c1', 'wamid.B', 1_700_000_000_005));
      await s.messages.insertOutbound(fullOutbound('wamid.C#0'));
      await s.messages.markHandled('wamid.B', 9, { intent: 'greeting', confidence: 0.7 });
      await s.messages.markHandled('wamid.B#0', 9); // outbound: no change
      await s.messages.updateDelivery('wamid.B#1', { status: 'sent', at: 10, channelMessageId: 'wamid.X' });
      await s.messages.updateDelivery('wamid.B', { status: 'sent', at: 10 }); // inbound: no change
      out.push(await s.messages.listByConversation('c1'));
      out.push(await s.messages.listByConversation('c1', { after: 1_700_000_000_000, limit: 3 }));
      out.push(await s.messages.listByCustomer(CUSTOMER_ID, { after: 1_700_000_000_004 }));
      out.push(await s.messages.listReplies('wamid.B'));
      out.push(await s.messages.findByChannelMessageId('wamid.X'));
      out.push(await s.messages.get('wamid.B'));
      out.push(await s.messages.get('wamid.C#0'));
      await s.handoffs.create(fullHandoff('h-a'));
      await s.handoffs.create({ ...fullHandoff('h-b'), status: 'queued', queuedAt: 5, team: 'billing', agentId: undefined, notes: [], csat: undefined });
      out.push(await s.handoffs.transition('h-b', 'queued', { status: 'claimed', agentId: 'ag9', claimedAt: 6, version: 99 }));
      out.push(await s.handoffs.transition('h-b', 'claimed', { status: 'queued', agentId: undefined, claimedAt: undefined }));
      out.push(await s.handoffs.addNote('h-a', { id: 'n9', agentId: 'ag1', text: 'more', at: 9 }));
      out.push(await s.handoffs.list({ teams: ['sales', 'billing'], team: 'sales' }));
      out.push(await s.handoffs.list({ status: 'queued', teams: [] }));
      out.push(await s.handoffs.listByCustomer(CUSTOMER_ID, 0));
      out.push(await s.handoffs.listByCustomer(CUSTOMER_ID, 10));
      await s.agents.create({ ...fullAgent('ag1'), email: 'Mina@Shop.Example' });
      out.push(await s.agents.create({ ...fullAgent('ag2'), email: 'mina@shop.example' }));
      out.push(await s.agents.update('ag1', { lastSeenAt: undefined, active: false }));
      out.push(await s.agents.update('nobody', { active: false }));
      out.push(await s.agents.getByEmail('MINA@SHOP.EXAMPLE'));
      out.push(await s.agents.list());
      await s.audit.append(fullAudit('e1'));
      await s.audit.append({ ...fullAudit('e2'), at: 2, detail: undefined });
      out.push(await s.audit.list({ actorId: 'ag1' }));
      out.push(await s.audit.list({ subjectId: 'h1', limit: 1 }));
      await s.unanswered.record({ key: 'bazar cox deliver', text: 'deliver to cox bazar?', at: 5, locale: 'en' });
      await s.unanswered.record({ key: 'bazar cox deliver', text: 'cox bazar delivery?', at: 7 });
      await s.unanswered.record({ key: 'emi', text: 'EMI?', at: 6, locale: 'bn' });
      await s.unanswered.record({ key: 'emi', text: 'emi', at: 8, locale: 'en' });
      await s.unanswered.record({ key: 'installment', text: 'installment', at: 9 });
      out.push(await s.unanswered.list(10));
      out.push(await s.unanswered.list(2));
      out.push(await s.unanswered.list(0));
      return out;
    };
    const expected = await script(embedded);
    await embedded.close();
    const actual = await script(store);
    expect(actual).toEqual(expected);
  });

  it('makes one round trip per hot-path operation, with no read before a write', async () => {
    const monitored = await freshStore({ uri: `${freshUri()}${mongo.uri().includes('?') ? '&' : '?'}monitorCommands=true` });
    try {
      const commands: string[] = [];
      connectionOf(monitored)
        .getClient()
        .on('commandStarted', (event) => commands.push(event.commandName));
      const conversation = { ...fullConversation('conv-rt'), position: undefined, closedAt: undefined };
      await monitored.conversations.create(conversation);
      const measure = async (run: () => Promise<unknown>): Promise<string[]> => {
        commands.length = 0;
        await run();
        return [...commands];
      };
      expect(await measure(() => monitored.customers.touch({ id: CUSTOMER_ID, channel: 'whatsapp-cloud', address: '1', at: 1 }))).toEqual(['findAndModify']);
      expect(await measure(() => monitored.conversations.findOpen(CUSTOMER_ID))).toEqual(['find']);
      expect(await measure(() => monitored.messages.insertInbound(inbound('wamid.RT', conversation.id)))).toEqual(['insert']);
      expect(await measure(() => monitored.messages.insertInbound(inbound('wamid.RT', conversation.id)))).toEqual(['insert']);
      expect(await measure(() => monitored.conversations.save({ ...conversation, misses: 1 }))).toEqual(['findAndModify']);
      expect(await measure(() => monitored.messages.insertOutbound(outbound('wamid.RT#0', conversation.id, 'wamid.RT')))).toEqual(['insert']);
      expect(await measure(() => monitored.messages.markHandled('wamid.RT', 2))).toEqual(['update']);
      expect(await measure(() => monitored.messages.updateDelivery('wamid.RT#0', { status: 'sent', at: 3 }))).toEqual(['update']);
      expect(await measure(() => monitored.handoffs.create({ ...fullHandoff('h-rt'), status: 'queued' }))).toEqual(['insert']);
      expect(await measure(() => monitored.handoffs.transition('h-rt', 'queued', { status: 'claimed' }))).toEqual(['findAndModify']);
      expect(await measure(() => monitored.handoffs.addNote('h-rt', { id: 'n', agentId: 'a', text: 't', at: 1 }))).toEqual(['findAndModify']);
      expect(await measure(() => monitored.unanswered.record({ key: 'k', text: 't', at: 1 }))).toEqual(['update']);
    } finally {
      await dropAndClose(monitored);
    }
  });

  it('gives customers stored before identifiers existed their address as identifier at start-up, so lookups and search find them', async () => {
    const uri = freshUri();
    const before = new MongoStore({ uri });
    await before.init();
    const legacy = { _id: 'whatsapp-cloud:8801700000005', channel: 'whatsapp-cloud', address: '8801700000005', tags: [], optedOut: false, createdAt: 1, lastSeenAt: 1 };
    await connectionOf(before).collection('customers').insertOne(legacy as never);
    // Found by its id's address even before the migration ran...
    expect((await before.customers.findByIdentifiers('whatsapp-cloud', [{ kind: 'phone', value: '8801700000005' }])).map((c) => c.id)).toEqual([legacy._id]);
    await before.close();
    const after = new MongoStore({ uri });
    await after.init();
    try {
      const stored = await connectionOf(after).collection('customers').findOne({ _id: legacy._id as never });
      expect(stored).toMatchObject({ identifiers: [{ kind: 'phone', value: '8801700000005' }], searchKeys: ['p:5000000071088'] });
      expect((await after.customers.search('01700000005', 5)).map((c) => c.id)).toEqual([legacy._id]);
    } finally {
      await dropAndClose(after);
    }
  });

  it('creates every index in init(), before the first write', async () => {
    const models = (store as unknown as { models: Record<string, { collection: { name: string }; schema: { indexes(): Array<[Record<string, unknown>, Record<string, unknown>]> } }> }).models;
    // (FerretDB v1 accepts `sparse` but neither reports nor needs it; only keys and uniqueness are compared.)
    const describe = (key: unknown, unique: unknown): string => `${JSON.stringify(key)}${unique ? ' unique' : ''}`;
    const existing = async (name: string): Promise<string[]> => (await connectionOf(store).collection(name).indexes()).map((ix) => describe(ix.key, ix.unique));
    // Every index any schema declares exists, with its uniqueness...
    for (const model of Object.values(models)) {
      const declared = model.schema.indexes().map(([key, options]) => describe(key, options.unique));
      if (declared.length === 0) continue; // (customers: `_id` only; the collection appears on the first write)
      expect(await existing(model.collection.name)).toEqual(expect.arrayContaining(['{"_id":1}', ...declared]));
    }
    // ...including the ones the repositories' queries rely on.
    expect(await existing('conversations')).toEqual(expect.arrayContaining(['{"customerId":1,"status":1,"createdAt":-1}', '{"customerId":1,"createdAt":1,"_id":1}']));
    // A customer is looked up by any identifier, and searched by an agent, through an index.
    expect(await existing('customers')).toEqual(expect.arrayContaining(['{"channel":1,"identifiers.value":1}', '{"searchKeys":1}']));
    expect(await existing('messages')).toEqual(
      expect.arrayContaining([
        '{"channelMessageId":1}',
        '{"conversationId":1,"createdAt":1,"seq":1}',
        '{"customerId":1,"createdAt":1,"seq":1}',
        '{"inReplyTo":1,"createdAt":1,"seq":1}',
      ]),
    );
    expect(await existing('handoffs')).toEqual(
      expect.arrayContaining(['{"agentId":1,"status":1,"queuedAt":1}', '{"customerId":1,"queuedAt":-1,"_id":-1}', '{"status":1,"team":1,"queuedAt":1,"_id":1}']),
    );
    expect(await existing('agents')).toEqual(expect.arrayContaining(['{"email":1} unique']));
    expect(await existing('audit')).toEqual(expect.arrayContaining(['{"actorId":1,"at":-1,"seq":-1}', '{"at":-1,"seq":-1}', '{"subjectId":1,"at":-1,"seq":-1}']));
    expect(await existing('unanswered')).toEqual(expect.arrayContaining(['{"count":-1,"lastAt":-1}']));
    expect(await existing('login_attempts')).toEqual(expect.arrayContaining(['{"firstAt":1}']));
  });

  it('has a schema for every field the domain stores (fully populated objects pass strict casting)', async () => {
    const models = (store as unknown as { models: Record<string, { new (obj: object): { validate(): Promise<void> } }> }).models;
    const cases: Array<[string, object]> = [
      ['customers', fullCustomer(CUSTOMER_ID)],
      ['conversations', fullConversation('c-full')],
      ['messages', { ...fullInbound('m-in'), seq: 1 }],
      ['messages', { ...fullOutbound('m-out'), seq: 2 }],
      ['handoffs', fullHandoff('h-full')],
      ['agents', fullAgent('a-full')],
      ['audit', { ...fullAudit('e-full'), seq: 3 }],
    ];
    const { key, ...question } = fullUnanswered('k-full');
    await expect(new models.unanswered!({ _id: key, ...question }).validate()).resolves.toBeUndefined();
    for (const [name, value] of cases) {
      const { id, ...rest } = value as { id: string };
      // strict: 'throw' makes an unknown field an error instead of silently dropped data.
      const doc = new models[name]!({ _id: id, ...rest });
      await expect(doc.validate()).resolves.toBeUndefined();
    }
    // And the full objects round-trip through the real writes and reads.
    await store.conversations.create(fullConversation('c-full'));
    expect(await store.conversations.save(fullConversation('c-full'))).toEqual({ ...fullConversation('c-full'), version: 1 });
    await store.handoffs.create(fullHandoff('h-full'));
    expect(await store.handoffs.transition('h-full', 'closed', fullHandoff('h-full'))).toEqual({ ...fullHandoff('h-full'), version: 4 });
    await store.messages.insertInbound(fullInbound('m-in'));
    await store.messages.insertOutbound(fullOutbound('m-out'));
    expect(await store.messages.get('m-in')).toEqual(fullInbound('m-in'));
    expect(await store.messages.get('m-out')).toEqual(fullOutbound('m-out'));
    await store.unanswered.record({ key: 'k-full', text: 'first', at: 1, locale: 'bn' });
    await store.unanswered.record({ key: 'k-full', text: 'first', at: 2, locale: 'en' });
    await store.unanswered.record({ key: 'k-full', text: 'do you deliver to cox bazar?', at: 3 });
    expect(await store.unanswered.list(1)).toEqual([fullUnanswered('k-full')]);
  });
});

// ---------------------------------------------------------------------------
// connection lifecycle
// ---------------------------------------------------------------------------

describe('MongoStore connection', () => {
  it('fails init() within ~6 s with a clear error when nothing listens, without leaking the password', async () => {
    const port = await freePort();
    const store = new MongoStore({ uri: `mongodb://bot:s3cret@127.0.0.1:${port}/nothing?authSource=admin` });
    const started = Date.now();
    const error: Error = await store.init().then(
      () => {
        throw new Error('init() succeeded against a closed port');
      },
      (e: Error) => e,
    );
    expect(Date.now() - started).toBeLessThan(6_500);
    expect(error.message).toContain(`cannot connect to mongodb://127.0.0.1:${port}/nothing within 5000 ms`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('s3cret');
    await expect(store.ping()).rejects.toThrow(/not connected/);
    await store.close();
  });

  it('ping() says why before init() and after close()', async () => {
    const store = new MongoStore({ uri: freshUri() });
    await expect(store.ping()).rejects.toThrow(/init\(\) has not completed/);
    await store.init();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/not connected/);
  });

  it('reconnects by itself after the server restarts (same port, same data)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-restart-'));
    const port = await freePort();
    let server = await FerretDbServer.start(port, dataDir);
    const store = new MongoStore({ uri: `mongodb://127.0.0.1:${port}/restart?maxPoolSize=1` });
    try {
      await store.init();
      expect(await store.messages.insertInbound(inbound('wamid.BEFORE', 'c1'))).toBe(true);

      await server.stop();
      const failedAt = Date.now();
      await expect(store.ping()).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}/restart does not answer ping`));
      expect(Date.now() - failedAt).toBeLessThan(3_000);

      server = await FerretDbServer.start(port, dataDir);
      const restartedAt = Date.now();
      let lastError: unknown;
      for (;;) {
        try {
          await store.ping();
          break;
        } catch (error) {
          lastError = error;
          if (Date.now() - restartedAt > 5_000) throw new Error(`still no ping 5 s after the restart: ${String(lastError)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      // eslint-disable-next-line no-console
      console.log(`ping answered again ${Date.now() - restartedAt} ms after the restart`);
      expect(Date.now() - restartedAt).toBeLessThan(5_000);
      // Same data, and the unique index still guards.
      expect(await store.messages.insertInbound(inbound('wamid.BEFORE', 'c1'))).toBe(false);
      expect(await store.messages.insertInbound(inbound('wamid.AFTER', 'c1'))).toBe(true);
    } finally {
      await store.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
