import { SqliteStore } from '../../../src/store/sqlite';
import { privacyContract } from '../../contracts/privacyContract';
import { tempDatabase } from '../../support/sqliteFiles';

privacyContract('sqlite', async () => {
  const store = new SqliteStore({ database: tempDatabase() });
  await store.init();
  return store;
});
