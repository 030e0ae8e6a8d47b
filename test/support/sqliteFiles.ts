import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDatabase } from '../../src/sqlite/database';

const made: string[] = [];

/** A fresh folder for database files, removed when the test file ends. */
export function tempDir(prefix = 'sqlite-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A new database file in a fresh folder (WAL, synchronous NORMAL and an fdatasync before each acknowledgement: what the bot runs on). */
export function tempDatabase(options: { exclusive?: boolean } = {}): SqliteDatabase {
  return new SqliteDatabase({ file: path.join(tempDir(), 'bot.sqlite'), ...options });
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
