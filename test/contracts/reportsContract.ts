import type { Conversation, ConversationFacts } from '../../src/domain/conversation';
import type { Handoff } from '../../src/domain/handoff';
import type { ChannelName } from '../../src/domain/message';
import type { Locale } from '../../src/domain/locale';
import { loadSummary } from '../../src/reports/summary';
import type { ReportQuery, ReportSummary } from '../../src/reports/types';
import { SqliteDatabase } from '../../src/sqlite/database';
import { SqliteStore } from '../../src/store/sqlite';
import type { ConversationFactRow, HandoffFactRow, ReportFactsQuery, Store } from '../../src/store/port';
import { referenceReports, type ReportSeedTarget } from '../support/referenceReports';

// ---------------------------------------------------------------------------
// The scripted week: every KPI of it is worked out by hand in EXPECTED below.
// ---------------------------------------------------------------------------

export const TIME_ZONE = 'Asia/Dhaka'; // UTC+6, no daylight saving
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;
/** Monday 2024-03-04 00:00 in Dhaka. The period is that week: [T0, T0 + 7 days). */
export const T0 = Date.UTC(2024, 2, 3, 18, 0, 0);
export const PERIOD = { from: T0, to: T0 + 7 * DAY, fromDate: '2024-03-04', toDate: '2024-03-11' };
/** Local wall time of the week: day 0 = Monday. */
const at = (day: number, hour: number, minute = 0) => T0 + day * DAY + hour * H + minute * MIN;
/** "Now" for the scenario: long after every FCR window has ended. */
export const SCENARIO_NOW = T0 + 60 * DAY;

export const AGENTS = {
  mina: { id: 'ag-mina', name: 'Mina', email: 'mina@shop.test', password: 'mina-pass-2024', teams: ['sales'] },
  rafi: { id: 'ag-rafi', name: 'Rafi', email: 'rafi@shop.test', password: 'rafi-pass-2024', teams: ['delivery'] },
} as const;

const CUSTOMER = {
  a: 'whatsapp-cloud:8801711111111', // handed off Monday, comes back 6.5 days after the close
  b: 'whatsapp-cloud:8801722222222', // Bengali; SLA breached, rated 2, back within 3 days
  d: 'whatsapp-cloud:8801733333333', // still waiting on Sunday (a handoff stored without `channel`)
  s1: 'simulator:8801700000001',
  s5: 'simulator:8801700000005',
  s7: 'simulator:8801700000007',
  w8: 'whatsapp-web:8801744444444',
};

interface ConversationPlan {
  id: string;
  customerId: string;
  locale: Locale;
  createdAt: number;
  inbound: number;
  unmatched: number;
  handoffs: number;
  replyAfterSeconds: number;
  intent?: string;
}

const CONVERSATIONS: ConversationPlan[] = [
  { id: 'c1', customerId: CUSTOMER.s1, locale: 'en', createdAt: at(0, 10), inbound: 3, unmatched: 0, handoffs: 0, replyAfterSeconds: 2, intent: 'delivery_charge' },
  { id: 'c2', customerId: CUSTOMER.a, locale: 'en', createdAt: at(0, 11), inbound: 4, unmatched: 1, handoffs: 1, replyAfterSeconds: 4, intent: 'order_status' },
  { id: 'c3', customerId: CUSTOMER.b, locale: 'bn', createdAt: at(1, 14), inbound: 5, unmatched: 2, handoffs: 1, replyAfterSeconds: 6, intent: 'return_policy' },
  { id: 'c4', customerId: CUSTOMER.b, locale: 'bn', createdAt: at(3, 9), inbound: 2, unmatched: 0, handoffs: 1, replyAfterSeconds: 2, intent: 'return_policy' },
  { id: 'c5', customerId: CUSTOMER.s5, locale: 'en', createdAt: at(5, 20), inbound: 3, unmatched: 3, handoffs: 0, replyAfterSeconds: 8 },
  { id: 'c6', customerId: CUSTOMER.d, locale: 'en', createdAt: at(6, 21), inbound: 2, unmatched: 0, handoffs: 1, replyAfterSeconds: 2, intent: 'order_status' },
  { id: 'c7', customerId: CUSTOMER.s7, locale: 'en', createdAt: at(2, 16), inbound: 3, unmatched: 0, handoffs: 1, replyAfterSeconds: 3, intent: 'payment_methods' },
  { id: 'c8', customerId: CUSTOMER.w8, locale: 'en', createdAt: at(4, 12), inbound: 2, unmatched: 0, handoffs: 0, replyAfterSeconds: 1, intent: 'shop_hours' },
  // Outside the period: the hour before it, and the instant it ends ([from, to) excludes `to`).
  { id: 'c0', customerId: CUSTOMER.a, locale: 'en', createdAt: at(0, 0) - H, inbound: 1, unmatched: 0, handoffs: 1, replyAfterSeconds: 1, intent: 'order_status' },
  { id: 'c9', customerId: CUSTOMER.a, locale: 'en', createdAt: at(7, 0), inbound: 1, unmatched: 0, handoffs: 1, replyAfterSeconds: 1, intent: 'order_status' },
];

