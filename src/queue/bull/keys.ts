import type { Topic } from '../port';
import { bullJobLockKey } from './bullInternals';

/**
 * Every Redis key and channel of the adapter, in one place. bull's own keys live under
 * `<prefix>:<topic>:…` (bull prefix = ours, queue name = topic); ours use a second segment that
 * is never a topic name, so the two cannot collide.
 */
export class QueueKeys {
  constructor(readonly prefix: string) {}

  /** Set once per job id, with a TTL: a second add of the id is ignored while it exists. */
  seen(topic: Topic, jobId: string): string {
    return `${this.prefix}:seen:${topic}:${jobId}`;
  }

  /** Set when a delayed keyed job has been moved onto its key's list (makes that move idempotent). */
  fired(topic: Topic, jobId: string): string {
    return `${this.prefix}:fired:${topic}:${jobId}`;
  }

  /** The key's pending items, oldest first; the head is the one running or about to run. */
  list(topic: Topic, key: string): string {
    return `${this.prefix}:list:${topic}:${key}`;
  }

  /** Holds the id of the one drain job that owns the key; exists exactly while the list is non-empty. */
  sched(topic: Topic, key: string): string {
    return `${this.prefix}:sched:${topic}:${key}`;
  }

  /** Hash item id → runs started, for the key's items. */
  attempts(topic: Topic, key: string): string {
    return `${this.prefix}:att:${topic}:${key}`;
  }

  /**
   * Sorted set of the topic's unfinished jobs: job id → when it became due (epoch ms). Kept by
   * the same scripts that add and finish jobs, so depth and age are one cheap read (metrics).
   */
  pending(topic: Topic): string {
    return `${this.prefix}:pending:${topic}`;
  }

  /** Short-lived marker that the job finished (done or given up), read by waitFor. */
  done(topic: Topic, jobId: string): string {
    return `${this.prefix}:done:${topic}:${jobId}`;
  }

  /** Pub/sub channel on which finished job ids of a topic are announced. */
  doneChannel(topic: Topic): string {
    return `${this.prefix}:done:${topic}`;
  }

  /** bull's lock of a job of the topic's bull queue. */
  bullLock(topic: Topic, bullJobId: string): string {
    return bullJobLockKey(this.prefix, topic, bullJobId);
  }
}
