import type { JobHandler } from '../port';
import type { StoredJob } from './jobTable';

/** A job in memory: its durable row, and since when it counts as waiting (for metrics). */
export interface Job extends StoredJob {
  dueAt: number;
  /** Its handler finished; the row's deletion is on its way to disk (the id still dedupes). */
  done?: boolean;
}

export interface TopicState {
  handler?: JobHandler<unknown>;
  concurrency: number;
  running: number;
  /** Jobs due per key, in arrival order. */
  pending: Map<string, Job[]>;
  /** Keys that have due jobs and nothing running, in the order they became ready. */
  ready: string[];
  /** Keys with a job running or waiting out a retry's backoff: later jobs of the key wait. */
  busyKeys: Set<string>;
  /** Every unfinished job of the topic by id: due, running, between retries or delayed. */
  jobs: Map<string, Job>;
  /** add() calls accepted and not committed yet: they count against the admission limit. */
  adding: number;
  /** Jobs in `jobs` whose handler finished, waiting for their row's deletion to commit. */
  done: number;
}

export function newTopicState(concurrency: number): TopicState {
  return { concurrency, running: 0, pending: new Map(), ready: [], busyKeys: new Set(), jobs: new Map(), adding: 0, done: 0 };
}
