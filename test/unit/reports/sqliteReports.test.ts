import { SqliteStore } from '../../../src/store/sqlite';
import { reportsContract } from '../../contracts/reportsContract';
import { tempDatabase } from '../../support/sqliteFiles';

reportsContract('sqlite', async () => {
  const store = new SqliteStore({ database: tempDatabase() });
  await store.init();
  return store;
});
