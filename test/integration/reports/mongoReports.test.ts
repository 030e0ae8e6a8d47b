/**
 * The reports contract on a real MongoDB-wire server: FerretDB v1.24.2 from the test harness
 * (or MONGODB_URI), a fresh database per suite. When the server cannot start, every test fails
 * with the harness's reason; nothing is skipped.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Store } from '../../../src/store/port';
import { MongoStore } from '../../../src/store/mongo';
import { reportsContract } from '../../contracts/reportsContract';
import { startMongo, withDatabase, type MongoService } from '../../support/services';

jest.setTimeout(120_000);

let service: MongoService | undefined;
let startError: unknown;

beforeAll(async () => {
  try {
    service = await startMongo();
  } catch (error) {
    startError = error;
    throw error;
  }
});

afterAll(async () => {
  await service?.stop();
});

async function freshStore(): Promise<Store> {
  if (!service) throw new Error(`the MongoDB-wire test server did not start: ${String(startError ?? 'see the beforeAll error above')}`);
  const store = new MongoStore({ uri: withDatabase(service.uri, `reports_${randomBytes(5).toString('hex')}`) });
  await store.init();
  return store;
}

async function dropAndClose(store: Store): Promise<void> {
  await (store as unknown as { connection: Connection }).connection.dropDatabase().catch(() => undefined);
  await store.close();
}

reportsContract('mongo', freshStore, dropAndClose);

describe('MongoStore reports indexes', () => {
  it('has the period indexes the report queries use', async () => {
    const store = await freshStore();
    try {
      const connection = (store as unknown as { connection: Connection }).connection;
      const keys = async (collection: string) => (await connection.collection(collection).indexes()).map((i) => JSON.stringify(i.key));
      expect(await keys('conversations')).toContain(JSON.stringify({ createdAt: 1 }));
      expect(await keys('handoffs')).toContain(JSON.stringify({ queuedAt: 1 }));
    } finally {
      await dropAndClose(store);
    }
  });
});