interface HandoffPlan {
  id: string;
  conversationId: string;
  team: string;
  queuedAt: number;
  /** Omitted on h4: handoffs stored before `channel` was kept (the customer id still says it). */
  keepChannel?: false;
  slaAfter?: number;
  claim?: { agentId: string; after: number; firstReplyAfter: number };
  close?: { afterClaim: number; resolution: string; csat?: { score: number; comment?: string } };
}

const HANDOFFS: HandoffPlan[] = [
  { id: 'h1', conversationId: 'c2', team: 'sales', queuedAt: at(0, 11, 1), claim: { agentId: AGENTS.mina.id, after: 60, firstReplyAfter: 90 }, close: { afterClaim: 600, resolution: 'refund sent', csat: { score: 5, comment: 'great, thanks' } } },
  { id: 'h2', conversationId: 'c3', team: 'delivery', queuedAt: at(1, 14, 2), slaAfter: 300, claim: { agentId: AGENTS.rafi.id, after: 600, firstReplyAfter: 660 }, close: { afterClaim: 1200, resolution: 'replacement sent', csat: { score: 2, comment: 'too slow, "again"' } } },
  { id: 'h3', conversationId: 'c4', team: 'delivery', queuedAt: at(3, 9, 1), claim: { agentId: AGENTS.rafi.id, after: 120, firstReplyAfter: 180 }, close: { afterClaim: 300, resolution: 'returned to the bot' } },
  { id: 'h4', conversationId: 'c6', team: 'sales', queuedAt: at(6, 21, 1), keepChannel: false },
  { id: 'h5', conversationId: 'c7', team: 'sales', queuedAt: at(2, 16, 5), claim: { agentId: AGENTS.mina.id, after: 30, firstReplyAfter: 45 }, close: { afterClaim: 900, resolution: 'answered' } },
  // Outside: queued before the period (closed and rated 1 inside it), and one minute after it.
  { id: 'h0', conversationId: 'c0', team: 'sales', queuedAt: at(0, 0) - 30 * MIN, claim: { agentId: AGENTS.mina.id, after: 300, firstReplyAfter: 310 }, close: { afterClaim: 2100, resolution: 'done', csat: { score: 1, comment: 'bad' } } },
  { id: 'h6', conversationId: 'c9', team: 'sales', queuedAt: at(7, 0, 1) },
];

const channelOf = (customerId: string) => customerId.split(':')[0] as ChannelName;

/** Seeding works outside jest too (the e2e test and scripts): a refused write throws. */
function must<T>(value: T | null | false, what: string): T {
  if (value === null || value === false) throw new Error(`scenario: ${what} was refused by the store`);
  return value;
}

/**
 * Writes the week through the Store's own repositories, as the product would: a conversation
 * is created with its first facts and saved again with the final ones; a handoff is created
 * queued and moved through claim, first reply, close and rating with guarded transitions.
 */
