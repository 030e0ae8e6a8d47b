/**
 * SIGTERM handling: close() lets the running handlers finish, hands the rest of a key to
 * another worker, and closes every Redis connection of the queue.
 */
import type Redis from 'ioredis';
import { startRedis, type RedisService } from '../../support/services';
import { adminClient, sleep, testQueue, uniquePrefix, until } from './support/redis';

let redis: RedisService;
let admin: Redis;

beforeAll(async () => {
  redis = await startRedis();
  admin = adminClient(redis.url);
});

afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

async function connectionsNamed(prefix: string): Promise<string[]> {
  const list = (await admin.client('LIST')) as string;
  return list.split('\n').filter((line) => line.includes(` name=${prefix}:`));
}

it('waits for running handlers, then closes every connection; the key’s next job goes to another worker', async () => {
  const prefix = uniquePrefix('term');
  const first = testQueue(redis.url, { prefix });
  const started: string[] = [];
  const finished: string[] = [];
  const slowHandler = async (_payload: unknown, job: { id: string }): Promise<void> => {
    started.push(job.id);
    await sleep(job.id === 'next' ? 0 : 800);
    finished.push(job.id);
  };
  first.process('inbound', slowHandler);
  first.process('outbound', slowHandler);
  await first.add('inbound', {}, { key: 'k', jobId: 'slow' });
  await first.add('inbound', {}, { key: 'k', jobId: 'next' });
  await first.add('outbound', {}, { jobId: 'plain' });
  await until(() => started.length === 2, 10_000, 'both slow handlers started');
  expect((await connectionsNamed(prefix)).length).toBeGreaterThan(0);

  const closeStarted = Date.now();
  await first.close();
  expect(finished.sort()).toEqual(['plain', 'slow']); // both ran to the end
  expect(started).not.toContain('next'); // not started once closing
  expect(Date.now() - closeStarted).toBeGreaterThan(500);
  await expect(first.add('inbound', {}, { key: 'k', jobId: 'late' })).rejects.toThrow(/closing/);
  await until(async () => (await connectionsNamed(prefix)).length === 0, 3_000, 'all connections of the closed queue gone');

  // Another worker (here: a second instance) picks the rest of the key up.
  const second = testQueue(redis.url, { prefix });
  second.process('inbound', slowHandler);
  await second.waitFor('inbound', 'next', 10_000);
  expect(started).toContain('next');
  await second.close();
  await until(async () => (await connectionsNamed(prefix)).length === 0, 3_000, 'all connections of the second queue gone');
}, 30_000);

it('closes cleanly when it never connected anything but the basics', async () => {
  const queue = testQueue(redis.url, { prefix: uniquePrefix('idle') });
  await queue.ping();
  await queue.close();
  await queue.close(); // idempotent
  await expect(queue.ping()).rejects.toThrow(/closing/);
});
