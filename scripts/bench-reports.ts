/**
 * The 30-day manager summary (GET /api/reports/summary) on a big shop: seeds conversations with
 * realistic facts, ~20% of them handed off (claim, reply, close, CSAT, SLA breaches, returning
 * customers), and their messages (the reports never read messages; they make the database the
 * size it would be), into (a) the embedded store and (b) a MongoDB-wire server, then times the
 * summary as the route computes it (median of --runs). Writes bench/results/reports.json.
 *
 *   npm run bench:reports -- [--conversations 100000] [--messages 1000000] [--runs 5]
 *                            [--seed-budget 300] [--summary-budget 150] [--skip-sqlite] [--skip-mongo]
 *
 * Uses MONGODB_URI when set, else starts FerretDB through the test harness
 * (bash scripts/setup-services.sh builds it). Messages go into MongoDB in bulk (insertMany of
 * --batch documents); when seeding them takes longer than --seed-budget seconds the script
 * stops there and says how many it inserted and at what rate. When the timed runs would take
 * longer than --summary-budget seconds it stops after three (the median of three is reported).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import type { Conversation } from '../src/domain/conversation';
import type { Handoff } from '../src/domain/handoff';
import type { ChannelName } from '../src/domain/message';
import type { InboundEntry, OutboundEntry } from '../src/domain/transcript';
import { loadSummary } from '../src/reports/summary';
import type { ReportQuery, ReportSummary } from '../src/reports/types';
import { BusinessClock, addDays } from '../src/reports/businessClock';
import { SqliteDatabase } from '../src/sqlite/database';
import { SqliteStore } from '../src/store/sqlite';
import { MongoStore } from '../src/store/mongo';
import { toStored } from '../src/store/mongo/documents';
import { compileModels, type StoreModels } from '../src/store/mongo/models/storeModels';
import type { Store } from '../src/store/port';
import { startMongo, withDatabase } from '../test/support/services';

const DAY = 86_400_000;
const TIME_ZONE = 'Asia/Dhaka';
const TEAMS = ['sales', 'delivery', 'billing', 'returns'];
const AGENT_IDS = Array.from({ length: 12 }, (_, i) => `bench-agent-${i}`);
const INTENTS = ['order_status', 'order_status', 'delivery_charge', 'payment_methods', 'return_policy', 'shop_hours', 'product_price', undefined];
// Busier afternoons and evenings (local time), as a small shop sees.
const HOURS = [9, 10, 11, 11, 12, 13, 14, 14, 15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 22, 23];
const TARGET_MS = 2000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);

function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

interface Dataset {
  conversations: Conversation[];
  handoffs: Handoff[];
  query: ReportQuery;
  now: number;
}

/** Every conversation starts inside the 30-day window: the summary reads all of them (the worst case). */
function makeDataset(count: number, now: number): Dataset {
  const r = generator(20240304);
  const clock = new BusinessClock(TIME_ZONE);
  const today = clock.dateOf(now);
  const query: ReportQuery = { from: clock.startOfDay(addDays(today, -29)), to: clock.startOfDay(addDays(today, 1)), timeZone: TIME_ZONE, fcrDays: 3 };
  const customers = Math.max(1, Math.floor(count * 0.6)); // some come back
  const conversations: Conversation[] = [];
  const handoffs: Handoff[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const channel: ChannelName = roll < 0.8 ? 'whatsapp-cloud' : roll < 0.95 ? 'whatsapp-web' : 'simulator';
    const address = `8801${String(r.int(customers)).padStart(9, '0')}`;
    const customerId = `${channel}:${address}`;
    const day = addDays(today, -r.int(30));
    const createdAt = Math.min(now - 3_600_000, clock.startOfDay(day) + r.pick(HOURS) * 3_600_000 + r.int(3_600_000));
    const locale = r.next() < 0.45 ? 'bn' : 'en';
    const inbound = 1 + r.int(14);
    const handedOff = r.next() < 0.2;
    const intent = r.pick(INTENTS);
    const firstReplyAt = createdAt + 300 + r.int(2500);
    const conversation: Conversation = {
      id: `bc${i}`, customerId, channel, address, locale, owner: 'bot', status: r.next() < 0.9 ? 'closed' : 'open',
      position: r.next() < 0.3 ? { flowId: 'order_status', stepId: 'ask_order', flowVersion: 'v1', awaiting: true, attempts: 0 } : undefined,
      values: r.next() < 0.5 ? { order_id: String(200_000 + r.int(99_999)), order: { status: r.pick(['shipped', 'processing', 'delivered']) } } : {},
      misses: 0, intents: intent ? [{ intent, confidence: 0.7 + r.next() * 0.3, at: createdAt }] : [],
      facts: { inbound, unmatched: r.next() < 0.25 ? 1 + r.int(2) : 0, handoffs: handedOff ? 1 : 0, firstCustomerMessageAt: createdAt, firstReplyAt, ...(intent ? { firstIntent: intent } : {}) },
      lastCustomerMessageAt: createdAt + inbound * 40_000, createdAt, updatedAt: createdAt + inbound * 40_000, version: inbound,
    };
    if (!conversation.position) delete conversation.position;
    if (conversation.status === 'closed') conversation.closedAt = conversation.updatedAt + 3_600_000;
    conversations.push(conversation);
    if (!handedOff) continue;

    const queuedAt = createdAt + 20_000 + r.int(300_000);
    const wait = Math.floor(15_000 + r.next() ** 5 * 1_800_000); // mostly short, a long tail (~20% past 10 min)
    const claimed = r.next() < 0.95 && queuedAt + wait < now;
    const closed = claimed && r.next() < 0.92;
    const claimedAt = queuedAt + wait;
    const closedAt = claimedAt + 120_000 + r.int(1_800_000);
    const returnedToBot = r.next() < 0.1;
    const team = r.pick(TEAMS);
    const agentId = r.pick(AGENT_IDS);
    const handoff: Handoff = {
      id: `bh${i}`, conversationId: conversation.id, customerId, status: closed ? 'closed' : claimed ? 'claimed' : 'queued', trigger: r.pick(['customer-request', 'flow', 'misunderstood', 'sentiment'] as const),
      reason: 'asked for a person', team, priority: wait > 600_000 ? 'high' : 'normal', queuedAt, notes: r.next() < 0.2 ? [{ id: `n${i}`, agentId, text: 'called the courier', at: queuedAt + wait + 60_000 }] : [],
      version: 3, channel, locale, summary: 'Customer asked about an order; the bot collected the order number.', sentiment: round(r.next() * 2 - 1, 2),
      ...(wait > 600_000 ? { slaBreachedAt: queuedAt + 600_000 } : {}),
      ...(claimed ? { agentId, claimedAt, firstAgentReplyAt: claimedAt + 10_000 + r.int(120_000) } : {}),
      ...(closed ? { closedAt, resolution: returnedToBot ? 'returned to the bot' : r.pick(['answered', 'refund sent', 'replacement sent', 'order updated']) } : {}),
    };
    if (closed && !returnedToBot && r.next() < 0.55) {
      const score = r.pick([5, 5, 5, 4, 4, 4, 3, 3, 2, 1]);
      handoff.csat = { score, at: closedAt + 60_000, agentId, team, ...(score <= 2 && r.next() < 0.6 ? { comment: r.pick(['waited too long', 'অর্ডার এখনো আসেনি', 'wrong size sent']) } : {}) };
    }
    handoffs.push(handoff);
  }
  return { conversations, handoffs, query, now };
}