export async function seedReportScenario(store: Store): Promise<void> {
  for (const agent of Object.values(AGENTS)) {
    await store.agents.create({ id: agent.id, email: agent.email, name: agent.name, passwordHash: 'x', role: 'agent', teams: [...agent.teams], maxOpenChats: 5, active: true, createdAt: T0 - 30 * DAY });
  }
  for (const plan of CONVERSATIONS) {
    const channel = channelOf(plan.customerId);
    await store.customers.touch({ id: plan.customerId, channel, address: plan.customerId.split(':')[1], at: plan.createdAt });
    const first: ConversationFacts = { inbound: 1, unmatched: 0, handoffs: 0, firstCustomerMessageAt: plan.createdAt, firstReplyAt: plan.createdAt + plan.replyAfterSeconds * S };
    const conversation: Conversation = {
      id: plan.id, customerId: plan.customerId, channel, address: plan.customerId.split(':')[1], locale: plan.locale, owner: 'bot', status: 'open',
      values: {}, misses: 0, intents: [], createdAt: plan.createdAt, updatedAt: plan.createdAt, version: 0, facts: first,
    };
    await store.conversations.create(conversation);
    const facts: ConversationFacts = { ...first, inbound: plan.inbound, unmatched: plan.unmatched, handoffs: plan.handoffs };
    if (plan.intent) facts.firstIntent = plan.intent;
    await store.conversations.save({ ...conversation, facts, status: 'closed', closedAt: plan.createdAt + H, updatedAt: plan.createdAt + H });
  }
  for (const plan of HANDOFFS) {
    const conversation = CONVERSATIONS.find((c) => c.id === plan.conversationId)!;
    const handoff: Handoff = {
      id: plan.id, conversationId: plan.conversationId, customerId: conversation.customerId, status: 'queued', trigger: 'customer-request', reason: 'asked for a person',
      team: plan.team, priority: 'normal', queuedAt: plan.queuedAt, notes: [], version: 0, locale: conversation.locale,
      ...(plan.keepChannel === false ? {} : { channel: channelOf(conversation.customerId) }),
    };
    must(await store.handoffs.create(handoff), `create ${plan.id}`);
    if (plan.slaAfter !== undefined) must(await store.handoffs.transition(plan.id, 'queued', { slaBreachedAt: plan.queuedAt + plan.slaAfter * S, priority: 'high' }), `update ${plan.id}`);
    if (!plan.claim) continue;
    const claimedAt = plan.queuedAt + plan.claim.after * S;
    must(await store.handoffs.transition(plan.id, 'queued', { status: 'claimed', agentId: plan.claim.agentId, claimedAt }), `update ${plan.id}`);
    must(await store.handoffs.transition(plan.id, 'claimed', { firstAgentReplyAt: plan.queuedAt + plan.claim.firstReplyAfter * S }), `update ${plan.id}`);
    if (!plan.close) continue;
    const closedAt = claimedAt + plan.close.afterClaim * S;
    must(await store.handoffs.transition(plan.id, 'claimed', { status: 'closed', closedAt, resolution: plan.close.resolution }), `update ${plan.id}`);
    const csat = plan.close.csat;
    if (csat) must(await store.handoffs.transition(plan.id, 'closed', { csat: { score: csat.score, comment: csat.comment, at: closedAt + 2 * MIN, agentId: plan.claim.agentId, team: plan.team } }), `update ${plan.id}`);
  }
}

const distribution = (d: Partial<Record<'1' | '2' | '3' | '4' | '5', number>>) => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, ...d });
const zeroHours = () => Array.from({ length: 24 }, (_, hour) => ({ hour, conversations: 0 }));
const iso = (ms: number) => new Date(ms).toISOString();

