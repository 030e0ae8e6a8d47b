import type { ConversationFactRow, HandoffFactRow, ReportFactsQuery, ReportsRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { Conditions, json } from '../documents';

const HANDOFF_FIELDS = [
  'conversationId', 'customerId', 'status', 'team', 'agentId', 'channel', 'locale',
  'queuedAt', 'claimedAt', 'firstAgentReplyAt', 'closedAt', 'slaBreachedAt', 'resolution', 'csat',
] as const;

// `doc -> '$.x'` is the field as JSON text (NULL when absent), so every type reads back exactly.
const HANDOFF_COLUMNS = HANDOFF_FIELDS.map((name) => `doc -> '$.${name}' AS ${name}`).join(', ');

type JsonColumns = Record<string, string | null>;

/**
 * Reports over SQLite: one indexed range query per table (conversations by `created_at`,
 * handoffs by `queued_at`), every filter in the WHERE clause and only the fields reports read
 * selected, so a summary reads the period's rows and nothing else, however long the history.
 * The KPIs are computed from these rows in src/reports/, the same for every adapter
 * (test/contracts/reportsContract.ts).
 */
export class SqliteReportsRepository implements ReportsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async conversationFacts(query: ReportFactsQuery): Promise<ConversationFactRow[]> {
    const where = new Conditions().add('created_at >= ? AND created_at < ?', query.from, query.to);
    if (query.channel) where.add('channel = ?', query.channel);
    if (query.locale) where.add('locale = ?', query.locale);
    if (query.conversationIds) where.add('id IN (SELECT value FROM json_each(?))', json(query.conversationIds));
    const rows = this.db.read((sql) =>
      sql.all<{ id: string; channel: ConversationFactRow['channel']; locale: ConversationFactRow['locale']; created_at: number; facts: string | null }>(
        `SELECT id, channel, locale, created_at, doc -> '$.facts' AS facts FROM conversations ${where}`, ...where.params,
      ));
    return rows.map(({ id, channel, locale, created_at: createdAt, facts }) => {
      const row: ConversationFactRow = { id, channel, locale, createdAt };
      if (facts !== null) row.facts = JSON.parse(facts);
      return row;
    });
  }

  async handoffFacts(query: ReportFactsQuery): Promise<HandoffFactRow[]> {
    const where = new Conditions().add('queued_at >= ? AND queued_at < ?', query.from, query.to);
    if (query.team) where.add('team = ?', query.team);
    if (query.agentId) where.add('agent_id = ?', query.agentId);
    if (query.locale) where.add('locale = ?', query.locale);
    if (query.customerIds) where.add('customer_id IN (SELECT value FROM json_each(?))', json(query.customerIds));
    if (query.channel) {
      // Handoffs written before `channel` was kept carry it only in the customer id prefix.
      where.add(`(channel = ? OR (channel IS NULL AND substr(customer_id, 1, length(?) + 1) = ? || ':'))`, query.channel, query.channel, query.channel);
    }
    const rows = this.db.read((sql) => sql.all<JsonColumns & { id: string }>(`SELECT id, ${HANDOFF_COLUMNS} FROM handoffs ${where}`, ...where.params));
    return rows.map((columns) => {
      const row: Record<string, unknown> = { id: columns.id };
      for (const name of HANDOFF_FIELDS) if (columns[name] !== null) row[name] = JSON.parse(columns[name]!);
      return row as unknown as HandoffFactRow;
    });
  }
}
