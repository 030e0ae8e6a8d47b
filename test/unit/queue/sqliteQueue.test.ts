import path from 'node:path';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteQueue } from '../../../src/queue/sqlite';
import { createSilentLogger } from '../../../src/observability/logger';
import { queueContract } from '../../contracts/queueContract';
import { memoryLogger } from '../../support/memoryLogger';
import { tempDatabase, tempDir } from '../../support/sqliteFiles';

queueContract('sqlite (file)', async () => new SqliteQueue({ database: tempDatabase(), logger: createSilentLogger() }));
queueContract('sqlite (in memory)', async () => new SqliteQueue({ database: new SqliteDatabase({ file: ':memory:' }), logger: createSilentLogger() }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const never = new Promise<void>(() => undefined);
const rows = (database: SqliteDatabase) => database.read((sql) => sql.all<{ id: string; tries: number }>('SELECT id, tries FROM queue_jobs ORDER BY seq'));

/** Makes every job of the topic hang (the process dies in the middle of it); resolves once one started. */
function hangInside(queue: SqliteQueue): Promise<void> {
  return new Promise<void>((started) => {
    queue.process('inbound', async () => {
      started();
      await never;
    });
  });
}

/** The second run on a file: runs every inbound job, and the log of `k<n>@<attempt>`. */
function restartLogging(file: string) {
  const next = queueOn(file);
  const log: string[] = [];
  next.queue.process<{ n: number }>('inbound', async ({ n }, job) => void log.push(`k${n}@${job.attempt}`));
  return { ...next, log };
}

/** A queue on a file, and a way to "kill" it: the file is closed under it, nothing more runs. */
function queueOn(file: string, logger = createSilentLogger()) {
  const database = new SqliteDatabase({ file });
  return { database, queue: new SqliteQueue({ database, logger }), crash: () => database.close() };
}

describe('SqliteQueue durability', () => {
  it('commits many adds of one moment with one fsync, each resolved only once on disk', async () => {
    const { database, queue } = queueOn(path.join(tempDir(), 'bot.sqlite'));
    const before = database.counts();
    await Promise.all(Array.from({ length: 100 }, (_, n) => queue.add('inbound', { n }, { key: `k${n % 7}`, jobId: `j${n}` })));
    expect(database.counts().commits - before.commits).toBe(1);
    expect(database.counts().syncs - before.syncs).toBe(1);
    expect(rows(database)).toHaveLength(100);
    await queue.close();
  });

  it('takes up unfinished jobs at start, in per-key order, after the process died', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const first = queueOn(file);
    for (let n = 0; n < 4; n++) for (const key of ['a', 'b']) await first.queue.add('inbound', { key, n }, { key, jobId: `${key}${n}` });
    await first.queue.add('timer', { due: true }, { jobId: 't1', delayMs: 150 });
    await first.crash();

    const second = queueOn(file);
    const log: string[] = [];
    second.queue.process<{ key: string; n: number }>('inbound', async ({ key, n }) => {
      await sleep((n * 7) % 5);
      log.push(`${key}${n}`);
    });
    second.queue.process('timer', async () => void log.push('t1'));
    await second.queue.waitFor('inbound', 'a3', 5000);
    await second.queue.waitFor('inbound', 'b3', 5000);
    await second.queue.waitFor('timer', 't1', 5000);
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(log.filter((l) => l.startsWith('b'))).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(log).toContain('t1');
    expect(rows(second.database)).toEqual([]);
    await second.queue.close();
  });

  it('deletes a job only after its handler finished; one cut short runs again first, as attempt 2', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const first = queueOn(file);
    const running = hangInside(first.queue);
    await first.queue.add('inbound', { n: 0 }, { key: 'k', jobId: 'k0' });
    await first.queue.add('inbound', { n: 1 }, { key: 'k', jobId: 'k1' });
    await running;
    await sleep(20);
    expect(rows(first.database)).toEqual([{ id: 'k0', tries: 1 }, { id: 'k1', tries: 0 }]);
    await first.crash();

    const second = restartLogging(file);
    await second.queue.waitFor('inbound', 'k1', 5000);
    expect(second.log).toEqual(['k0@2', 'k1@1']);
    await second.queue.close();
  });

  it('gives up a job that was running each time the process died, instead of dying forever', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    for (let run = 1; run <= 2; run++) {
      const { queue, crash } = queueOn(file);
      if (run === 1) await queue.add('inbound', {}, { key: 'k', jobId: 'poison', attempts: 2 });
      await hangInside(queue);
      await sleep(20);
      await crash();
    }
    const { logger, entries } = memoryLogger();
    const third = queueOn(file, logger);
    const ran: string[] = [];
    third.queue.process('inbound', async (_payload, job) => void ran.push(job.id));
    await third.queue.add('inbound', {}, { key: 'k', jobId: 'next' });
    await third.queue.waitFor('inbound', 'next', 5000);
    expect(ran).toEqual(['next']);
    expect(entries.some((e) => e.message === 'job given up: the process stopped during each of its attempts' && e.jobId === 'poison')).toBe(true);
    await third.queue.close();
  });

  it('keeps a retry\'s backoff across a restart: later jobs of its key still wait behind it', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const first = queueOn(file);
    first.queue.process('inbound', async () => {
      throw new Error('order API down');
    });
    await first.queue.add('inbound', { n: 0 }, { key: 'k', jobId: 'k0' });
    await first.queue.add('inbound', { n: 1 }, { key: 'k', jobId: 'k1' });
    await sleep(30); // k0 failed once and waits 100 ms for its retry
    await first.crash();

    const second = restartLogging(file);
    await second.queue.waitFor('inbound', 'k1', 5000);
    expect(second.log).toEqual(['k0@2', 'k1@1']);
    await second.queue.close();
  });
});

