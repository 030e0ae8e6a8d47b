import { PermanentJobError, type Queue } from '../../src/queue/port';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 10000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/**
 * The behaviour every Queue adapter must show: per-key order, parallel keys, retries,
 * duplicate job ids ignored, delays, waitFor. The factory returns a fresh queue.
 */
export function queueContract(name: string, makeQueue: () => Promise<Queue>): void {
  describe(`Queue contract: ${name}`, () => {
    let queue: Queue;
    beforeEach(async () => {
      queue = await makeQueue();
    });
    afterEach(async () => {
      await queue.close();
    });

    it('runs jobs of one key one at a time, in order, and different keys in parallel', async () => {
      const log: string[] = [];
      let running = 0;
      let maxParallelSameKey = 0;
      const runningByKey = new Map<string, number>();
      let maxParallelOverall = 0;
      queue.process<{ key: string; n: number }>('inbound', async ({ key, n }) => {
        runningByKey.set(key, (runningByKey.get(key) ?? 0) + 1);
        running += 1;
        maxParallelSameKey = Math.max(maxParallelSameKey, runningByKey.get(key)!);
        maxParallelOverall = Math.max(maxParallelOverall, running);
        await sleep(5 + ((n * 7) % 11));
        log.push(`${key}:${n}`);
        running -= 1;
        runningByKey.set(key, runningByKey.get(key)! - 1);
      });
      const keys = ['a', 'b', 'c', 'd'];
      for (let n = 0; n < 10; n++) for (const key of keys) await queue.add('inbound', { key, n }, { key, jobId: `${key}-${n}` });
      await until(() => log.length === 40);
      for (const key of keys) {
        expect(log.filter((l) => l.startsWith(`${key}:`))).toEqual(Array.from({ length: 10 }, (_, n) => `${key}:${n}`));
      }
      expect(maxParallelSameKey).toBe(1);
      expect(maxParallelOverall).toBeGreaterThan(1);
    });

    it('ignores a second job with the same id', async () => {
      const seen: number[] = [];
      queue.process<{ n: number }>('inbound', async ({ n }) => {
        seen.push(n);
      });
      await queue.add('inbound', { n: 1 }, { jobId: 'same', key: 'k' });
      await queue.add('inbound', { n: 2 }, { jobId: 'same', key: 'k' });
      await queue.waitFor('inbound', 'same', 5000);
      await queue.add('inbound', { n: 3 }, { jobId: 'same', key: 'k' });
      await sleep(100);
      expect(seen).toEqual([1]);
    });

    it('retries a failing job and keeps later jobs of its key waiting behind it', async () => {
      const log: string[] = [];
      let failures = 0;
      queue.process<{ n: number }>('inbound', async ({ n }, job) => {
        if (n === 1 && failures < 2) {
          failures += 1;
          throw new Error('temporary');
        }
        log.push(`${n}@${job.attempt}`);
      });
      await queue.add('inbound', { n: 1 }, { key: 'k', jobId: 'r1' });
      await queue.add('inbound', { n: 2 }, { key: 'k', jobId: 'r2' });
      await until(() => log.length === 2);
      expect(log).toEqual(['1@3', '2@1']);
    });

    it('gives up at once on a PermanentJobError and after the attempts otherwise', async () => {
      const calls: Record<string, number> = { perm: 0, flaky: 0 };
      queue.process<{ kind: string }>('outbound', async ({ kind }) => {
        calls[kind] += 1;
        throw kind === 'perm' ? new PermanentJobError('bad') : new Error('still failing');
      });
      await queue.add('outbound', { kind: 'perm' }, { jobId: 'p' });
      await queue.add('outbound', { kind: 'flaky' }, { jobId: 'f', attempts: 3 });
      await queue.waitFor('outbound', 'p', 10000);
      await queue.waitFor('outbound', 'f', 10000);
      expect(calls).toEqual({ perm: 1, flaky: 3 });
    });

    it('runs delayed jobs no earlier than asked', async () => {
      const ranAt: number[] = [];
      queue.process('timer', async () => {
        ranAt.push(Date.now());
      });
      const addedAt = Date.now();
      await queue.add('timer', {}, { delayMs: 300, jobId: 'later' });
      await queue.waitFor('timer', 'later', 5000);
      expect(ranAt[0] - addedAt).toBeGreaterThanOrEqual(290);
    });

    it('reports the jobs not finished yet and the age of the oldest, for metrics', async () => {
      const stats = (topic: 'inbound' | 'outbound' | 'timer') => queue.stats!(topic);
      expect(await stats('inbound')).toEqual({ waiting: 0, oldestAgeMs: 0 });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const started: string[] = [];
      queue.process<{ n: number }>('inbound', async ({ n }) => {
        started.push(`k:${n}`);
        if (n === 0) await held;
      });
      const addedAt = Date.now();
      for (let n = 0; n < 3; n++) await queue.add('inbound', { n }, { key: 'k', jobId: `s-${n}` });
      await queue.add('inbound', { n: 9 }, { key: 'other', jobId: 's-9' }); // finishes at once
      await queue.add('timer', {}, { delayMs: 60_000, jobId: 'not-due' }); // not waiting yet
      await queue.add('outbound', {}, { jobId: 'no-consumer-yet' });
      await queue.waitFor('inbound', 's-9', 5000);
      await sleep(120);

      // One running and two behind it on key k; the plain job waits for a consumer.
      const busy = await stats('inbound');
      expect(busy.waiting).toBe(3);
      expect(busy.oldestAgeMs).toBeGreaterThanOrEqual(100);
      expect(busy.oldestAgeMs).toBeLessThanOrEqual(Date.now() - addedAt + 50);
      expect((await stats('outbound')).waiting).toBe(1);
      expect(await stats('timer')).toEqual({ waiting: 0, oldestAgeMs: 0 });

      release();
      await queue.waitFor('inbound', 's-2', 5000);
      expect(started.sort()).toEqual(['k:0', 'k:1', 'k:2', 'k:9']);
      expect(await stats('inbound')).toEqual({ waiting: 0, oldestAgeMs: 0 });
    });

    it('addMany: many jobs of several topics and keys in one call, each key in order, duplicates ignored', async () => {
      const log: string[] = [];
      queue.process<{ key: string; n: number }>('inbound', async ({ key, n }) => {
        await sleep((n * 3) % 7);
        log.push(`${key}:${n}`);
      });
      const receipts: string[] = [];
      queue.process<{ r: string }>('status', async ({ r }) => {
        receipts.push(r);
      });
      const jobs = [];
      for (let n = 0; n < 30; n++) jobs.push({ topic: 'inbound' as const, payload: { key: `c${n % 3}`, n }, options: { key: `c${n % 3}`, jobId: `m-${n}` } });
      jobs.push({ topic: 'status' as const, payload: { r: 'delivered' }, options: { jobId: 'r-1' } });
      jobs.push({ topic: 'inbound' as const, payload: { key: 'c0', n: 99 }, options: { key: 'c0', jobId: 'm-0' } }); // same id again
      await queue.addMany(jobs);
      await queue.addMany(jobs.slice(0, 5)); // a redelivery of part of it
      await until(() => log.length === 30 && receipts.length === 1);
      await sleep(100);
      expect(log).toHaveLength(30);
      for (const key of ['c0', 'c1', 'c2']) {
        expect(log.filter((l) => l.startsWith(`${key}:`))).toEqual(Array.from({ length: 30 }, (_, n) => n).filter((n) => n % 3 === Number(key[1])).map((n) => `${key}:${n}`));
      }
      expect(receipts).toEqual(['delivered']);
      await expect(queue.addMany([])).resolves.toBeUndefined();
    });

    it('holds jobs added before a consumer exists until one registers', async () => {
      const seen: string[] = [];
      await queue.add('status', { v: 'early' }, { jobId: 'early' });
      queue.process<{ v: string }>('status', async ({ v }) => {
        seen.push(v);
      });
      await queue.waitFor('status', 'early', 5000);
      expect(seen).toEqual(['early']);
    });
  });
}
