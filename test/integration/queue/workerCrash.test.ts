/**
 * A worker SIGKILLed in the middle of a keyed job: after bull's stalled-job check a second
 * worker runs that job again, then the rest of the key, in order; nothing is lost.
 */
import type Redis from 'ioredis';
import { startRedis, type RedisService } from '../../support/services';
import type { BullQueue } from '../../../src/queue/bull';
import { startWorker, type WorkerProcess } from './support/children';
import { adminClient, testQueue, uniquePrefix, until } from './support/redis';

interface Record {
  key: string;
  n: number;
  pid: number;
  attempt: number;
}

let redis: RedisService;
let admin: Redis;
const workers: WorkerProcess[] = [];
let producer: BullQueue | undefined;

beforeAll(async () => {
  redis = await startRedis();
  admin = adminClient(redis.url);
});

afterAll(async () => {
  await producer?.close();
  await Promise.all(workers.map((w) => w.kill()));
  admin?.disconnect();
  await redis?.stop();
});

it('re-runs the job of a killed worker on another worker and keeps the key’s order', async () => {
  const prefix = uniquePrefix('crash');
  const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, LOCK_MS: '1500', STALLED_MS: '500', CONCURRENCY: '4' };
  const doomed = await startWorker({ ...env, HANG_ON: 'k:0' });
  workers.push(doomed);
  producer = testQueue(redis.url, { prefix });

  for (let n = 0; n < 5; n++) await producer.add('inbound', { key: 'k', n }, { key: 'k', jobId: `k-${n}` });
  await producer.add('inbound', { key: 'other', n: 0 }, { key: 'other', jobId: 'other-0' });
  await until(async () => (await admin.llen(`${prefix}:test:started`)) === 1, 15_000, 'the first worker started k:0');
  // The other key is not held up by the stuck one.
  await producer.waitFor('inbound', 'other-0', 10_000);

  await doomed.kill(); // SIGKILL: no cleanup, its bull lock simply stops being renewed
  const killedAt = Date.now();
  const rescuer = await startWorker(env);
  workers.push(rescuer);

  await producer.waitFor('inbound', 'k-4', 20_000);
  const records = (await admin.lrange(`${prefix}:test:log`, 0, -1)).map((raw) => JSON.parse(raw) as Record);
  const k = records.filter((r) => r.key === 'k');
  expect(k.map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
  expect(k.every((r) => r.pid === rescuer.pid)).toBe(true);
  expect(k[0].attempt).toBe(2); // the killed run counted as the first attempt
  expect(k.slice(1).every((r) => r.attempt === 1)).toBe(true);
  expect(Date.now() - killedAt).toBeGreaterThan(500); // recovered through the stalled check, not by luck
  expect(await admin.exists(`${prefix}:list:inbound:k`, `${prefix}:sched:inbound:k`, `${prefix}:att:inbound:k`)).toBe(0);

  // The key keeps working afterwards.
  await producer.add('inbound', { key: 'k', n: 5 }, { key: 'k', jobId: 'k-5' });
  await producer.waitFor('inbound', 'k-5', 10_000);
  // Nothing is left counted as pending (the queue-depth gauge).
  expect(await producer.stats('inbound')).toEqual({ waiting: 0, oldestAgeMs: 0 });
  await rescuer.stop();
}, 60_000);

it('gives the key a new drain job when bull fails the stalled one (stalled more than allowed)', async () => {
  const prefix = uniquePrefix('crash0');
  // maxStalledCount 0: bull fails a drain job at its first stall instead of re-running it.
  const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, LOCK_MS: '1500', STALLED_MS: '500', CONCURRENCY: '4', MAX_STALLED: '0' };
  const doomed = await startWorker({ ...env, HANG_ON: 'k:0' });
  workers.push(doomed);
  const queue = testQueue(redis.url, { prefix });
  try {
    for (let n = 0; n < 3; n++) await queue.add('inbound', { key: 'k', n }, { key: 'k', jobId: `k-${n}` });
    await until(async () => (await admin.llen(`${prefix}:test:started`)) === 1, 15_000, 'the first worker started k:0');
    await doomed.kill();
    const rescuer = await startWorker(env);
    workers.push(rescuer);
    await queue.waitFor('inbound', 'k-2', 20_000);
    const records = (await admin.lrange(`${prefix}:test:log`, 0, -1)).map((raw) => JSON.parse(raw) as Record);
    expect(records.map((r) => [r.n, r.attempt])).toEqual([[0, 2], [1, 1], [2, 1]]);
    expect(await admin.zcard(`${prefix}:inbound:failed`)).toBe(1); // the drain job bull gave up on
    await rescuer.stop();
  } finally {
    await queue.close();
  }
}, 60_000);
