/**
 * Erasure, retention and leases on the MongoDB Store and its GridFS MediaStore against a real
 * MongoDB-wire server (FerretDB from the test harness, or MONGODB_URI); a fresh database per test.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { GridFsMediaStore } from '../../../src/media/gridfs';
import { MongoStore } from '../../../src/store/mongo';
import type { Store } from '../../../src/store/port';
import { privacyContract } from '../../contracts/privacyContract';
import { startMongo, withDatabase, type MongoService } from '../../support/services';

jest.setTimeout(60_000);

let service: MongoService | undefined;

beforeAll(async () => {
  service = await startMongo();
});

afterAll(async () => {
  await service?.stop();
});

let database = '';

privacyContract('mongo', {
  makeStore: async () => {
    if (!service) throw new Error('the MongoDB-wire test server did not start (see the beforeAll error above)');
    database = `privacy_${randomBytes(5).toString('hex')}`;
    // One pooled connection: FerretDB v1's guarded updates are safe only so (docs/STORE_MONGO.md).
    const store = new MongoStore({ uri: withDatabase(service.uri, database), maxPoolSize: 1 });
    await store.init();
    return store;
  },
  disposeStore: async (store: Store) => {
    await (store as unknown as { connection: Connection }).connection.dropDatabase().catch(() => undefined);
    await store.close();
  },
  // GridFS in the store's database, as the runtime sets it up beside MONGODB_URI.
  makeMedia: async () => {
    const media = new GridFsMediaStore({ uri: withDatabase(service!.uri, database) });
    await media.init();
    return media;
  },
  disposeMedia: (media) => media.close(),
});
