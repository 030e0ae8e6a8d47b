import type { LeaseRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';

export class SqliteLeaseRepository implements LeaseRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** One upsert: a lease held by another and not yet lapsed leaves the row unchanged (0 changes). */
  acquire(name: string, holder: string, at: number, ttlMs: number): Promise<boolean> {
    return this.db.write((sql) =>
      sql.run(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.expires_at <= ? OR leases.holder = excluded.holder`,
        name, holder, at + ttlMs, at,
      ).changes === 1);
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.write((sql) => sql.run('DELETE FROM leases WHERE name = ? AND holder = ?', name, holder));
  }
}
