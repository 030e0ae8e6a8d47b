/**
 * The GridFS MediaStore against a real MongoDB-wire server (FerretDB from the test harness, or
 * MONGODB_URI), a fresh database per test. Nothing is skipped when the server cannot start.
 */
import { randomBytes } from 'node:crypto';
import { GridFsMediaStore } from '../../../src/media/gridfs';
import { mediaStoreContract } from '../../contracts/mediaStoreContract';
import { startMongo, withDatabase, type MongoService } from '../../support/services';

jest.setTimeout(60_000);

let service: MongoService | undefined;

beforeAll(async () => {
  service = await startMongo();
});

afterAll(async () => {
  await service?.stop();
});

mediaStoreContract(
  'gridfs',
  async () => {
    if (!service) throw new Error('the MongoDB-wire test server did not start (see the beforeAll error above)');
    const store = new GridFsMediaStore({ uri: withDatabase(service.uri, `media_${randomBytes(5).toString('hex')}`) });
    await store.init();
    return store;
  },
  async (store) => {
    const connection = (store as unknown as { connection: { dropDatabase(): Promise<unknown> } }).connection;
    await connection.dropDatabase().catch(() => undefined);
    await store.close();
  },
);
