import Redis from 'ioredis';
import mongoose, { Schema, type Connection } from 'mongoose';
import { isPortOpen, startMongo, startRedis, type MongoService, type RedisService } from '../support/services';

jest.setTimeout(60_000);

function portOf(url: string): number {
  const match = /^[a-z+]+:\/\/(?:[^@/]*@)?[^/:]+:(\d+)/.exec(url);
  if (!match) throw new Error(`no port in ${url}`);
  return Number(match[1]);
}

describe('integration services (real Redis + real MongoDB wire server)', () => {
  let redisSvc: RedisService | undefined;
  let mongoSvc: MongoService | undefined;

  afterAll(async () => {
    // Safety net if a test failed half-way; stop() is idempotent.
    await redisSvc?.stop();
    await mongoSvc?.stop();
  });

  test('starts both services in parallel', async () => {
    const t0 = Date.now();
    [redisSvc, mongoSvc] = await Promise.all([startRedis(), startMongo()]);
    // eslint-disable-next-line no-console
    console.log(`services ready in ${Date.now() - t0} ms: ${redisSvc.url} ${mongoSvc.uri}`);
    expect(redisSvc.url).toMatch(/^redis:\/\//);
    expect(mongoSvc.uri).toMatch(/^mongodb(\+srv)?:\/\//);
  });

  test('Redis SET/GET round-trips through ioredis', async () => {
    if (!redisSvc) throw new Error('redis not started');
    const client = new Redis(redisSvc.url, { maxRetriesPerRequest: 1 });
    const prefix = `services-test:${process.pid}:${Date.now()}:`; // REDIS_URL may be shared
    try {
      expect(await client.set(`${prefix}greeting`, 'হ্যালো hello', 'EX', 60)).toBe('OK');
      expect(await client.get(`${prefix}greeting`)).toBe('হ্যালো hello');
      expect(await client.incr(`${prefix}counter`)).toBe(1);
      await client.del(`${prefix}greeting`, `${prefix}counter`);
    } finally {
      await client.quit();
    }
  });

  describe('mongoose on the Mongo URI', () => {
    let conn: Connection;

    interface Ticket {
      _id: string;
      ref: string;
      state: 'queued' | 'claimed';
      by?: number;
    }
    const ticketSchema = new Schema<Ticket>({
      _id: { type: String, required: true },
      ref: { type: String, required: true, unique: true },
      state: { type: String, required: true, enum: ['queued', 'claimed'] },
      by: { type: Number },
    });

    beforeAll(async () => {
      if (!mongoSvc) throw new Error('mongo not started');
      conn = await mongoose.createConnection(mongoSvc.uri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    });

    afterAll(async () => {
      await conn?.close();
    });

    test('unique index rejects duplicates with code 11000', async () => {
      const TicketModel = conn.model<Ticket>('Ticket', ticketSchema);
      await TicketModel.init(); // builds the unique index
      const indexes = await TicketModel.collection.indexes();
      expect(indexes.some((ix) => ix.key.ref === 1 && ix.unique === true)).toBe(true);

      await TicketModel.create({ _id: 't1', ref: 'R-1', state: 'queued' });
      await expect(TicketModel.create({ _id: 't2', ref: 'R-1', state: 'queued' })).rejects.toMatchObject({
        code: 11000,
      });
      expect(await TicketModel.countDocuments()).toBe(1);
    });

    test('20 concurrent guarded findOneAndUpdate calls have exactly one winner', async () => {
      const TicketModel = conn.model<Ticket>('Ticket');
      await TicketModel.create({ _id: 'race', ref: 'R-race', state: 'queued' });
      // Warm the pool first so the claims really run concurrently where the pool allows it.
      // (On FerretDB the URI pins maxPoolSize=1: its updates are only atomic per connection.)
      await Promise.all(Array.from({ length: 20 }, () => TicketModel.findById('race').lean()));

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          TicketModel.findOneAndUpdate(
            { _id: 'race', state: 'queued' },
            { $set: { state: 'claimed', by: i } },
            { returnDocument: 'after' },
          ).lean(),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const stored = await TicketModel.findById('race').lean();
      expect(stored?.state).toBe('claimed');
      expect(stored?.by).toBe(winners[0]?.by);
    });
  });

  test('stop() shuts both servers down and frees their ports', async () => {
    if (!redisSvc || !mongoSvc) throw new Error('services not started');
    const spawnedRedis = !process.env.REDIS_URL;
    const spawnedMongo = !process.env.MONGODB_URI;
    const redisPort = portOf(redisSvc.url);
    const mongoPort = portOf(mongoSvc.uri);
    if (spawnedRedis) expect(await isPortOpen(redisPort)).toBe(true);
    if (spawnedMongo) expect(await isPortOpen(mongoPort)).toBe(true);

    await Promise.all([redisSvc.stop(), mongoSvc.stop()]);

    if (spawnedRedis) expect(await isPortOpen(redisPort)).toBe(false);
    if (spawnedMongo) expect(await isPortOpen(mongoPort)).toBe(false);
  });
});
