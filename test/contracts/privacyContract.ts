import type { Conversation } from '../../src/domain/conversation';
import type { InboundEntry, OutboundEntry } from '../../src/domain/transcript';
import { isErasedCustomerId } from '../../src/domain/customerData';
import { eraseCustomer } from '../../src/privacy/customerErasure';
import { exportCustomer } from '../../src/privacy/customerExport';
import { redactExpired, RetentionJob } from '../../src/privacy/retention';
import { loadSummary } from '../../src/reports/summary';
import type { ReportSummary } from '../../src/reports/types';
import type { Store } from '../../src/store/port';
import type { MediaStore } from '../../src/media/port';
import { Metrics } from '../../src/observability/metrics';
import { createLogger } from '../../src/observability/logger';
import { AGENTS, EXPECTED, PERIOD, SCENARIO_NOW, T0, scenarioQuery, seedReportScenario } from './reportsContract';

const DAY = 24 * 3_600_000;
// Customer b of the scripted week: two conversations (c3, c4), handoffs h2 (rated 2, with a comment) and h3.
const PHONE_B = '8801722222222';
const B = `whatsapp-cloud:${PHONE_B}`;
const A = 'whatsapp-cloud:8801711111111';
const NAME_B = 'Rahima Begum';
const SECRETS_OF_B = [PHONE_B, NAME_B, 'House 12, Road 5, Mirpur', 'call her after 6pm', 'She wants a replacement', 'too slow', 'replacement sent'];

async function summaryOf(store: Store): Promise<ReportSummary> {
  const names = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
  return loadSummary(store.reports, scenarioQuery(), names, SCENARIO_NOW);
}

/** The week's report with h2's CSAT comment gone: all an erasure or retention may change in it. */
const EXPECTED_WITHOUT_COMMENT = { ...EXPECTED, notes: [], lowestRated: EXPECTED.lowestRated.map(({ comment: _comment, ...rest }) => rest) };

const inbound = (id: string, conversationId: string, customerId: string, text: string, createdAt: number): InboundEntry => ({
  id, direction: 'in', conversationId, customerId, channel: 'whatsapp-cloud', createdAt, content: { type: 'text', text },
});
const outbound = (id: string, conversationId: string, customerId: string, text: string, createdAt: number): OutboundEntry => ({
  id, direction: 'out', conversationId, customerId, channel: 'whatsapp-cloud', createdAt, content: { type: 'text', text }, sender: 'agent', agentId: AGENTS.rafi.id, inReplyTo: undefined, status: 'sent',
});

/** The week, plus what a real chat leaves about customer b: a name, values, messages, notes, a summary, audit entries. */
async function seedPersonalData(store: Store): Promise<void> {
  await seedReportScenario(store);
  await store.customers.touch({ id: B, channel: 'whatsapp-cloud', address: PHONE_B, profileName: NAME_B, at: T0 + DAY });
  await store.customers.update(B, { tags: ['vip'], locale: 'bn' });
  for (const id of ['c3', 'c4']) {
    const conversation = (await store.conversations.get(id))!;
    await store.conversations.save({ ...conversation, values: { address: 'House 12, Road 5, Mirpur', order_id: '204518' } });
    await store.messages.insertInbound(inbound(`${id}-in`, id, B, 'my address is House 12, Road 5, Mirpur', conversation.createdAt + 1000));
    await store.messages.insertOutbound(outbound(`${id}-out`, id, B, 'Thanks, we will send a replacement', conversation.createdAt + 2000));
  }
  await store.handoffs.addNote('h2', { id: 'n1', agentId: AGENTS.rafi.id, text: 'call her after 6pm', at: T0 + DAY });
  await store.handoffs.transition('h2', 'closed', { summary: 'She wants a replacement' });
  await store.audit.append({ id: 'e-close', at: T0 + DAY, actorId: AGENTS.rafi.id, action: 'close', subjectType: 'handoff', subjectId: 'h2', detail: { resolution: 'replacement sent' } });
  await store.audit.append({ id: 'e-export', at: T0 + DAY, actorId: AGENTS.rafi.id, action: 'export-customer', subjectType: 'customer', subjectId: B });
  // Customer a keeps everything.
  await store.messages.insertInbound(inbound('c2-in', 'c2', A, 'where is my order', T0 + 1000));
}

