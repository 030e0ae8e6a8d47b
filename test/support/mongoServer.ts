import { randomBytes } from 'node:crypto';
import { startMongo, withDatabase, type MongoService } from './services';

/**
 * The MongoDB-wire server of one test file (FerretDB started by the harness, or MONGODB_URI):
 * started before the file's tests, stopped after. `uri()` throws when it did not start, so a
 * suite fails loudly instead of skipping; `freshUri(prefix)` names a new database on it.
 */
export function useMongoServer(): { uri(): string; freshUri(prefix: string): string } {
  let service: MongoService | undefined;
  beforeAll(async () => {
    service = await startMongo();
  });
  afterAll(async () => {
    await service?.stop();
  });
  const uri = (): string => {
    if (!service) throw new Error('the MongoDB-wire test server did not start (see the beforeAll error above)');
    return service.uri;
  };
  return { uri, freshUri: (prefix) => withDatabase(uri(), `${prefix}_${randomBytes(5).toString('hex')}`) };
}
