export { SqliteStore, type SqliteStoreOptions } from './sqliteStore';
export { SqliteDatabase, type SqliteDatabaseOptions, type Sql } from './database';
export { DatabaseInUseError } from './processLock';
export type { Migration } from './migrations';
export { backupDatabase } from './backup';