/** Message `n` of the transcript: ~M/N per conversation, customer and bot taking turns. */
function message(data: Dataset, n: number, total: number): InboundEntry | OutboundEntry {
  const perConversation = Math.max(1, total / data.conversations.length);
  const c = data.conversations[Math.min(data.conversations.length - 1, Math.floor(n / perConversation))];
  const k = n - Math.floor(Math.floor(n / perConversation) * perConversation);
  const base = { id: `bm${n}`, conversationId: c.id, customerId: c.customerId, channel: c.channel, createdAt: c.createdAt + k * 20_000, locale: c.locale };
  if (k % 2 === 0) return { ...base, direction: 'in', content: { type: 'text', text: c.locale === 'bn' ? 'আমার অর্ডার কোথায়? ২০৪৫১৮' : 'where is my order 204518?' }, handledAt: base.createdAt + 400, intent: 'order_status', confidence: 0.91 };
  return { ...base, direction: 'out', content: { type: 'text', text: 'Your order 204518 is on the way and should arrive tomorrow.' }, sender: 'bot', inReplyTo: `bm${n - 1}`, status: 'delivered', statusAt: base.createdAt + 2000 };
}

/**
 * One cold summary, then `runs` timed ones, or as many as fit in `budgetSeconds` once three
 * are done (a run on FerretDB can take tens of seconds): the result says how many it did.
 */
