import type { LoginAttemptRepository, LoginFailures } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';

export class SqliteLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /**
   * One upsert counts the failure in the open window or starts a new one. Windows that have
   * ended are deleted in the same step, so guessers cycling addresses cannot grow the table.
   */
  async recordFailure(key: string, at: number, windowMs: number): Promise<void> {
    const windowStart = at - windowMs;
    await this.db.writeAll((sql) => {
      sql.run('DELETE FROM login_attempts WHERE first_at <= ? AND key <> ?', windowStart, key);
      sql.run(
        `INSERT INTO login_attempts (key, count, first_at) VALUES (?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN first_at > ? THEN count + 1 ELSE 1 END,
           first_at = CASE WHEN first_at > ? THEN first_at ELSE excluded.first_at END`,
        key, at, windowStart, windowStart,
      );
    });
  }

  async failures(key: string, now: number, windowMs: number): Promise<LoginFailures | null> {
    const row = this.db.read((sql) => sql.get<{ count: number; first_at: number }>('SELECT count, first_at FROM login_attempts WHERE key = ?', key));
    return row && row.first_at > now - windowMs ? { count: row.count, firstAt: row.first_at } : null;
  }

  async clear(key: string): Promise<void> {
    await this.db.write((sql) => sql.run('DELETE FROM login_attempts WHERE key = ?', key));
  }
}
