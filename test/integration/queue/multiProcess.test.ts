/**
 * Per-key exclusivity and order across several worker processes: three child processes
 * consume one topic while this process adds 10 customers × 20 messages, interleaved.
 */
import type Redis from 'ioredis';
import { startRedis, type RedisService } from '../../support/services';
import type { BullQueue } from '../../../src/queue/bull';
import { startWorker, type WorkerProcess } from './support/children';
import { adminClient, testQueue, uniquePrefix, until } from './support/redis';

interface Record {
  key: string;
  n: number;
  start: number;
  end: number;
  pid: number;
  attempt: number;
}

const CUSTOMERS = 10;
const MESSAGES = 20;

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

it('runs every customer’s messages once, in order, never two at a time, spread over three processes', async () => {
  const prefix = uniquePrefix('multi');
  // A small drain batch makes keys change hands between processes often.
  const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, CONCURRENCY: '4', DRAIN_BATCH: '3', LOCK_MS: '10000', STALLED_MS: '2000' };
  workers.push(...(await Promise.all([startWorker(env), startWorker(env), startWorker(env)])));
  producer = testQueue(redis.url, { prefix });

  for (let n = 0; n < MESSAGES; n++) {
    await Promise.all(
      Array.from({ length: CUSTOMERS }, (_, c) => producer!.add('inbound', { key: `c${c}`, n }, { key: `c${c}`, jobId: `c${c}-${n}` })),
    );
  }
  await until(async () => (await admin.llen(`${prefix}:test:log`)) >= CUSTOMERS * MESSAGES, 60_000, 'all 200 jobs recorded');
  await producer.waitFor('inbound', `c${CUSTOMERS - 1}-${MESSAGES - 1}`, 5_000); // waitFor across processes

  const records = (await admin.lrange(`${prefix}:test:log`, 0, -1)).map((raw) => JSON.parse(raw) as Record);
  expect(records).toHaveLength(CUSTOMERS * MESSAGES);
  expect(new Set(records.map((r) => `${r.key}:${r.n}`)).size).toBe(CUSTOMERS * MESSAGES); // each exactly once

  for (let c = 0; c < CUSTOMERS; c++) {
    const mine = records.filter((r) => r.key === `c${c}`);
    // In order: by completion (list order) and by start time.
    expect(mine.map((r) => r.n)).toEqual(Array.from({ length: MESSAGES }, (_, n) => n));
    const byStart = [...mine].sort((a, b) => a.start - b.start || a.n - b.n);
    expect(byStart.map((r) => r.n)).toEqual(Array.from({ length: MESSAGES }, (_, n) => n));
    // Never overlapping: each starts after the previous one ended.
    for (let i = 1; i < byStart.length; i++) expect(byStart[i].start).toBeGreaterThanOrEqual(byStart[i - 1].end);
  }
  const pids = new Set(records.map((r) => r.pid));
  expect(pids.size).toBeGreaterThan(1);
  expect([...pids].every((pid) => workers.some((w) => w.pid === pid))).toBe(true);

  // Different keys did run in parallel (some pair of records of different keys overlaps in time).
  const overlapping = records.some((a) => records.some((b) => a.key !== b.key && a.start < b.end && b.start < a.end));
  expect(overlapping).toBe(true);

  // Nothing left behind: no per-key lists, owner flags or attempt counters.
  expect(await admin.keys(`${prefix}:list:*`)).toEqual([]);
  expect(await admin.keys(`${prefix}:sched:*`)).toEqual([]);
  expect(await admin.keys(`${prefix}:att:*`)).toEqual([]);

  await Promise.all(workers.map((w) => w.stop()));
  for (const w of workers) expect(w.child.exitCode).toBe(0); // graceful SIGTERM path
}, 120_000);
