/**
 * The GridFS MediaStore against a real MongoDB-wire server (FerretDB from the test harness, or
 * MONGODB_URI), a fresh database per test. Nothing is skipped when the server cannot start.
 */
import { GridFsMediaStore } from '../../../src/media/gridfs';
import { mediaStoreContract } from '../../contracts/mediaStoreContract';
import { useMongoServer } from '../../support/mongoServer';

jest.setTimeout(60_000);

const mongo = useMongoServer();

mediaStoreContract(
  'gridfs',
  async () => {
    const store = new GridFsMediaStore({ uri: mongo.freshUri('media') });
    await store.init();
    return store;
  },
  async (store) => {
    const connection = (store as unknown as { connection: { dropDatabase(): Promise<unknown> } }).connection;
    await connection.dropDatabase().catch(() => undefined);
    await store.close();
  },
);
