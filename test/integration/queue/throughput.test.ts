/**
 * Rough throughput of the keyed path in one process: 5 000 jobs over 500 keys, a no-op
 * handler, concurrency 32. Prints the rates; asserts only a floor far below them, so the
 * test catches a collapse (e.g. a lost wake-up leaving jobs to the stalled check), not noise.
 */
import { startRedis, type RedisService } from '../../support/services';
import { testQueue, until } from './support/redis';

const JOBS = 5_000;
const KEYS = 500;
const IN_FLIGHT_ADDS = 64;

let redis: RedisService;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});

async function addAll(add: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT_ADDS }, async () => {
      while (next < JOBS) await add(next++);
    }),
  );
}

it('handles thousands of keyed jobs per second', async () => {
  // Adds first, then drain: separates the two costs.
  const queue = testQueue(redis.url);
  let handled = 0;
  const addStart = Date.now();
  await addAll((i) => queue.add('inbound', { i }, { key: `k${i % KEYS}`, jobId: `a-${i}` }));
  const addMs = Date.now() - addStart;
  const runStart = Date.now();
  queue.process('inbound', async () => {
    handled += 1;
  }, { concurrency: 32 });
  await until(() => handled === JOBS, 60_000, 'all jobs handled');
  const runMs = Date.now() - runStart;
  await queue.close();

  // Adds and handling at the same time: the end-to-end loop.
  const live = testQueue(redis.url);
  let liveHandled = 0;
  live.process('inbound', async () => {
    liveHandled += 1;
  }, { concurrency: 32 });
  const loopStart = Date.now();
  await addAll((i) => live.add('inbound', { i }, { key: `k${i % KEYS}`, jobId: `b-${i}` }));
  await until(() => liveHandled === JOBS, 60_000, 'all live jobs handled');
  const loopMs = Date.now() - loopStart;
  await live.close();

  const rate = (ms: number): number => Math.round((JOBS * 1000) / ms);
  console.log(
    `bull queue throughput, ${JOBS} jobs over ${KEYS} keys, no-op handler, concurrency 32:\n` +
      `  add only:            ${rate(addMs)} jobs/s (${addMs} ms)\n` +
      `  handle backlog only: ${rate(runMs)} jobs/s (${runMs} ms)\n` +
      `  add + handle loop:   ${rate(loopMs)} jobs/s (${loopMs} ms)`,
  );
  expect(rate(loopMs)).toBeGreaterThan(200);
}, 120_000);
