export { MongoStore, type MongoStoreOptions } from './mongoStore';
export { DEFAULT_MAX_POOL_SIZE, DEFAULT_SERVER_SELECTION_TIMEOUT_MS, PING_TIMEOUT_MS } from './connection';