/** A photo each customer sent: b in c3 and c4, a in c2 (the messages seedPersonalData wrote). */
const FILES = [
  { messageId: 'c3-in', conversationId: 'c3', customerId: B },
  { messageId: 'c4-in', conversationId: 'c4', customerId: B },
  { messageId: 'c2-in', conversationId: 'c2', customerId: A },
];
async function seedFiles(media: MediaStore): Promise<void> {
  for (const file of FILES) await media.put({ ...file, mimeType: 'image/jpeg' }, Buffer.from(`photo of a damaged parcel ${file.messageId}`));
}
async function filesKept(media: MediaStore): Promise<string[]> {
  const kept = await Promise.all(FILES.map(async ({ messageId }) => ((await media.get(messageId)) ? messageId : undefined)));
  return kept.filter((id): id is string => id !== undefined);
}

/** Everything the store would tell about the scripted week, as one text to search. */
async function everythingStored(store: Store): Promise<string> {
  const ids = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];
  const handoffIds = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
  const parts: unknown[] = [
    await Promise.all(ids.map((id) => store.conversations.get(id))),
    await Promise.all(ids.map((id) => store.messages.listByConversation(id))),
    await Promise.all(handoffIds.map((id) => store.handoffs.get(id))),
    await store.handoffs.list({}),
    await store.audit.list({ limit: 1000 }),
    await store.reports.conversationFacts({ from: 0, to: Number.MAX_SAFE_INTEGER }),
    await store.reports.handoffFacts({ from: 0, to: Number.MAX_SAFE_INTEGER }),
    await store.customers.get(B),
    await store.messages.listByCustomer(B),
  ];
  return JSON.stringify(parts);
}

export interface PrivacyContractAdapters {
  makeStore: () => Promise<Store>;
  disposeStore?: (store: Store) => Promise<void>;
  /** The MediaStore that goes with this Store in production (files with SQLite, GridFS with MongoDB). */
  makeMedia: () => Promise<MediaStore>;
  disposeMedia: (media: MediaStore) => Promise<void>;
}

