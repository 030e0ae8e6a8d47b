import type { Logger } from '../../observability/logger';
import { PermanentJobError, type JobHandler, type Topic } from '../port';
import type { QueueKeys } from './keys';
import type { QueueScripts } from './scripts';

/** One job of a key, as stored on the key's list. */
export interface KeyedItem {
  id: string;
  maxAttempts: number;
  payload: unknown;
}

/** Thrown out of a drain job so that bull retries it after the item's backoff; the item stays at the head. */
export class ItemRetryError extends Error {
  constructor(readonly original: unknown, readonly itemAttempt: number) {
    super((original as Error)?.message ?? String(original));
    this.name = 'ItemRetryError';
  }
}

export interface DrainDeps {
  topic: Topic;
  keys: QueueKeys;
  /** Scripts on the worker connection. */
  scripts: QueueScripts;
  logger: Logger;
  doneTtlSeconds: number;
  /** Items one run handles before handing the rest to a fresh drain job. */
  batch: number;
  /** bull's lock token of this process' queue instance for the topic. */
  lockToken: string;
  handler: JobHandler<unknown>;
  isClosing(): boolean;
  /** Gives the key to a new drain job if `drainId` still owns it and items are left. */
  yieldKey(key: string, drainId: string): Promise<void>;
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || (error as Error | undefined)?.name === 'PermanentJobError';
}

/**
 * Runs the items of one key, oldest first, while this drain job owns the key. Each step
 * (claim the head, finish it) is one script; an item is removed only after its handler
 * returned or it was given up, so a worker that dies mid-item leaves it at the head for the
 * drain job's next run (bull's stalled-job check hands that to another worker).
 */
export async function drainKey(deps: DrainDeps, drainId: string, key: string): Promise<void> {
  const { topic, keys, scripts } = deps;
  const k = {
    sched: keys.sched(topic, key),
    list: keys.list(topic, key),
    attempts: keys.attempts(topic, key),
    lock: keys.bullLock(topic, drainId),
    pending: keys.pending(topic),
  };
  for (let handled = 0; ; handled++) {
    if (deps.isClosing() || handled >= deps.batch) {
      await deps.yieldKey(key, drainId);
      return;
    }
    const claim = await scripts.claim(k, drainId, deps.lockToken);
    if (claim.kind !== 'item') {
      if (claim.kind !== 'empty') deps.logger.warn('drain job stopped: it no longer owns the key', { topic, drainId, reason: claim.kind });
      return;
    }
    const item = JSON.parse(claim.raw) as KeyedItem;
    const finish = (): Promise<boolean> => scripts.finish({ ...k, done: keys.done(topic, item.id) }, item.id, deps.doneTtlSeconds, keys.doneChannel(topic), drainId);
    if (claim.attempt > item.maxAttempts) {
      // Only reachable when earlier runs died with their worker (the count is taken at claim).
      deps.logger.error('job given up: its runs kept dying with their worker', { topic, jobId: item.id, attempt: claim.attempt });
      if (await finish()) return;
      continue;
    }
    try {
      await deps.handler(item.payload, { id: item.id, attempt: claim.attempt });
    } catch (error) {
      const retry = !isPermanent(error) && claim.attempt < item.maxAttempts;
      deps.logger.warn(retry ? 'job failed; will retry' : 'job failed; giving up', {
        topic, jobId: item.id, attempt: claim.attempt, error: (error as Error)?.message ?? String(error),
      });
      if (retry) throw new ItemRetryError(error, claim.attempt);
    }
    if (await finish()) return;
  }
}