/** The whole week, uncut, FCR within 3 days. Every number is derived in the comments. */
export const EXPECTED: Omit<ReportSummary, 'notes'> = {
  period: { from: iso(PERIOD.from), to: iso(PERIOD.to), timeZone: TIME_ZONE, days: 7 },
  filters: {},
  // c1..c8; h1..h5 (h0 before, h6 after); closed h1 h2 h3 h5
  totals: { conversations: 8, handoffs: 5, closedHandoffs: 4 },
  firstResponse: {
    // bot replies after 2 4 6 2 8 2 3 1 s → sorted 1 2 2 2 3 4 6 8: mean 28/8, median (2+3)/2, p90 at rank 6.3 → 6 + 0.3·2
    bot: { count: 8, averageSeconds: 3.5, medianSeconds: 2.5, p90Seconds: 6.6 },
    // first agent reply after queueing: h5 45, h1 90, h3 180, h2 660 → p90 at rank 2.7 → 180 + 0.7·480
    human: { count: 4, averageSeconds: 243.75, medianSeconds: 135, p90Seconds: 516 },
  },
  // claimed after 30 60 120 600 s
  timeToHuman: { count: 4, averageSeconds: 202.5, medianSeconds: 90, p90Seconds: 456 },
  // closed after the claim: 300 600 900 1200 s
  handleTime: { count: 4, averageSeconds: 750, medianSeconds: 750, p90Seconds: 1110 },
  // queued to closed: 420 660 930 1800 s
  resolutionTime: { count: 4, averageSeconds: 952.5, medianSeconds: 795, p90Seconds: 1539 },
  // c1 c5 c8 never handed off, of 8
  containment: { count: 3, total: 8, rate: 0.375 },
  // of h1 h2 h3 h5, h2's customer came back (h3) 1.8 days after the close; h1's comes back (h6) only after 6.5 days
  firstContactResolution: { count: 3, total: 4, rate: 0.75, days: 3, provisional: 0 },
  // asked: h1 h2 h5 (h3 went back to the bot); rated h1 (5) and h2 (2)
  csat: { average: 3.5, responses: 2, asked: 3, responseRate: 0.6667, distribution: distribution({ '2': 1, '5': 1 }) },
  slaBreaches: { count: 1, total: 5, rate: 0.2 },
  // unmatched 1+2+3 of inbound 3+4+5+2+3+2+3+2
  unansweredRate: { count: 6, total: 24, rate: 0.25 },
  volume: {
    byHour: zeroHours().map((h) => ({ ...h, conversations: [9, 10, 11, 12, 14, 16, 20, 21].includes(h.hour) ? 1 : 0 })),
    byWeekday: [
      { weekday: 'Mon', conversations: 2 }, { weekday: 'Tue', conversations: 1 }, { weekday: 'Wed', conversations: 1 }, { weekday: 'Thu', conversations: 1 },
      { weekday: 'Fri', conversations: 1 }, { weekday: 'Sat', conversations: 1 }, { weekday: 'Sun', conversations: 1 },
    ],
    byIntent: [
      { intent: 'order_status', conversations: 2 }, { intent: 'return_policy', conversations: 2 }, { intent: '(none)', conversations: 1 },
      { intent: 'delivery_charge', conversations: 1 }, { intent: 'payment_methods', conversations: 1 }, { intent: 'shop_hours', conversations: 1 },
    ],
    byLanguage: [{ language: 'en', conversations: 6 }, { language: 'bn', conversations: 2 }],
    byChannel: [{ channel: 'whatsapp-cloud', conversations: 4 }, { channel: 'simulator', conversations: 3 }, { channel: 'whatsapp-web', conversations: 1 }],
  },
  daily: [
    { date: '2024-03-04', conversations: 2, handedOff: 1, csatAverage: 5 },
    { date: '2024-03-05', conversations: 1, handedOff: 1, csatAverage: 2 },
    { date: '2024-03-06', conversations: 1, handedOff: 1, csatAverage: null },
    { date: '2024-03-07', conversations: 1, handedOff: 1, csatAverage: null },
    { date: '2024-03-08', conversations: 1, handedOff: 0, csatAverage: null },
    { date: '2024-03-09', conversations: 1, handedOff: 0, csatAverage: null },
    { date: '2024-03-10', conversations: 1, handedOff: 1, csatAverage: null },
  ],
  teams: [
    { team: 'sales', handoffs: 3, medianTimeToHumanSeconds: 45, medianHandleTimeSeconds: 750, csatAverage: 5, csatResponses: 1, slaBreaches: 0 },
    { team: 'delivery', handoffs: 2, medianTimeToHumanSeconds: 360, medianHandleTimeSeconds: 750, csatAverage: 2, csatResponses: 1, slaBreaches: 1 },
  ],
  agents: [
    { agentId: AGENTS.mina.id, name: 'Mina', handoffs: 2, medianTimeToHumanSeconds: 45, medianHandleTimeSeconds: 750, csatAverage: 5, csatResponses: 1, slaBreaches: 0 },
    { agentId: AGENTS.rafi.id, name: 'Rafi', handoffs: 2, medianTimeToHumanSeconds: 360, medianHandleTimeSeconds: 750, csatAverage: 2, csatResponses: 1, slaBreaches: 1 },
  ],
  lowestRated: [
    { handoffId: 'h2', score: 2, comment: 'too slow, "again"', agentId: AGENTS.rafi.id, agentName: 'Rafi', team: 'delivery', closedAt: iso(at(1, 14, 2) + 1800 * S) },
  ],
};

