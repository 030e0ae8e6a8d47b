import { summarizeVersion, type FileVersion, type FileVersionSummary } from '../../../domain/fileVersion';
import type { FileVersionRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { json } from '../documents';

interface VersionRow {
  doc: string;
  previous: string | null;
  text: string | null;
}

/**
 * `file_versions`: one row per version, keyed (file, seq). `doc` is the version without its
 * texts (what history lists read), the texts before and after are columns of their own, read
 * only when a version is opened, compared or put back.
 */
export class SqliteFileVersionRepository implements FileVersionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** The primary key refuses a second version with the same number: one statement, no read first. */
  async add(version: FileVersion): Promise<boolean> {
    const { previous, text } = version;
    const changes = await this.db.write((sql) =>
      sql.run('INSERT INTO file_versions (file, seq, doc, previous, text) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        version.file, version.seq, json(summarizeVersion(version)), previous, text).changes);
    return changes === 1;
  }

  async get(file: string, seq: number): Promise<FileVersion | null> {
    return withTexts(this.db.read((sql) => sql.get<VersionRow>('SELECT doc, previous, text FROM file_versions WHERE file = ? AND seq = ?', file, seq)));
  }

  async latest(file: string): Promise<FileVersion | null> {
    return withTexts(this.db.read((sql) => sql.get<VersionRow>('SELECT doc, previous, text FROM file_versions WHERE file = ? ORDER BY seq DESC LIMIT 1', file)));
  }

  async list(file: string, limit: number): Promise<FileVersionSummary[]> {
    if (limit <= 0) return [];
    const rows = this.db.read((sql) => sql.all<{ doc: string }>('SELECT doc FROM file_versions WHERE file = ? ORDER BY seq DESC LIMIT ?', file, limit));
    return rows.map((row) => JSON.parse(row.doc) as FileVersionSummary);
  }

  /**
   * One index step per file rather than a read of every version: the files are walked with
   * "the next file name after this one" (a loose index scan, https://sqlite.org/lang_with.html),
   * and each file's newest version is the last entry of its part of the key.
   */
  async latestOfEach(): Promise<FileVersionSummary[]> {
    const rows = this.db.read((sql) =>
      sql.all<{ doc: string }>(`
        WITH RECURSIVE files (file) AS (
          SELECT min(file) FROM file_versions
          UNION ALL
          SELECT (SELECT min(file) FROM file_versions WHERE file > files.file) FROM files WHERE files.file IS NOT NULL
        )
        SELECT (SELECT doc FROM file_versions v WHERE v.file = files.file ORDER BY seq DESC LIMIT 1) AS doc
        FROM files WHERE files.file IS NOT NULL`));
    return rows.map((row) => JSON.parse(row.doc) as FileVersionSummary);
  }
}

function withTexts(row: VersionRow | undefined): FileVersion | null {
  return row ? { ...(JSON.parse(row.doc) as FileVersionSummary), previous: row.previous, text: row.text } : null;
}
