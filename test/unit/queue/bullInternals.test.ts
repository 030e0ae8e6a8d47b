import Bull from 'bull';
import { assertCompatible, bullAddJobCall, bullJobLockKey, bullQueueToken, BULL_ADD_JOB_ARGS, BULL_ADD_JOB_KEYS, type BullScriptSource } from '../../../src/queue/bull/bullInternals';

/*
 * What src/queue/bull/bullInternals.ts assumes about bull's internals. Each test fails when a
 * bull upgrade changes one of them; the adapter must then be adapted before it is upgraded.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const BullJob = require('bull/lib/job') as new (queue: Bull.Queue, name: string, data: unknown, opts: Bull.JobOptions) => { id?: string; lockKey(): string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addJobSource = require('bull/lib/scripts/addJob-6') as BullScriptSource;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const moveToFinished = require('bull/lib/scripts/moveToFinished-9') as BullScriptSource;

let queue: Bull.Queue;

beforeAll(() => {
  // Never connects: only bull's key and argument builders run.
  queue = new Bull('inbound', { prefix: 'wabot-test', redis: { port: 1, lazyConnect: true } });
});

afterAll(async () => {
  await queue.close();
});

describe('bull internals the queue adapter relies on', () => {
  it('ships an addJob script of 6 keys and 14 arguments with its includes inlined', () => {
    expect(() => assertCompatible()).not.toThrow();
    expect(addJobSource.keys).toBe(BULL_ADD_JOB_KEYS);
    expect(addJobSource.content).toContain(`ARGV[${BULL_ADD_JOB_ARGS}]`);
  });

  it('builds addJob keys under the queue\'s prefix, and passes that prefix as the first argument', () => {
    const call = bullAddJobCall(queue, 'drain', { key: 'k' }, { jobId: 'd:1', attempts: 3 });
    expect(call.keys).toHaveLength(BULL_ADD_JOB_KEYS);
    expect(call.args).toHaveLength(BULL_ADD_JOB_ARGS);
    for (const key of call.keys) expect(key.startsWith('wabot-test:inbound:')).toBe(true);
    // bullJobAlive (our Lua) finds a job's hash at <first argument><job id>.
    expect(call.args[0]).toBe('wabot-test:inbound:');
    expect(call.args[1]).toBe('d:1');
  });

  it('keeps a job\'s lock at <prefix>:<queue>:<job id>:lock and sets finishedOn when a job finishes', () => {
    const job = new BullJob(queue, 'drain', {}, {});
    job.id = 'd:1';
    expect(job.lockKey()).toBe(bullJobLockKey('wabot-test', 'inbound', 'd:1'));
    expect(moveToFinished.content).toMatch(/"finishedOn"/);
  });

  it('gives each queue instance a lock token', () => {
    expect(bullQueueToken(queue)).toMatch(/\S{8,}/);
  });

  it('refuses an addJob script of another shape', () => {
    expect(() => assertCompatible({ ...addJobSource, keys: 7 })).toThrow(/not supported/);
    expect(() => assertCompatible({ ...addJobSource, content: addJobSource.content.replace(/ARGV\[14\]/g, 'ARGV[13]') })).toThrow(/not supported/);
  });
});