/** Erasure, retention and leases (docs/PRIVACY.md): what every Store adapter must do, customers' files included. */
export function privacyContract(name: string, adapters: PrivacyContractAdapters): void {
  describe(`Privacy contract: ${name}`, () => {
    let store: Store;
    let media: MediaStore;
    beforeEach(async () => {
      store = await adapters.makeStore();
      media = await adapters.makeMedia();
    });
    afterEach(async () => {
      await adapters.disposeMedia(media);
      if (adapters.disposeStore) await adapters.disposeStore(store);
      else await store.close();
    });

    describe('erasing a customer', () => {
      it('removes their messages, name, number, values, notes and comments; reports keep their figures', async () => {
        await seedPersonalData(store);
        await seedFiles(media);
        expect(await summaryOf(store)).toEqual({ ...EXPECTED, notes: [] });
        const before = await everythingStored(store);
        expect(SECRETS_OF_B.filter((secret) => !before.includes(secret))).toEqual([]);

        const erasure = (await eraseCustomer(store, media, B, SCENARIO_NOW))!;
        expect(erasure).toMatchObject({ messages: 4, files: 2, conversations: 2, handoffs: 2, closedHandoffs: [] });
        // Their photos are gone from the media store; customer a's stays.
        expect(await filesKept(media)).toEqual(['c2-in']);
        expect(isErasedCustomerId(erasure.standIn)).toBe(true);
        expect(erasure.standIn.startsWith('whatsapp-cloud:')).toBe(true);

        const after = await everythingStored(store);
        expect(SECRETS_OF_B.filter((secret) => after.includes(secret))).toEqual([]);
        expect(await store.customers.get(B)).toBeNull();
        expect(await store.conversations.listByCustomer(B)).toEqual([]);
        expect(await store.handoffs.listByCustomer(B, 10)).toEqual([]);
        expect(await store.messages.listByCustomer(B)).toEqual([]);
        expect(await store.audit.list({ subjectId: B })).toEqual([]);
        expect(await store.audit.list({ subjectId: erasure.standIn })).toEqual([expect.objectContaining({ action: 'export-customer' })]);
        expect((await store.audit.list({ subjectId: 'h2' }))[0]).not.toHaveProperty('detail');

        // The facts stay, under one stand-in: first contact resolution still sees c3 and c4 as one customer.
        const c3 = (await store.conversations.get('c3'))!;
        expect(c3).toMatchObject({ customerId: erasure.standIn, address: '', values: {}, status: 'closed', redactedAt: SCENARIO_NOW });
        expect(c3.facts).toMatchObject({ inbound: 5, unmatched: 2, handoffs: 1 });
        expect(await store.handoffs.get('h2')).toMatchObject({ customerId: erasure.standIn, notes: [], csat: { score: 2 }, reason: '[erased]', resolution: '[erased]' });
        expect((await store.handoffs.get('h3'))!.resolution).toBe('returned to the bot');
        expect(await summaryOf(store)).toEqual(EXPECTED_WITHOUT_COMMENT);

        // Nobody else lost anything.
        expect(await store.messages.listByCustomer(A)).toHaveLength(1);
        expect((await store.customers.get(A))!.address).toBe('8801711111111');
        expect((await store.handoffs.get('h1'))!.csat!.comment).toBe('great, thanks');
      });

      it('closes what was still open, and a later message from the same number starts a fresh customer', async () => {
        const now = SCENARIO_NOW;
        const customerId = 'simulator:8801800000001';
        await store.customers.touch({ id: customerId, channel: 'simulator', address: '8801800000001', profileName: 'Karim', at: now - 1000 });
        const open: Conversation = {
          id: 'open-1', customerId, channel: 'simulator', address: '8801800000001', locale: 'en', owner: 'agent', agentId: AGENTS.mina.id, handoffId: 'h-open',
          status: 'open', values: { phone: '01711000000' }, misses: 0, intents: [], createdAt: now - 1000, updatedAt: now - 1000, version: 0,
        };
        await store.conversations.create(open);
        await store.handoffs.create({
          id: 'h-open', conversationId: 'open-1', customerId, status: 'claimed', trigger: 'erasure-request', reason: 'The customer asked to delete their data',
          team: 'default', priority: 'high', queuedAt: now - 900, claimedAt: now - 800, agentId: AGENTS.mina.id, notes: [], version: 1, channel: 'simulator',
        });
        await store.messages.insertInbound({ ...inbound('m-open', 'open-1', customerId, 'delete my data', now - 950), channel: 'simulator' });

        const erasure = (await eraseCustomer(store, media, customerId, now))!;
        expect(erasure.closedHandoffs.map((h) => h.id)).toEqual(['h-open']);
        expect(await store.handoffs.get('h-open')).toMatchObject({ status: 'closed', closedAt: now, resolution: '[erased]', customerId: erasure.standIn });
        expect(await store.conversations.get('open-1')).toMatchObject({ status: 'closed', closedAt: now, owner: 'bot', values: {} });
        expect(await store.conversations.findOpen(customerId)).toBeNull();
        expect(await store.messages.get('m-open')).toBeNull();

        const fresh = await store.customers.touch({ id: customerId, channel: 'simulator', address: '8801800000001', at: now + 1000 });
        expect(fresh).toMatchObject({ createdAt: now + 1000, tags: [] });
        expect(fresh.profileName).toBeUndefined();
        expect(await store.conversations.listByCustomer(customerId)).toEqual([]);
      });

      it('erases a customer whose records merged: everything under every identifier they had', async () => {
        const now = SCENARIO_NOW;
        const bsuid = { kind: 'bsuid' as const, value: 'BD.1427730559018264' };
        const phone = { kind: 'phone' as const, value: '8801733333333' };
        const byBsuid = `whatsapp-cloud:${bsuid.value}`;
        const byPhone = `whatsapp-cloud:${phone.value}`;
        // First known by username only, then by number: two records, one chat and one rated handoff each.
        await store.customers.touch({ id: byBsuid, channel: 'whatsapp-cloud', address: bsuid.value, identifiers: [bsuid], username: 'rina.shop', profileName: 'Rina Akter', at: now - 5000 });
        await store.customers.touch({ id: byPhone, channel: 'whatsapp-cloud', address: phone.value, identifiers: [phone], at: now - 4000 });
        for (const [n, customerId] of [byBsuid, byPhone].entries()) {
          const address = customerId.slice('whatsapp-cloud:'.length);
          await store.conversations.create({
            id: `merged-c${n}`, customerId, channel: 'whatsapp-cloud', address, locale: 'en', owner: 'bot', status: 'closed', closedAt: now - 3000,
            values: { address: 'House 7, Dhanmondi' }, misses: 0, intents: [], createdAt: now - 5000 + n, updatedAt: now - 3000, version: 0,
          });
          await store.handoffs.create({
            id: `merged-h${n}`, conversationId: `merged-c${n}`, customerId, status: 'closed', trigger: 'customer-request', reason: 'Rina wants a refund',
            team: 'default', priority: 'normal', queuedAt: now - 4500, closedAt: now - 3000, notes: [], version: 0, channel: 'whatsapp-cloud', csat: { score: 4, comment: 'Rina says thanks', at: now - 2000, team: 'default' },
          });
          await store.messages.insertInbound(inbound(`merged-m${n}`, `merged-c${n}`, customerId, 'send it to House 7, Dhanmondi', now - 4900 + n));
        }
        expect(await store.customers.merge(byPhone, byBsuid)).toMatchObject({ id: byBsuid, identifiers: expect.arrayContaining([bsuid, phone]) });
        // What the shop holds about her, before the erasure: both identifiers, the username, both chats.
        const held = (await exportCustomer(store, byBsuid, now))!;
        expect(held.identifiers).toEqual(expect.arrayContaining([{ channel: 'whatsapp-cloud', kind: 'bsuid', address: bsuid.value }, { channel: 'whatsapp-cloud', kind: 'phone', address: phone.value }]));
        expect(held.customer).toMatchObject({ username: 'rina.shop', name: 'Rina Akter' });
        expect(held.conversations.map((c) => c.id).sort()).toEqual(['merged-c0', 'merged-c1']);

        const erasure = (await eraseCustomer(store, media, byBsuid, now))!;
        expect(erasure).toMatchObject({ messages: 2, conversations: 2, handoffs: 2 });
        for (const id of [byBsuid, byPhone]) {
          expect(await store.customers.get(id)).toBeNull();
          expect(await store.conversations.listByCustomer(id)).toEqual([]);
          expect(await store.handoffs.listByCustomer(id, 10)).toEqual([]);
          expect(await store.messages.listByCustomer(id)).toEqual([]);
        }
        // No identifier leads back to them: not a message's sender look-up, not an agent's search.
        expect(await store.customers.findByIdentifiers('whatsapp-cloud', [bsuid, phone])).toEqual([]);
        for (const query of ['@rina.shop', 'rina', '01733333333', bsuid.value]) expect(await store.customers.search(query, 5)).toEqual([]);
        const kept = JSON.stringify([
          await Promise.all(['merged-c0', 'merged-c1'].map((id) => store.conversations.get(id))),
          await Promise.all(['merged-h0', 'merged-h1'].map((id) => store.handoffs.get(id))),
          await Promise.all(['merged-m0', 'merged-m1'].map((id) => store.messages.get(id))),
        ]);
        for (const secret of [bsuid.value, phone.value, 'rina', 'Rina', 'Dhanmondi']) expect(kept).not.toContain(secret);
        expect((await store.handoffs.get('merged-h1'))!.csat).toMatchObject({ score: 4 });

        // Writing again by username starts a fresh customer that knows nothing of the old ones:
        // the number the erased record had leads to nobody, the old username finds nobody.
        const fresh = await store.customers.touch({ id: byBsuid, channel: 'whatsapp-cloud', address: bsuid.value, identifiers: [bsuid], username: 'rina.new', at: now + 1000 });
        expect(fresh).toMatchObject({ identifiers: [bsuid], createdAt: now + 1000, tags: [] });
        expect(fresh.profileName).toBeUndefined();
        expect(await store.customers.findByIdentifiers('whatsapp-cloud', [phone])).toEqual([]);
        expect(await store.customers.search('01733333333', 5)).toEqual([]);
        expect(await store.customers.search('@rina.shop', 5)).toEqual([]);
      });

      it('says when there is nothing to erase', async () => {
        expect(await eraseCustomer(store, media, 'simulator:8801999999999', SCENARIO_NOW)).toBeNull();
      });
    });

    describe('retention', () => {
      it('keeps only facts of conversations closed before the cut; later ones, and reports, are untouched', async () => {
        await seedPersonalData(store);
        await seedFiles(media);
        // The cut: Wednesday of the week. c0..c3 closed before it; c4..c9 after.
        const cut = T0 + 2 * DAY;
        const result = await redactExpired(store, media, cut, SCENARIO_NOW);
        expect(result.conversations).toBe(4);
        expect(result.messages).toBe(3);
        // The photos sent in c2 and c3 go with their messages; the one in c4 stays.
        expect(result.files).toBe(2);
        expect(await filesKept(media)).toEqual(['c4-in']);
        expect(await store.messages.listByConversation('c3')).toEqual([]);
        expect(await store.messages.listByConversation('c4')).toHaveLength(2);
        expect(await store.conversations.get('c3')).toMatchObject({ values: {}, redactedAt: SCENARIO_NOW, customerId: B, address: PHONE_B });
        expect((await store.conversations.get('c4'))!.values).toEqual({ address: 'House 12, Road 5, Mirpur', order_id: '204518' });
        expect(await store.handoffs.get('h2')).toMatchObject({ notes: [], csat: { score: 2 }, resolution: 'replacement sent' });
        expect(await store.handoffs.get('h2')).not.toHaveProperty('summary');
        expect((await store.handoffs.get('h1'))!.csat).not.toHaveProperty('comment');
        expect(await store.customers.get(B)).toMatchObject({ profileName: NAME_B });
        expect(await summaryOf(store)).toEqual(EXPECTED_WITHOUT_COMMENT);

        // Done once: the next run finds nothing before the same cut.
        expect(await redactExpired(store, media, cut, SCENARIO_NOW + 1)).toEqual({ conversations: 0, messages: 0, files: 0 });
        // A later cut takes the rest, at most `limit` at a time, oldest first.
        expect((await redactExpired(store, media, PERIOD.to + 30 * DAY, SCENARIO_NOW, 2)).conversations).toBe(2);
        expect(await store.conversations.listExpired(PERIOD.to + 30 * DAY, 100)).toHaveLength(4);
        expect(await summaryOf(store)).toEqual(EXPECTED_WITHOUT_COMMENT);
      });

      it('closes and redacts a chat the bot owned that went idle; leaves chats with people and fresh ones alone', async () => {
        const now = SCENARIO_NOW;
        const base = { customerId: A, channel: 'whatsapp-cloud' as const, address: '8801711111111', locale: 'en' as const, status: 'open' as const, values: { order_id: '1' }, misses: 0, intents: [], version: 0 };
        await store.conversations.create({ ...base, id: 'idle', owner: 'bot', position: { flowId: 'f', stepId: 's', flowVersion: 'v', awaiting: true, attempts: 0 }, createdAt: now - 40 * DAY, updatedAt: now - 31 * DAY });
        await store.conversations.create({ ...base, id: 'with-agent', owner: 'agent', agentId: AGENTS.mina.id, createdAt: now - 40 * DAY, updatedAt: now - 31 * DAY });
        await store.conversations.create({ ...base, id: 'fresh', owner: 'bot', createdAt: now - 40 * DAY, updatedAt: now - 1 * DAY });
        expect((await store.conversations.listExpired(now - 30 * DAY, 10)).map((c) => c.id)).toEqual(['idle']);
        expect(await redactExpired(store, media, now - 30 * DAY, now)).toEqual({ conversations: 1, messages: 0, files: 0 });
        const idle = (await store.conversations.get('idle'))!;
        expect(idle).toMatchObject({ status: 'closed', closedAt: now, redactedAt: now, values: {} });
        expect(idle).not.toHaveProperty('position');
        expect((await store.conversations.get('with-agent'))!.values).toEqual({ order_id: '1' });
        expect((await store.conversations.get('fresh'))!.values).toEqual({ order_id: '1' });
      });

      it('runs once across workers: the lease holder works, the others skip', async () => {
        await seedPersonalData(store);
        await seedFiles(media);
        const metrics = new Metrics();
        const logger = createLogger({ silent: true });
        const jobs = [1, 2, 3].map(() => new RetentionJob({ store, media, retentionDays: 30, checkEveryMs: 60_000, metrics, logger, clock: () => SCENARIO_NOW }));
        const outcomes = await Promise.all(jobs.map((job) => job.check()));
        expect([...outcomes].sort()).toEqual(['ran', 'skipped', 'skipped']);
        const runs = await metrics.registry.getSingleMetricAsString('wabot_retention_runs_total');
        expect(runs).toMatch(/outcome="ran"} 1/);
        expect(runs).toMatch(/outcome="skipped"} 2/);
        // Everything closed before SCENARIO_NOW - 30 days: the whole week.
        const redacted = await metrics.registry.getSingleMetricAsString('wabot_retention_redacted_total');
        expect(redacted).toMatch(/what="conversations"} 10/);
        expect(redacted).toMatch(/what="files"} 3/);
        expect(await filesKept(media)).toEqual([]);
        expect(await store.messages.listByCustomer(B)).toEqual([]);
        expect(await summaryOf(store)).toEqual(EXPECTED_WITHOUT_COMMENT);
        // The holder renews at its next check; the others still skip.
        const holder = jobs[outcomes.indexOf('ran')]!;
        const again = await Promise.all(jobs.map((job) => job.check()));
        expect(again[jobs.indexOf(holder)]).toBe('ran');
        expect(again.filter((o) => o === 'skipped')).toHaveLength(2);
        for (const job of jobs) await job.stop();
      });
    });

    describe('leases', () => {
      it('has one holder at a time, renewed by its holder, taken over once it lapses or is handed back', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.leases.acquire('job', `w${i}`, 1_000, 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const holder = `w${results.indexOf(true)}`;
        const other = holder === 'w0' ? 'w1' : 'w0';
        expect(await store.leases.acquire('job', other, 60_999, 60_000)).toBe(false);
        expect(await store.leases.acquire('job', holder, 60_999, 60_000)).toBe(true);
        expect(await store.leases.acquire('job', other, 120_998, 60_000)).toBe(false);
        expect(await store.leases.acquire('job', other, 120_999, 60_000)).toBe(true);
        expect(await store.leases.acquire('another-job', holder, 121_000, 60_000)).toBe(true);
        await store.leases.release('job', holder);
        expect(await store.leases.acquire('job', holder, 121_000, 60_000)).toBe(false);
        await store.leases.release('job', other);
        expect(await store.leases.acquire('job', holder, 121_000, 60_000)).toBe(true);
      });
    });
  });
}
