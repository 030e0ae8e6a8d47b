import { SqliteDatabase, SqliteStore } from '../../../src/store/sqlite';
import { storeContract } from '../../contracts/storeContract';
import { tempDatabase } from '../../support/sqliteFiles';

storeContract('sqlite (file)', async () => {
  const store = new SqliteStore({ database: tempDatabase() });
  await store.init();
  return store;
});

storeContract('sqlite (in memory)', async () => {
  const store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
  await store.init();
  return store;
});