describe('SqliteQueue shutdown', () => {
  it('refuses new jobs once closing, lets the running one finish and keeps the rest for the next start', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const { queue } = queueOn(file);
    let finished = false;
    queue.process('inbound', async () => {
      await sleep(100);
      finished = true;
    });
    await queue.add('inbound', {}, { key: 'k', jobId: 'slow' });
    await queue.add('inbound', {}, { key: 'k', jobId: 'behind' });
    await sleep(10);
    await queue.close();
    expect(finished).toBe(true);
    await expect(queue.add('inbound', {}, { jobId: 'late' })).rejects.toThrow(/closing/);

    const next = queueOn(file);
    const ran: string[] = [];
    next.queue.process('inbound', async (_p, job) => void ran.push(job.id));
    await next.queue.waitFor('inbound', 'behind', 5000);
    expect(ran).toEqual(['behind']);
    await next.queue.close();
  });
});

describe('SqliteQueue admission limit', () => {
  it('refuses new jobs of a full topic, keeps every accepted one, and takes new ones once it drains', async () => {
    const { logger, entries } = memoryLogger();
    const queue = new SqliteQueue({ database: tempDatabase(), logger, maxUnfinished: { inbound: 3 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: string[] = [];
    queue.process<{ n: string }>('inbound', async ({ n }) => {
      await gate;
      ran.push(n);
    });
    // Accepted together, before any commits: the limit counts adds in flight too.
    await Promise.all(['a', 'b', 'c'].map((n) => queue.add('inbound', { n }, { key: n, jobId: n })));
    await expect(queue.add('inbound', { n: 'd' }, { key: 'd', jobId: 'd' })).rejects.toThrow(/inbound is full/);
    await expect(queue.add('inbound', { n: 'e' }, { key: 'e', jobId: 'e' })).rejects.toThrow(/inbound is full/);
    // Other topics (the bot's own replies, timers) are never refused.
    await queue.add('outbound', {}, { jobId: 'reply' });
    // A redelivery of an accepted job is still just a duplicate, not an error.
    await queue.add('inbound', { n: 'a' }, { key: 'a', jobId: 'a' });
    expect(entries.filter((e) => e.message === 'queue full: refusing new jobs until it drains')).toHaveLength(1);

    release();
    await queue.waitFor('inbound', 'c', 1000);
    await queue.add('inbound', { n: 'd' }, { key: 'd', jobId: 'd' }); // WhatsApp's redelivery
    await queue.waitFor('inbound', 'd', 1000);
    expect(ran.sort()).toEqual(['a', 'b', 'c', 'd']);
    await queue.close();
  });

  it('counts a job through its retries until it finishes', async () => {
    const queue = new SqliteQueue({ database: tempDatabase(), logger: createSilentLogger(), maxUnfinished: { inbound: 1 } });
    let calls = 0;
    queue.process('inbound', async () => {
      calls += 1;
      if (calls === 1) throw new Error('temporary');
    });
    await queue.add('inbound', {}, { key: 'k', jobId: 'flaky' });
    await sleep(20); // failed once, waiting for its retry
    await expect(queue.add('inbound', {}, { key: 'k2', jobId: 'other' })).rejects.toThrow(/full/);
    await queue.waitFor('inbound', 'flaky', 2000);
    await expect(queue.add('inbound', {}, { key: 'k2', jobId: 'other' })).resolves.toBeUndefined();
    await queue.close();
  });
});

describe('SqliteQueue addMany', () => {
  const batch = (count: number, prefix = 'b') =>
    Array.from({ length: count }, (_, n) => ({ topic: 'inbound' as const, payload: { n }, options: { key: `c${n % 5}`, jobId: `${prefix}-${n}` } }));

  it('writes a whole webhook delivery with one commit and one fsync, and starts none of it before the caller has resumed', async () => {
    const { database, queue } = queueOn(path.join(tempDir(), 'bot.sqlite'));
    const started: number[] = [];
    queue.process<{ n: number }>('inbound', async ({ n }) => void started.push(n));
    const before = database.counts();
    await queue.addMany(batch(50));
    expect(database.counts().commits - before.commits).toBe(1);
    expect(database.counts().syncs - before.syncs).toBe(1);
    expect(started).toEqual([]); // the webhook answers first
    await queue.waitFor('inbound', 'b-49', 5000);
    expect([...started].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    await queue.close();
  });

  it('keeps a delivery that the process did not live to run, in per-key order', async () => {
    const file = path.join(tempDir(), 'bot.sqlite');
    const first = queueOn(file);
    await first.queue.addMany(batch(10));
    await first.crash();
    const second = queueOn(file);
    const log: number[] = [];
    second.queue.process<{ n: number }>('inbound', async ({ n }) => void log.push(n));
    await second.queue.waitFor('inbound', 'b-9', 5000);
    for (let key = 0; key < 5; key++) expect(log.filter((n) => n % 5 === key)).toEqual([key, key + 5]);
    await second.queue.close();
  });

  it('takes a delivery up to the limit and refuses the rest; its redelivery adds the rest once the queue drained', async () => {
    const queue = new SqliteQueue({ database: tempDatabase(), logger: createSilentLogger(), maxUnfinished: { inbound: 4 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: number[] = [];
    queue.process<{ n: number }>('inbound', async ({ n }) => {
      await gate;
      ran.push(n);
    });
    await expect(queue.addMany(batch(6))).rejects.toThrow(/inbound is full/);
    release();
    await queue.waitFor('inbound', 'b-3', 1000);
    await queue.addMany(batch(6)); // WhatsApp's redelivery: the first four are duplicates
    await queue.waitFor('inbound', 'b-5', 1000);
    expect([...ran].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await queue.close();
  });
});
