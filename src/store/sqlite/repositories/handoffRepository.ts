import type { Handoff, HandoffNote, HandoffStatus } from '../../../domain/handoff';
import type { HandoffFilter, HandoffRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { Conditions, fromDoc, fromDocs, json, mergeChanges, type DocRow } from '../documents';

export class SqliteHandoffRepository implements HandoffRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Insert-only: the primary key turns a replayed turn's second create into `false`. */
  create(handoff: Handoff): Promise<boolean> {
    return this.db.write((sql) => sql.run('INSERT INTO handoffs (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING', handoff.id, json(handoff)).changes === 1);
  }

  async get(id: string): Promise<Handoff | null> {
    return this.db.read((sql) => fromDoc<Handoff>(sql.get('SELECT doc FROM handoffs WHERE id = ?', id)));
  }

  async list(filter: HandoffFilter): Promise<Handoff[]> {
    const where = new Conditions();
    if (filter.status) where.add('status = ?', filter.status);
    if (filter.team) where.add('team = ?', filter.team);
    if (filter.teams) where.add('team IN (SELECT value FROM json_each(?))', json(filter.teams));
    if (filter.agentId) where.add('agent_id = ?', filter.agentId);
    if (filter.claimedAfter !== undefined) where.add('claimed_at > ?', filter.claimedAfter);
    return this.db.read((sql) => fromDocs<Handoff>(sql.all(`SELECT doc FROM handoffs ${where} ORDER BY queued_at, id`, ...where.params)));
  }

  /** One statement appends the note, so concurrent notes are all kept. */
  addNote(id: string, note: HandoffNote): Promise<Handoff | null> {
    return this.db.write((sql) =>
      fromDoc<Handoff>(sql.get<DocRow>(`UPDATE handoffs SET doc = json_insert(doc, '$.notes[#]', json(?)) WHERE id = ? RETURNING doc`, json(note), id)));
  }

  async listByCustomer(customerId: string, limit: number): Promise<Handoff[]> {
    if (limit <= 0) return [];
    return this.db.read((sql) => fromDocs<Handoff>(sql.all('SELECT doc FROM handoffs WHERE customer_id = ? ORDER BY queued_at DESC, id DESC LIMIT ?', customerId, limit)));
  }

  /** One guarded UPDATE: applies only while the handoff is still in `expected` status, so one actor wins. */
  transition(id: string, expected: HandoffStatus, changes: Partial<Handoff>): Promise<Handoff | null> {
    const change = mergeChanges(changes, ['id', 'version']);
    const doc = change ? change.sql : 'doc';
    return this.db.write((sql) =>
      fromDoc<Handoff>(sql.get<DocRow>(
        `UPDATE handoffs SET doc = json_set(${doc}, '$.version', version + 1) WHERE id = ? AND status = ? RETURNING doc`,
        ...(change?.params ?? []), id, expected,
      )));
  }
}
