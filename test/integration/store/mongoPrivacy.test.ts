/**
 * Erasure, retention and leases on the MongoDB Store and its GridFS MediaStore against a real
 * MongoDB-wire server (FerretDB from the test harness, or MONGODB_URI); a fresh database per test.
 */
import type { Connection } from 'mongoose';
import { GridFsMediaStore } from '../../../src/media/gridfs';
import { MongoStore } from '../../../src/store/mongo';
import type { Store } from '../../../src/store/port';
import { privacyContract } from '../../contracts/privacyContract';
import { useMongoServer } from '../../support/mongoServer';

jest.setTimeout(60_000);

const mongo = useMongoServer();

let databaseUri = '';

privacyContract('mongo', {
  makeStore: async () => {
    databaseUri = mongo.freshUri('privacy');
    // One pooled connection: FerretDB v1's guarded updates are safe only so (docs/STORE_MONGO.md).
    const store = new MongoStore({ uri: databaseUri, maxPoolSize: 1 });
    await store.init();
    return store;
  },
  disposeStore: async (store: Store) => {
    await (store as unknown as { connection: Connection }).connection.dropDatabase().catch(() => undefined);
    await store.close();
  },
  // GridFS in the store's database, as the runtime sets it up beside MONGODB_URI.
  makeMedia: async () => {
    const media = new GridFsMediaStore({ uri: databaseUri });
    await media.init();
    return media;
  },
  disposeMedia: (media) => media.close(),
});
