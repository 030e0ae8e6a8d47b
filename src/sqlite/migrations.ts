import type Database from 'better-sqlite3';

/** One step of a schema, applied once, in order, inside a transaction. */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/**
 * Brings one component's tables (the store's, the queue's) up to its latest version. Each
 * component keeps its version in `schema_versions`, so either can add a migration without
 * touching the other. A file written by a newer release is refused instead of misread.
 */
export function migrate(db: Database.Database, component: string, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL, migrated_at INTEGER NOT NULL)');
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const apply = db.transaction(() => {
    const row = db.prepare('SELECT version FROM schema_versions WHERE component = ?').get(component) as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > latest) {
      throw new Error(`SQLite schema of ${component} is at version ${current}, newer than this release knows (${latest}); run the newer release or restore a backup`);
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      migration.up(db);
      db.prepare('INSERT INTO schema_versions (component, version, migrated_at) VALUES (?, ?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at')
        .run(component, migration.version, Date.now());
    }
  });
  // IMMEDIATE: two processes opening a new file at once do not both create the tables.
  apply.immediate();
}