async function timeSummary(store: Store, data: Dataset, runs: number, budgetSeconds = Infinity): Promise<{ runsMs: number[]; medianMs: number; coldMs: number; summary: ReportSummary }> {
  // As the route does: agent names, then the summary, then the JSON.
  const once = async () => {
    const started = performance.now();
    const names = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
    const summary = await loadSummary(store.reports, data.query, names, data.now);
    JSON.stringify(summary);
    return { ms: performance.now() - started, summary };
  };
  const cold = await once();
  const runsMs: number[] = [];
  let summary = cold.summary;
  const deadline = performance.now() + budgetSeconds * 1000;
  for (let i = 0; i < runs; i++) {
    if (i >= 3 && performance.now() + cold.ms > deadline) break;
    const run = await once();
    runsMs.push(round(run.ms));
    summary = run.summary;
  }
  return { runsMs, medianMs: round(median(runsMs)), coldMs: round(cold.ms), summary };
}

/** Where the time of one summary goes: the two reads an uncut summary makes (see loadSummary). */
async function queryTimes(store: Store, data: Dataset): Promise<Record<string, { ms: number; rows: number }>> {
  const t0 = performance.now();
  const handoffs = await store.reports.handoffFacts({ from: data.query.from, to: Math.max(data.query.to, data.now) + data.query.fcrDays * DAY });
  const t1 = performance.now();
  const conversations = await store.reports.conversationFacts({ from: data.query.from, to: data.query.to });
  const t2 = performance.now();
  return {
    handoffFactsWithFollowUpWindow: { ms: round(t1 - t0), rows: handoffs.length },
    conversationFacts: { ms: round(t2 - t1), rows: conversations.length },
  };
}

/** The embedded store on a file in a temporary folder, seeded through the Store port as the bot writes. */
async function benchSqlite(data: Dataset, messages: number, runs: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const store = new SqliteStore({ database: new SqliteDatabase({ file: path.join(dir, 'bot.sqlite') }) });
  await store.init();
  const started = performance.now();
  // A thousand writes at a time: the group commit puts each thousand in one transaction.
  const inChunks = async <T>(items: T[], write: (item: T) => Promise<unknown>) => {
    for (let i = 0; i < items.length; i += 1000) await Promise.all(items.slice(i, i + 1000).map(write));
  };
  await inChunks(data.conversations, (c) => store.conversations.create(c));
  await inChunks(data.handoffs, (h) => store.handoffs.create(h));
  await inChunks(Array.from({ length: messages }, (_, n) => n), (n) => {
    const m = message(data, n, messages);
    return m.direction === 'in' ? store.messages.insertInbound(m) : store.messages.insertOutbound(m);
  });
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(`sqlite: seeded in ${round(seedSeconds)} s (rss ${rssMb()} MB)`);
  const timing = await timeSummary(store, data, runs);
  const queries = await queryTimes(store, data);
  console.log(`sqlite: 30-day summary median ${timing.medianMs} ms (cold ${timing.coldMs} ms), runs ${timing.runsMs.join(', ')}`);
  await store.close();
  const fileMb = Math.round(fs.statSync(path.join(dir, 'bot.sqlite')).size / 1e6);
  fs.rmSync(dir, { recursive: true, force: true });
  return { seedSeconds: round(seedSeconds), summaryMs: { median: timing.medianMs, cold: timing.coldMs, runs: timing.runsMs }, queries, rssMb: rssMb(), fileMb, summary: timing.summary };
}

