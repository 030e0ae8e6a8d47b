import { LOGIN_WINDOWS_FORGOTTEN_AFTER_MS, type LoginAttemptRepository, type LoginAttemptWindow } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';

export class SqliteLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /**
   * One write batch: the key's window is restarted when it has passed, a full window refuses
   * without changing anything, any other try is counted. The batch holds SQLite's write lock
   * (BEGIN IMMEDIATE) from the read to the count, so no two tries, from this process or a tool
   * beside it, see the same count.
   * Old rows go in the same step, so guessers cycling addresses cannot grow the table.
   */
  take(key: string, at: number, windowMs: number, limit: number): Promise<LoginAttemptWindow & { counted: boolean }> {
    return this.db.writeAll((sql) => {
      sql.run('DELETE FROM login_attempts WHERE first_at <= ?', at - Math.max(windowMs, LOGIN_WINDOWS_FORGOTTEN_AFTER_MS));
      sql.run('DELETE FROM login_attempts WHERE key = ? AND first_at <= ?', key, at - windowMs);
      const open = sql.get<{ count: number; first_at: number }>('SELECT count, first_at FROM login_attempts WHERE key = ?', key);
      if (open && open.count >= limit) return { counted: false, count: open.count, firstAt: open.first_at };
      const row = sql.get<{ count: number; first_at: number }>(
        'INSERT INTO login_attempts (key, count, first_at) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET count = count + 1 RETURNING count, first_at',
        key,
        at,
      )!;
      return { counted: true, count: row.count, firstAt: row.first_at };
    });
  }

  async clear(key: string): Promise<void> {
    await this.db.write((sql) => sql.run('DELETE FROM login_attempts WHERE key = ?', key));
  }
}
