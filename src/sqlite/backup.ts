import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/**
 * An online copy of the store (SQLite's backup API, https://sqlite.org/backup.html) taken while
 * the bot runs: a read transaction in WAL mode does not stop the bot's writes. The copy is made
 * in one step, so it is consistent as of one moment (in several steps it would start over
 * each time the bot writes). The copy is then turned into a single self-contained file and
 * checked with `PRAGMA quick_check`. An existing destination is never overwritten.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  const from = path.resolve(source);
  const to = path.resolve(destination);
  if (!fs.existsSync(from)) throw new Error(`no database at ${from} (is DATA_DIR or SQLITE_FILE right?)`);
  if (fs.existsSync(to)) throw new Error(`${to} exists; choose a new file name`);
  fs.mkdirSync(path.dirname(to), { recursive: true });

  const db = new Database(from, { readonly: true, fileMustExist: true, timeout: 5000 });
  let pages: number;
  try {
    const progress = await db.backup(to, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } finally {
    db.close();
  }

  const copy = new Database(to);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy at ${to} failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { file: to, bytes: fs.statSync(to).size, pages };
}
