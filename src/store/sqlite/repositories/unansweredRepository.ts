import type { UnansweredQuestion } from '../../../domain/unanswered';
import type { UnansweredRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { json } from '../documents';

type Occurrence = Parameters<UnansweredRepository['record']>[0];

interface UnansweredRow {
  key: string;
  count: number;
  last_example: string;
  last_at: number;
  first_at: number;
  locale: UnansweredQuestion['locale'] | null;
}

export class SqliteUnansweredRepository implements UnansweredRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** One upsert counts the occurrence, so concurrent records are never lost. */
  async record({ key, text, at, locale }: Occurrence): Promise<void> {
    await this.db.write((sql) =>
      sql.run(
        `INSERT INTO unanswered (key, count, last_example, last_at, first_at, locale) VALUES (?, 1, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET count = count + 1, last_example = excluded.last_example, last_at = excluded.last_at,
           locale = coalesce(excluded.locale, locale)`,
        key, text, at, at, locale,
      ));
  }

  /** One statement for all keys; a key asked again later is counted afresh. */
  async remove(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.db.write((sql) => sql.run('DELETE FROM unanswered WHERE key IN (SELECT value FROM json_each(?))', json(keys)).changes);
  }

  async list(limit: number): Promise<UnansweredQuestion[]> {
    if (limit <= 0) return [];
    const rows = this.db.read((sql) => sql.all<UnansweredRow>('SELECT * FROM unanswered ORDER BY count DESC, last_at DESC LIMIT ?', limit));
    return rows.map((row) => {
      const question: UnansweredQuestion = { key: row.key, count: row.count, lastExample: row.last_example, lastAt: row.last_at, firstAt: row.first_at };
      if (row.locale !== null) question.locale = row.locale;
      return question;
    });
  }
}