export function scenarioQuery(over: Partial<ReportQuery> = {}): ReportQuery {
  return { from: PERIOD.from, to: PERIOD.to, timeZone: TIME_ZONE, fcrDays: 3, ...over };
}

async function summaryOf(store: Store, query: ReportQuery): Promise<ReportSummary> {
  const names = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
  return loadSummary(store.reports, query, names, SCENARIO_NOW);
}

// ---------------------------------------------------------------------------
// Random data for the adapter-equivalence check (a seeded generator: failures replay).
// ---------------------------------------------------------------------------

function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

const TEAMS = ['sales', 'delivery', 'billing'];
const CHANNELS: ChannelName[] = ['simulator', 'whatsapp-cloud', 'whatsapp-web'];
const INTENTS = ['order_status', 'delivery_charge', 'return_policy', undefined];

async function seedRandom(stores: ReportSeedTarget[], seed: number, count: number): Promise<void> {
  const r = generator(seed);
  for (let i = 0; i < count; i++) {
    const channel = r.pick(CHANNELS);
    const customerId = `${channel}:88017${String(r.int(40)).padStart(8, '0')}`;
    const createdAt = PERIOD.from - 2 * DAY + r.int(11 * DAY);
    const handoffs = r.next() < 0.4 ? 1 : 0;
    const withFacts = r.next() < 0.95;
    const intent = r.pick(INTENTS);
    const facts: ConversationFacts = { inbound: 1 + r.int(8), unmatched: r.int(3), handoffs, firstCustomerMessageAt: createdAt, ...(r.next() < 0.9 ? { firstReplyAt: createdAt + r.int(20_000) } : {}), ...(intent ? { firstIntent: intent } : {}) };
    const conversation: Conversation = {
      id: `rc${i}`, customerId, channel, address: customerId.split(':')[1], locale: r.pick(['en', 'bn'] as const), owner: 'bot', status: 'open', values: { order_id: String(i) },
      misses: 0, intents: [], createdAt, updatedAt: createdAt, version: 0, ...(withFacts ? { facts } : {}),
    };
    const queuedAt = createdAt + r.int(120_000);
    const claimed = r.next() < 0.8;
    const closed = claimed && r.next() < 0.8;
    const claimedAt = queuedAt + r.int(900_000);
    const closedAt = claimedAt + r.int(3_600_000);
    const handoff: Handoff = {
      id: `rh${i}`, conversationId: conversation.id, customerId, status: closed ? 'closed' : claimed ? 'claimed' : 'queued', trigger: 'flow', reason: 'r', team: r.pick(TEAMS), priority: 'normal',
      queuedAt, notes: [{ id: 'n', agentId: 'x', text: 'private', at: queuedAt }], version: 0,
      ...(r.next() < 0.9 ? { channel } : {}),
      ...(r.next() < 0.9 ? { locale: conversation.locale } : {}),
      ...(r.next() < 0.2 ? { slaBreachedAt: queuedAt + 1 } : {}),
      ...(claimed ? { agentId: r.pick(['ag-a', 'ag-b', 'ag-c']), claimedAt, ...(r.next() < 0.9 ? { firstAgentReplyAt: claimedAt + r.int(60_000) } : {}) } : {}),
      ...(closed ? { closedAt, resolution: r.next() < 0.2 ? 'returned to the bot' : 'done' } : {}),
      ...(closed && r.next() < 0.6 ? { csat: { score: 1 + r.int(5), at: closedAt + 1, team: 'sales', ...(r.next() < 0.5 ? { comment: `c${i}` } : {}) } } : {}),
    };
    for (const store of stores) {
      await store.conversations.create(conversation);
      if (handoffs) await store.handoffs.create(handoff);
    }
  }
}

