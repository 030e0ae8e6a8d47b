import type { AuditEntry } from '../../../domain/agent';
import type { AuditRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { Conditions, fromDocs, json } from '../documents';

const DEFAULT_LIMIT = 100;

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** The same entry appended twice (a retried request) is already in the trail. */
  async append(entry: AuditEntry): Promise<void> {
    await this.db.write((sql) => sql.run('INSERT INTO audit (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING', entry.id, json(entry)));
  }

  async list(filter: { subjectId?: string; actorId?: string; limit?: number }): Promise<AuditEntry[]> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (limit <= 0) return [];
    const where = new Conditions();
    if (filter.subjectId) where.add('subject_id = ?', filter.subjectId);
    if (filter.actorId) where.add('actor_id = ?', filter.actorId);
    return this.db.read((sql) => fromDocs<AuditEntry>(sql.all(`SELECT doc FROM audit ${where} ORDER BY at DESC, seq DESC LIMIT ?`, ...where.params, limit)));
  }

  redactSubject(subjectId: string, replacement: string): Promise<number> {
    return this.db.write((sql) =>
      sql.run(`UPDATE audit SET doc = json_set(json_remove(doc, '$.detail'), '$.subjectId', ?) WHERE subject_id = ?`, replacement, subjectId).changes);
  }
}
