import { InlineQueue } from '../../../src/queue/inline';
import { createSilentLogger } from '../../../src/observability/logger';
import { queueContract } from '../../contracts/queueContract';
import { memoryLogger } from '../../support/memoryLogger';

queueContract('inline', async () => new InlineQueue(createSilentLogger()));

describe('InlineQueue shutdown', () => {
  it('refuses new jobs once closing and lets the running one finish', async () => {
    const queue = new InlineQueue(createSilentLogger());
    let finished = false;
    queue.process('inbound', async () => {
      await new Promise((r) => setTimeout(r, 100));
      finished = true;
    });
    await queue.add('inbound', {}, { jobId: 'slow' });
    await new Promise((r) => setTimeout(r, 10));
    await queue.close();
    expect(finished).toBe(true);
    await expect(queue.add('inbound', {}, { jobId: 'late' })).rejects.toThrow(/closing/);
  });
});

describe('InlineQueue admission limit', () => {
  it('refuses new jobs of a full topic, keeps every accepted one, and takes new ones once it drains', async () => {
    const { logger, entries } = memoryLogger();
    const queue = new InlineQueue(logger, { maxUnfinished: { inbound: 3 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: string[] = [];
    queue.process<{ n: string }>('inbound', async ({ n }) => {
      await gate;
      ran.push(n);
    });
    for (const n of ['a', 'b', 'c']) await queue.add('inbound', { n }, { key: n, jobId: n });
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
    const queue = new InlineQueue(createSilentLogger(), { maxUnfinished: { inbound: 1 } });
    let calls = 0;
    queue.process('inbound', async () => {
      calls += 1;
      if (calls === 1) throw new Error('temporary');
    });
    await queue.add('inbound', {}, { key: 'k', jobId: 'flaky' });
    await new Promise((r) => setTimeout(r, 20)); // failed once, waiting for its retry
    await expect(queue.add('inbound', {}, { key: 'k2', jobId: 'other' })).rejects.toThrow(/full/);
    await queue.waitFor('inbound', 'flaky', 2000);
    await expect(queue.add('inbound', {}, { key: 'k2', jobId: 'other' })).resolves.toBeUndefined();
    await queue.close();
  });
});
