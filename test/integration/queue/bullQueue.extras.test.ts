/** Behaviour specific to the bull adapter, beyond the shared contract. */
import type Redis from 'ioredis';
import { startRedis, type RedisService } from '../../support/services';
import { BullQueue } from '../../../src/queue/bull';
import { createSilentLogger } from '../../../src/observability/logger';
import { adminClient, sleep, testQueue, uniquePrefix } from './support/redis';

let redis: RedisService;
let admin: Redis;
const open: BullQueue[] = [];

const queueWith = (prefix = uniquePrefix('x')): BullQueue => {
  const queue = testQueue(redis.url, { prefix });
  open.push(queue);
  return queue;
};

beforeAll(async () => {
  redis = await startRedis();
  admin = adminClient(redis.url);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});

afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

it('repairs a key whose drain job vanished from bull: the next add starts a new one', async () => {
  const prefix = uniquePrefix('heal');
  const queue = queueWith(prefix);
  await queue.add('inbound', { n: 1 }, { key: 'k', jobId: 'k-1' });
  const lost = (await admin.get(`${prefix}:sched:inbound:k`))!;
  expect(lost).toMatch(/^d:/);
  // Simulate losing bull's record of the drain job (e.g. someone cleaned the queue).
  await admin.del(`${prefix}:inbound:${lost}`);
  await admin.lrem(`${prefix}:inbound:wait`, 0, lost);

  await queue.add('inbound', { n: 2 }, { key: 'k', jobId: 'k-2' });
  expect(await admin.get(`${prefix}:sched:inbound:k`)).not.toBe(lost);
  const seen: number[] = [];
  queue.process<{ n: number }>('inbound', async ({ n }) => {
    seen.push(n);
  });
  await queue.waitFor('inbound', 'k-2', 15_000);
  expect(seen).toEqual([1, 2]);
});

it('puts a delayed keyed job in its key’s line when it is due', async () => {
  const queue = queueWith();
  const ran: Array<{ id: string; at: number }> = [];
  queue.process('inbound', async (_p, job) => {
    ran.push({ id: job.id, at: Date.now() });
  });
  const addedAt = Date.now();
  await queue.add('inbound', {}, { key: 'k', jobId: 'later', delayMs: 1_000 });
  await queue.add('inbound', {}, { key: 'k', jobId: 'now' });
  await queue.add('inbound', {}, { key: 'k', jobId: 'later', delayMs: 1_000 }); // duplicate: ignored
  await queue.waitFor('inbound', 'later', 15_000);
  await sleep(100);
  expect(ran.map((r) => r.id)).toEqual(['now', 'later']);
  expect(ran[1].at - addedAt).toBeGreaterThanOrEqual(990);
});

it('ignores a job id already added through another instance (another process)', async () => {
  const prefix = uniquePrefix('dup');
  const a = queueWith(prefix);
  const b = queueWith(prefix);
  const seen: string[] = [];
  a.process<{ from: string }>('inbound', async ({ from }) => {
    seen.push(from);
  });
  await Promise.all([
    a.add('inbound', { from: 'a' }, { key: 'k', jobId: 'm1' }),
    b.add('inbound', { from: 'b' }, { key: 'k', jobId: 'm1' }),
    a.add('outbound', { from: 'a' }, { jobId: 'p1' }),
    b.add('outbound', { from: 'b' }, { jobId: 'p1' }),
  ]);
  a.process<{ from: string }>('outbound', async ({ from }) => {
    seen.push(`plain-${from}`);
  });
  await b.waitFor('inbound', 'm1', 15_000);
  await b.waitFor('outbound', 'p1', 15_000);
  await sleep(100);
  expect(seen).toHaveLength(2);
});

it('hands a busy key on after drainBatch items so other keys get their turn, keeping the order', async () => {
  const queue = testQueue(redis.url, { prefix: uniquePrefix('batch'), drainBatch: 2 });
  open.push(queue);
  const log: string[] = [];
  for (let n = 0; n < 7; n++) await queue.add('inbound', { n }, { key: 'busy', jobId: `busy-${n}` });
  await queue.add('inbound', { n: 0 }, { key: 'quiet', jobId: 'quiet-0' });
  queue.process<{ n: number }>('inbound', async ({ n }, job) => {
    log.push(job.id);
    await sleep(5);
  }, { concurrency: 1 });
  await queue.waitFor('inbound', 'busy-6', 15_000);
  expect(log.filter((id) => id.startsWith('busy'))).toEqual(Array.from({ length: 7 }, (_, n) => `busy-${n}`));
  // With one slot, the quiet key ran after the busy key's first batch instead of after all 7.
  expect(log.indexOf('quiet-0')).toBe(2);
});

it('rejects waitFor after its timeout, and bad options at construction', async () => {
  const queue = queueWith();
  await expect(queue.waitFor('inbound', 'never', 100)).rejects.toThrow(/did not finish within 100 ms/);
  expect(() => new BullQueue({ redisUrl: 'http://x', logger: createSilentLogger() })).toThrow(/redis:\/\//);
  expect(() => new BullQueue({ redisUrl: redis.url, logger: createSilentLogger(), lockDurationMs: 1000, stalledIntervalMs: 5000 })).toThrow(/lockDurationMs/);
});
