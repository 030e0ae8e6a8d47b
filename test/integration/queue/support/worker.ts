/**
 * A queue consumer in its own process, for the multi-process tests (run with `node --import tsx`).
 * Every handled job is recorded as {key, n, start, end, pid, attempt} on the Redis list
 * `<prefix>:test:log` — the tests' source of truth.
 *
 * Environment: REDIS_URL, QUEUE_PREFIX, LOCK_MS, STALLED_MS, CONCURRENCY, DRAIN_BATCH, MAX_STALLED,
 * HANG_ON ("key:n": on its first attempt that job announces itself on `<prefix>:test:started`
 * and never finishes — the test kills the process).
 */
import Redis from 'ioredis';
import { BullQueue } from '../../../../src/queue/bull';
import { createLogger } from '../../../../src/observability/logger';

interface TestPayload {
  key: string;
  n: number;
  sleepMs?: number;
}

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`worker: ${name} is not set`);
  return value;
};

const redisUrl = env('REDIS_URL');
const prefix = env('QUEUE_PREFIX');
const hangOn = process.env.HANG_ON;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const queue = new BullQueue({
    redisUrl,
    prefix,
    logger: createLogger({ level: 'error' }),
    lockDurationMs: Number(env('LOCK_MS', '30000')),
    stalledIntervalMs: Number(env('STALLED_MS', '5000')),
    drainBatch: Number(env('DRAIN_BATCH', '100')),
    maxStalledCount: Number(env('MAX_STALLED', '3')),
    backoffMs: 20,
  });
  const recorder = new Redis(redisUrl, { connectionName: 'test-recorder' });
  queue.process<TestPayload>(
    'inbound',
    async ({ key, n, sleepMs }, job) => {
      const start = Date.now();
      if (hangOn === `${key}:${n}` && job.attempt === 1) {
        await recorder.rpush(`${prefix}:test:started`, JSON.stringify({ key, n, pid: process.pid }));
        await new Promise(() => undefined); // until SIGKILL
      }
      await sleep(sleepMs ?? 1 + Math.floor(Math.random() * 10));
      const end = Date.now();
      await recorder.rpush(`${prefix}:test:log`, JSON.stringify({ key, n, start, end, pid: process.pid, attempt: job.attempt }));
    },
    { concurrency: Number(env('CONCURRENCY', '8')) },
  );
  await queue.ping();
  process.once('SIGTERM', () => {
    void queue
      .close()
      .then(() => recorder.quit())
      .then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
