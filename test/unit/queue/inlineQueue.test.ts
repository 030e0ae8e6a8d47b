import { InlineQueue } from '../../../src/queue/inline';
import { createSilentLogger } from '../../../src/observability/logger';
import { queueContract } from '../../contracts/queueContract';

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
