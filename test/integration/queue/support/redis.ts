/**
 * Helpers shared by the bull queue integration tests. Redis itself comes from the harness
 * (test/support/services.ts): a suite fails, never skips, when it cannot start.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { BullQueue, type BullQueueOptions } from '../../../../src/queue/bull';
import { createSilentLogger } from '../../../../src/observability/logger';

/** A prefix no other test uses, so tests sharing one Redis never see each other's keys. */
export function uniquePrefix(label: string): string {
  return `t-${label}-${randomBytes(4).toString('hex')}`;
}

/** Fast settings for tests: short locks and stalled checks, short backoff. */
export function testQueue(redisUrl: string, overrides: Partial<BullQueueOptions> = {}): BullQueue {
  return new BullQueue({
    redisUrl,
    prefix: uniquePrefix('q'),
    logger: createSilentLogger(),
    backoffMs: 20,
    lockDurationMs: 5_000,
    stalledIntervalMs: 1_000,
    ...overrides,
  });
}

export function adminClient(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: 1, connectionName: 'test-admin' });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
