/**
 * Redis goes away and comes back on the same port: add() and ping() fail fast while it is
 * away (the webhook answers 503 and Meta redelivers), and the same BullQueue works again
 * afterwards without a restart of the process.
 */
import { freePort } from '../../support/services';
import type { BullQueue } from '../../../src/queue/bull';
import { startRedisAt, type RedisAtPort } from './support/redisServer';
import { sleep, testQueue, until } from './support/redis';

let server: RedisAtPort | undefined;
let queue: BullQueue | undefined;

afterAll(async () => {
  await queue?.close();
  await server?.stop();
});

it('rejects adds within ~2 s while Redis is down and recovers when it is back', async () => {
  const port = await freePort();
  server = await startRedisAt(port);
  queue = testQueue(server.url); // default commandTimeoutMs: 2 000
  const handled: string[] = [];
  queue.process<{ n: string }>('inbound', async ({ n }) => {
    handled.push(n);
  });
  queue.process<{ n: string }>('outbound', async ({ n }) => {
    handled.push(n);
  });

  await queue.ping();
  await queue.add('inbound', { n: 'before' }, { key: 'k', jobId: 'before' });
  await queue.waitFor('inbound', 'before', 5_000);

  await server.stop();
  // The first add may meet a connection that has not noticed yet (fails at once), the second
  // one meets a client that is reconnecting (fails after commandTimeoutMs).
  for (const attempt of ['down-1', 'down-2']) {
    if (attempt === 'down-2') await sleep(300);
    const started = Date.now();
    await expect(queue.add('inbound', { n: attempt }, { key: 'k', jobId: attempt })).rejects.toThrow(/could not queue job/);
    expect(Date.now() - started).toBeLessThan(3_000);
  }
  // A webhook's batch fails as fast, as a whole (Meta then delivers it again).
  const batchStarted = Date.now();
  await expect(queue.addMany([{ topic: 'inbound', payload: { n: 'down-3' }, options: { key: 'k', jobId: 'down-3' } }, { topic: 'outbound', payload: { n: 'down-4' }, options: { jobId: 'down-4' } }])).rejects.toThrow(/could not queue 2 jobs/);
  expect(Date.now() - batchStarted).toBeLessThan(3_000);
  const pingStarted = Date.now();
  await expect(queue.ping()).rejects.toThrow(/did not answer PING/);
  expect(Date.now() - pingStarted).toBeLessThan(3_000);

  server = await startRedisAt(port);
  await until(() => queue!.ping().then(() => true, () => false), 15_000, 'ping after Redis restarted');
  await queue.add('inbound', { n: 'after' }, { key: 'k', jobId: 'after' });
  await queue.add('outbound', { n: 'after-plain' }, { jobId: 'after-plain' });
  await queue.waitFor('inbound', 'after', 20_000);
  await queue.waitFor('outbound', 'after-plain', 20_000);
  expect(handled).toEqual(expect.arrayContaining(['before', 'after', 'after-plain']));
  expect(handled).not.toContain('down-1');
  expect(handled).not.toContain('down-3');
}, 60_000);

it('closes promptly while Redis is down, letting the running handler finish (SIGTERM during an outage)', async () => {
  const port = await freePort();
  const down = await startRedisAt(port);
  const stranded = testQueue(down.url);
  let finished = false;
  let started = false;
  try {
    stranded.process('inbound', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 1_000));
      finished = true;
    });
    stranded.process('outbound', async () => undefined);
    await stranded.add('inbound', {}, { key: 'k', jobId: 'a' });
    await until(() => started, 5_000, 'handler started');
  } finally {
    await down.stop();
  }
  // bull's own commands after the handler (mark the job completed) wait for Redis; close()
  // must not wait for Redis forever.
  const closeStarted = Date.now();
  await stranded.close();
  expect(finished).toBe(true);
  expect(Date.now() - closeStarted).toBeLessThan(5_000);
}, 30_000);
