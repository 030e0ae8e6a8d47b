import fs from 'node:fs';
import type { Logger } from '../../observability/logger';
import type { SqliteDatabase, Sql } from '../../sqlite/database';
import type { Customer } from '../../domain/customer';
import { json } from './documents';
import { moveMessageIdsToChannelScope } from './messageIdsPerChannel';
import { indexCustomer, withIdentifiers } from './customerKeys';

/** The memory store's snapshot (`DATA_DIR/store.json`, format 1): each collection as [id, record] pairs. */
interface SnapshotFormat1 {
  formatVersion: 1;
  customers?: [string, { id: string }][];
  conversations?: [string, { id: string }][];
  messages?: [string, { id: string }][];
  handoffs?: [string, { id: string }][];
  agents?: [string, { id: string }][];
  audit?: { id: string }[];
  unanswered?: [string, { key: string; count: number; lastExample: string; lastAt: number; firstAt: number; locale?: string }][];
}

const IMPORTED_KEY = 'imported store.json';

/**
 * Imports the snapshot an earlier release kept, once, then moves it aside
 * (`store.json.imported-<time>`). The import is one transaction and is recorded in the same
 * one, so a crash midway imports it again from the start, and a crash after the commit only
 * moves the file aside at the next start. A file that cannot be read is moved aside as
 * `store.json.broken-<time>` and the bot starts with what it has.
 */
export async function importSnapshot(db: SqliteDatabase, file: string, logger?: Logger): Promise<void> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const done = db.read((sql) => sql.get<{ value: string }>('SELECT value FROM store_meta WHERE key = ?', IMPORTED_KEY));
  if (!done) {
    let snapshot: SnapshotFormat1;
    try {
      snapshot = JSON.parse(text);
      if (snapshot.formatVersion !== 1) throw new Error(`unknown format version ${snapshot.formatVersion}`);
    } catch (error) {
      const aside = `${file}.broken-${Date.now()}`;
      await fs.promises.rename(file, aside);
      logger?.error('store.json unreadable; moved aside, not imported', { file: aside, error: (error as Error).message });
      return;
    }
    const counts = await db.writeAll((sql) => {
      const imported = insertAll(sql, snapshot);
      moveMessageIdsToChannelScope(sql); // an earlier release kept messages under the channel's own id
      sql.run('INSERT INTO store_meta (key, value) VALUES (?, ?)', IMPORTED_KEY, json({ at: Date.now(), file, ...imported }));
      return imported;
    });
    logger?.info('store.json imported into the SQLite store', { file, ...counts });
  }
  const aside = `${file}.imported-${Date.now()}`;
  await fs.promises.rename(file, aside);
  logger?.info('store.json kept aside; the SQLite store is used from now on', { file: aside });
}

function insertAll(sql: Sql, snapshot: SnapshotFormat1): Record<string, number> {
  const counts: Record<string, number> = {};
  const docs = (table: string, entries: [string, { id: string }][] = []) => {
    let n = 0;
    for (const [, record] of entries) n += sql.run(`INSERT INTO ${table} (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING`, record.id, json(record)).changes;
    counts[table] = n;
  };
  // Customers of the memory store had no identifiers: they get those of their address, and their keys.
  docs('customers', snapshot.customers?.map(([id, customer]) => [id, withIdentifiers(customer as unknown as Customer)]));
  for (const [, customer] of snapshot.customers ?? []) indexCustomer(sql, withIdentifiers(customer as unknown as Customer));
  docs('conversations', snapshot.conversations);
  docs('messages', snapshot.messages);
  docs('handoffs', snapshot.handoffs);
  docs('agents', snapshot.agents);
  counts.audit = 0;
  for (const entry of snapshot.audit ?? []) counts.audit += sql.run('INSERT INTO audit (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING', entry.id, json(entry)).changes;
  counts.unanswered = 0;
  for (const [, q] of snapshot.unanswered ?? []) {
    counts.unanswered += sql.run(
      'INSERT INTO unanswered (key, count, last_example, last_at, first_at, locale) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      q.key, q.count, q.lastExample, q.lastAt, q.firstAt, q.locale,
    ).changes;
  }
  return counts;
}
