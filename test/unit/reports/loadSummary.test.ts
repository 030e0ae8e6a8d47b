import { loadSummary } from '../../../src/reports/summary';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import type { ReportFactsQuery, ReportsRepository } from '../../../src/store/port';
import { EXPECTED, SCENARIO_NOW, scenarioQuery, seedReportScenario } from '../../contracts/reportsContract';

/** How many reads a summary costs: on FerretDB v1 each one is a full collection scan. */
describe('loadSummary reads', () => {
  let store: SqliteStore;
  let calls: { method: string; query: ReportFactsQuery }[];
  let counted: ReportsRepository;

  beforeAll(async () => {
    store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    await store.init();
    await seedReportScenario(store);
  });
  afterAll(() => store.close());
  beforeEach(() => {
    calls = [];
    counted = {
      conversationFacts: (query) => (calls.push({ method: 'conversationFacts', query }), store.reports.conversationFacts(query)),
      handoffFacts: (query) => (calls.push({ method: 'handoffFacts', query }), store.reports.handoffFacts(query)),
    };
  });

  it('reads handoffs once for the period and the follow-ups when not cut by people or language', async () => {
    const summary = await loadSummary(counted, scenarioQuery(), new Map([['ag-mina', 'Mina'], ['ag-rafi', 'Rafi']]), SCENARIO_NOW);
    expect(summary).toEqual({ ...EXPECTED, notes: [] });
    expect(calls.map((c) => c.method).sort()).toEqual(['conversationFacts', 'handoffFacts']);
    const read = calls.find((c) => c.method === 'handoffFacts')!.query;
    expect(read.to).toBe(SCENARIO_NOW + 3 * 86_400_000);
  });

  it('reads the follow-ups separately when cut by team, by a short customer list', async () => {
    await loadSummary(counted, scenarioQuery({ team: 'delivery' }), new Map(), SCENARIO_NOW);
    expect(calls.map((c) => c.method)).toEqual(['handoffFacts', 'conversationFacts', 'handoffFacts']);
    expect(calls[1].query.conversationIds?.sort()).toEqual(['c3', 'c4']);
    expect(calls[2].query).toMatchObject({ customerIds: ['whatsapp-cloud:8801722222222'] });
    expect(calls[2].query.team).toBeUndefined();
  });

  it('skips the conversation read when a cut leaves no handoff', async () => {
    await loadSummary(counted, scenarioQuery({ agentId: 'ag-nobody' }), new Map(), SCENARIO_NOW);
    expect(calls.map((c) => c.method)).toEqual(['handoffFacts']);
  });
});