/** insertMany of a few thousand documents at a time, straight into the collection (no mongoose documents). */
async function bulkInsert<T>(model: StoreModels[keyof StoreModels], items: Iterable<T>, toDoc: (item: T) => object, batch: number, deadline = Infinity): Promise<{ count: number; seconds: number; complete: boolean }> {
  const started = performance.now();
  let count = 0;
  let docs: object[] = [];
  const flush = async () => {
    if (docs.length === 0) return;
    await model.collection.insertMany(docs as never[], { ordered: false });
    count += docs.length;
    docs = [];
  };
  for (const item of items) {
    docs.push(toDoc(item));
    if (docs.length >= batch) {
      await flush();
      if (performance.now() > deadline) return { count, seconds: (performance.now() - started) / 1000, complete: false };
    }
  }
  await flush();
  return { count, seconds: (performance.now() - started) / 1000, complete: true };
}

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function benchMongo(data: Dataset, messages: number, runs: number, batch: number, budgetSeconds: number, summaryBudgetSeconds: number) {
  const service = await startMongo();
  const uri = process.env.MONGODB_URI ? service.uri : withDatabase(service.uri, `bench_reports_${Date.now()}`);
  const store = new MongoStore({ uri });
  const seeder = mongoose.createConnection();
  try {
    await store.init(); // creates the collections' indexes first, as in production
    await seeder.openUri(uri, { autoIndex: false, autoCreate: false, ignoreUndefined: true });
    const models = compileModels(seeder);
    const info = await seeder.getClient().db('admin').command({ buildInfo: 1 });
    const server = typeof info.ferretdbVersion === 'string' ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${String(info.version)}`;
    const deadline = performance.now() + budgetSeconds * 1000;
    const rate = <R extends { count: number; seconds: number }>(r: R) => ({ ...r, seconds: round(r.seconds), perSecond: Math.round(r.count / r.seconds) });
    const conversations = rate(await bulkInsert(models.conversations, data.conversations, (c) => toStored(c), batch));
    console.log(`mongo (${server}): ${conversations.count} conversations in ${conversations.seconds} s (${conversations.perSecond}/s)`);
    const handoffs = rate(await bulkInsert(models.handoffs, data.handoffs, (h) => toStored(h), batch));
    console.log(`mongo: ${handoffs.count} handoffs in ${handoffs.seconds} s (${handoffs.perSecond}/s)`);
    let seq = Date.now() * 1000;
    const seededMessages = rate(await bulkInsert(models.messages, range(messages), (n) => ({ ...toStored(message(data, n, messages)), seq: seq++ }), batch, deadline));
    console.log(`mongo: ${seededMessages.count} of ${messages} messages in ${seededMessages.seconds} s (${seededMessages.perSecond}/s)${seededMessages.complete ? '' : ' — stopped at the seed budget'}`);
    const timing = await timeSummary(store, data, runs, summaryBudgetSeconds);
    const queries = await queryTimes(store, data);
    console.log(`mongo: 30-day summary median ${timing.medianMs} ms (cold ${timing.coldMs} ms), runs ${timing.runsMs.join(', ')}`);
    return { server, seed: { conversations, handoffs, messages: seededMessages, batch }, summaryMs: { median: timing.medianMs, cold: timing.coldMs, runs: timing.runsMs }, queries, summary: timing.summary };
  } finally {
    await seeder.dropDatabase().catch(() => undefined);
    await seeder.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await service.stop();
  }
}

async function main(): Promise<void> {
  const conversations = arg('conversations', 100_000);
  const messages = arg('messages', 1_000_000);
  const runs = arg('runs', 5);
  const batch = arg('batch', 2000);
  const budget = arg('seed-budget', 300);
  const summaryBudget = arg('summary-budget', 150);
  const started = performance.now();
  const data = makeDataset(conversations, Date.now());
  console.log(`dataset: ${data.conversations.length} conversations, ${data.handoffs.length} handoffs, ${messages} messages, 30 days ending ${new Date(data.query.to).toISOString()}`);

  const sqlite = flag('skip-sqlite') ? undefined : await benchSqlite(data, messages, runs);
  const mongo = flag('skip-mongo') ? undefined : await benchMongo(data, messages, runs, batch, budget, summaryBudget);
  const same = sqlite && mongo ? JSON.stringify(sqlite.summary) === JSON.stringify(mongo.summary) : undefined;
  if (same === false) console.error('WARNING: the SQLite and Mongo summaries differ on the same data');
  const k = sqlite?.summary ?? mongo?.summary;

  const result = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    dataset: {
      conversations, handoffs: data.handoffs.length, messages, days: 30, timeZone: TIME_ZONE,
      note: 'every conversation starts inside the 30-day window, so the summary reads all of them',
    },
    targetMs: TARGET_MS,
    sqlite: sqlite && { seedSeconds: sqlite.seedSeconds, summaryMs: sqlite.summaryMs, queries: sqlite.queries, rssMb: sqlite.rssMb, fileMb: sqlite.fileMb, underTarget: sqlite.summaryMs.median < TARGET_MS },
    mongo: mongo && { server: mongo.server, seed: mongo.seed, summaryMs: mongo.summaryMs, queries: mongo.queries, underTarget: mongo.summaryMs.median < TARGET_MS },
    sameSummaryOnBothStores: same,
    kpis: k && { conversations: k.totals.conversations, handoffs: k.totals.handoffs, containment: k.containment.rate, fcr: k.firstContactResolution.rate, csat: k.csat.average, slaBreaches: k.slaBreaches.count },
    totalSeconds: round((performance.now() - started) / 1000),
  };
  const out = path.join(process.cwd(), 'bench', 'results', 'reports.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), out)} (${result.totalSeconds} s in all)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // A bulk-write error carries every inserted id: its stack is what helps.
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