function randomQueries(seed: number, n: number): ReportFactsQuery[] {
  const r = generator(seed);
  const queries: ReportFactsQuery[] = [{ from: PERIOD.from, to: PERIOD.to }];
  for (let i = 0; i < n; i++) {
    const from = PERIOD.from - 3 * DAY + r.int(8 * DAY);
    const q: ReportFactsQuery = { from, to: from + 1 + r.int(6 * DAY) };
    if (r.next() < 0.3) q.team = r.pick(TEAMS);
    if (r.next() < 0.3) q.agentId = r.pick(['ag-a', 'ag-b', 'ag-c', 'ag-nobody']);
    if (r.next() < 0.3) q.channel = r.pick(CHANNELS);
    if (r.next() < 0.3) q.locale = r.pick(['en', 'bn'] as const);
    if (r.next() < 0.2) q.conversationIds = Array.from({ length: r.int(30) }, () => `rc${r.int(200)}`);
    if (r.next() < 0.2) q.customerIds = Array.from({ length: r.int(10) }, () => `${r.pick(CHANNELS)}:88017${String(r.int(40)).padStart(8, '0')}`);
    queries.push(q);
  }
  return queries;
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

const CONVERSATION_ROW_KEYS = ['id', 'channel', 'locale', 'createdAt', 'facts'];
const HANDOFF_ROW_KEYS = ['id', 'conversationId', 'customerId', 'status', 'team', 'agentId', 'channel', 'locale', 'queuedAt', 'claimedAt', 'firstAgentReplyAt', 'closedAt', 'slaBreachedAt', 'resolution', 'csat'];

// ---------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------

/**
 * What every ReportsRepository must answer. Each adapter's test file calls this with a
 * factory of fresh, initialised, empty stores; the random-data check compares against plain
 * filters over the seeded records (test/support/referenceReports.ts).
 */
export function reportsContract(name: string, makeStore: () => Promise<Store>, dispose?: (store: Store) => Promise<void>): void {
  describe(`Reports contract: ${name}`, () => {
    const close = (store: Store) => (dispose ? dispose(store) : store.close());

    describe('the scripted week', () => {
      let store: Store;
      beforeAll(async () => {
        store = await makeStore();
        await seedReportScenario(store);
      });
      afterAll(async () => {
        if (store) await close(store);
      });

      it('gives every KPI of the week exactly', async () => {
        const summary = await summaryOf(store, scenarioQuery());
        expect(summary).toEqual({ ...EXPECTED, notes: [] });
      });

      it('counts a customer back within N days (fcrDays) against first contact resolution', async () => {
        // h1's customer comes back 6.5 days after the close: within 7 days, not within 3.
        expect((await summaryOf(store, scenarioQuery({ fcrDays: 7 }))).firstContactResolution).toEqual({ count: 2, total: 4, rate: 0.5, days: 7, provisional: 0 });
        expect((await summaryOf(store, scenarioQuery({ fcrDays: 1 }))).firstContactResolution).toEqual({ count: 4, total: 4, rate: 1, days: 1, provisional: 0 });
      });

      it('says when an FCR window has not ended yet', async () => {
        const names = new Map<string, string>();
        // Seen on Thursday 12:00: h3 (closed Thursday 09:08) and h5 (Wednesday) are within 3 days.
        const summary = await loadSummary(store.reports, scenarioQuery(), names, at(3, 12));
        expect(summary.firstContactResolution.provisional).toBe(2);
        expect(summary.notes).toEqual(['2 closed chats are less than 3 days old: first contact resolution can still drop.']);
      });

      it('cuts by channel, counting a handoff stored without channel by its customer id', async () => {
        const summary = await summaryOf(store, scenarioQuery({ channel: 'whatsapp-cloud' }));
        expect(summary.totals).toEqual({ conversations: 4, handoffs: 4, closedHandoffs: 3 });
        expect(summary.containment).toEqual({ count: 0, total: 4, rate: 0 });
        expect(summary.volume.byChannel).toEqual([{ channel: 'whatsapp-cloud', conversations: 4 }]);
        expect(summary.teams.map((t) => [t.team, t.handoffs])).toEqual([['delivery', 2], ['sales', 2]]);
        expect((await summaryOf(store, scenarioQuery({ channel: 'whatsapp-web' }))).totals).toEqual({ conversations: 1, handoffs: 0, closedHandoffs: 0 });
      });

      it('cuts by language', async () => {
        const summary = await summaryOf(store, scenarioQuery({ locale: 'bn' }));
        expect(summary.totals).toEqual({ conversations: 2, handoffs: 2, closedHandoffs: 2 });
        expect(summary.firstResponse.bot).toEqual({ count: 2, averageSeconds: 4, medianSeconds: 4, p90Seconds: 5.6 });
        expect(summary.csat).toMatchObject({ average: 2, responses: 1, asked: 1, responseRate: 1 });
        expect(summary.unansweredRate).toEqual({ count: 2, total: 7, rate: 0.2857 });
      });

      it('cuts by team: handoff figures of the team, conversation figures of the chats it got, no containment', async () => {
        const summary = await summaryOf(store, scenarioQuery({ team: 'delivery' }));
        expect(summary.totals).toEqual({ conversations: 2, handoffs: 2, closedHandoffs: 2 });
        expect(summary.containment).toEqual({ count: 0, total: 2, rate: null });
        expect(summary.timeToHuman).toEqual({ count: 2, averageSeconds: 360, medianSeconds: 360, p90Seconds: 552 });
        expect(summary.firstContactResolution).toMatchObject({ count: 1, total: 2, rate: 0.5 });
        expect(summary.slaBreaches).toEqual({ count: 1, total: 2, rate: 0.5 });
        expect(summary.teams).toEqual([EXPECTED.teams[1]]);
        expect(summary.agents).toEqual([EXPECTED.agents[1]]);
        expect(summary.notes[0]).toMatch(/cover only the conversations handed to this team or agent/);
      });

      it('cuts by agent', async () => {
        const summary = await summaryOf(store, scenarioQuery({ agentId: AGENTS.mina.id }));
        expect(summary.totals).toEqual({ conversations: 2, handoffs: 2, closedHandoffs: 2 });
        expect(summary.agents).toEqual([EXPECTED.agents[0]]);
        expect(summary.unansweredRate).toEqual({ count: 1, total: 7, rate: 0.1429 });
        expect(summary.lowestRated).toEqual([]);
        expect(summary.csat).toMatchObject({ average: 5, responses: 1, asked: 2, responseRate: 0.5 });
        const nobody = await summaryOf(store, scenarioQuery({ agentId: 'ag-nobody' }));
        expect(nobody.totals).toEqual({ conversations: 0, handoffs: 0, closedHandoffs: 0 });
        expect(nobody.timeToHuman).toEqual({ count: 0, averageSeconds: null, medianSeconds: null, p90Seconds: null });
      });

      it('takes from inclusive and to exclusive', async () => {
        const c2 = at(0, 11);
        const rows = await store.reports.conversationFacts({ from: c2, to: at(1, 14) });
        expect(rows.map((r) => r.id)).toEqual(['c2']);
        expect(rows[0]).toEqual({ id: 'c2', channel: 'whatsapp-cloud', locale: 'en', createdAt: c2, facts: { inbound: 4, unmatched: 1, handoffs: 1, firstCustomerMessageAt: c2, firstReplyAt: c2 + 4 * S, firstIntent: 'order_status' } });
        const handoffs = await store.reports.handoffFacts({ from: PERIOD.to + MIN, to: PERIOD.to + MIN + 1 });
        expect(handoffs).toEqual([{ id: 'h6', conversationId: 'c9', customerId: CUSTOMER.a, status: 'queued', team: 'sales', channel: 'whatsapp-cloud', locale: 'en', queuedAt: PERIOD.to + MIN }]);
        expect(await store.reports.handoffFacts({ from: PERIOD.to + MIN + 1, to: PERIOD.to + 2 * MIN })).toEqual([]);
      });

      it('reads back a handoff row with every field it needs and nothing else', async () => {
        const [h2] = await store.reports.handoffFacts({ from: at(1, 14, 2), to: at(1, 14, 3) });
        expect(h2).toEqual({
          id: 'h2', conversationId: 'c3', customerId: CUSTOMER.b, status: 'closed', team: 'delivery', agentId: AGENTS.rafi.id, channel: 'whatsapp-cloud', locale: 'bn',
          queuedAt: at(1, 14, 2), slaBreachedAt: at(1, 14, 7), claimedAt: at(1, 14, 12), firstAgentReplyAt: at(1, 14, 13), closedAt: at(1, 14, 32), resolution: 'replacement sent',
          csat: { score: 2, comment: 'too slow, "again"', at: at(1, 14, 34), agentId: AGENTS.rafi.id, team: 'delivery' },
        });
      });
    });

    describe('the same rows as the reference filters, on random data', () => {
      let store: Store;
      let reference: ReportSeedTarget;
      beforeAll(async () => {
        store = await makeStore();
        reference = referenceReports();
        await seedRandom([store, reference], 20240304, 240);
      });
      afterAll(async () => {
        if (store) await close(store);
      });

      it('answers conversationFacts and handoffFacts like the reference for 40 random queries', async () => {
        let nonEmpty = 0;
        for (const query of randomQueries(7, 40)) {
          const [conversations, expectedConversations] = await Promise.all([store.reports.conversationFacts(query), reference.reports.conversationFacts(query)]);
          expect({ query, rows: byId(conversations) }).toEqual({ query, rows: byId(expectedConversations) });
          const [handoffs, expectedHandoffs] = await Promise.all([store.reports.handoffFacts(query), reference.reports.handoffFacts(query)]);
          expect({ query, rows: byId(handoffs) }).toEqual({ query, rows: byId(expectedHandoffs) });
          for (const row of conversations) expect(Object.keys(row).filter((k) => !CONVERSATION_ROW_KEYS.includes(k))).toEqual([]);
          for (const row of handoffs) expect(Object.keys(row).filter((k) => !HANDOFF_ROW_KEYS.includes(k))).toEqual([]);
          if (conversations.length > 0 && handoffs.length > 0) nonEmpty++;
        }
        // The check means something only if most queries find rows.
        expect(nonEmpty).toBeGreaterThan(20);
      });

      it('gives the same summary as the reference, cut every way', async () => {
        const cuts: Partial<ReportQuery>[] = [{}, { team: 'sales' }, { agentId: 'ag-b' }, { channel: 'whatsapp-web' }, { locale: 'bn' }, { fcrDays: 1 }, { team: 'billing', channel: 'simulator', locale: 'en' }];
        for (const cut of cuts) {
          const query = scenarioQuery(cut);
          const summary = await loadSummary(store.reports, query, new Map(), SCENARIO_NOW);
          expect({ cut, summary }).toEqual({ cut, summary: await loadSummary(reference.reports, query, new Map(), SCENARIO_NOW) });
          if (Object.keys(cut).length === 0) expect(summary.totals.conversations).toBeGreaterThan(50);
        }
      });
    });
  });
}

/** For unit tests of the pure layer: the rows of the scripted week, as a store answers them. */
export async function scenarioRows(): Promise<{ conversations: ConversationFactRow[]; handoffs: HandoffFactRow[] }> {
  const store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
  await store.init();
  await seedReportScenario(store);
  try {
    return { conversations: await store.reports.conversationFacts(PERIOD), handoffs: await store.reports.handoffFacts(PERIOD) };
  } finally {
    await store.close();
  }
}
