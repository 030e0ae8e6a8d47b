export { SqliteStore, type SqliteStoreOptions } from './sqliteStore';
