export { SqliteQueue, type SqliteQueueOptions } from './sqliteQueue';
