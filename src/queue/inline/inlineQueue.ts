import { randomUUID } from 'node:crypto';
import type { Logger } from '../../observability/logger';
import { PermanentJobError, type JobHandler, type JobOptions, type Queue, type Topic } from '../port';

interface Job {
  id: string;
  addedAt: number;
  key: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
}

interface TopicState {
  handler?: JobHandler<unknown>;
  concurrency: number;
  running: number;
  /** Pending jobs per key, in arrival order. */
  pending: Map<string, Job[]>;
  /** Keys that have pending jobs and nothing running, in the order they became ready. */
  ready: string[];
  busyKeys: Set<string>;
  /** Jobs added and not finished (waiting, running or between retries); delayed ones once due. */
  unfinished: number;
}

export interface InlineQueueOptions {
  /**
   * Per topic, how many unfinished jobs add() accepts before refusing new ones. One process
   * has no Redis to hold a backlog: past this, a webhook answers 503 at once (WhatsApp
   * delivers again later) instead of every customer waiting longer and memory growing.
   */
  maxUnfinished?: Partial<Record<Topic, number>>;
}

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_CONCURRENCY = 64;
const BACKOFF_BASE_MS = 100;
// Finished job ids are remembered this long so a redelivery is recognised and waitFor resolves.
const FINISHED_MEMORY = 10_000;

/**
 * The embedded Queue: jobs run in this process. Same rules as the Redis one: one job per key
 * at a time in arrival order, retries with exponential backoff, duplicate job ids ignored.
 * It is not durable; that is what the bull adapter is for.
 */
export class InlineQueue implements Queue {
  readonly kind = 'inline';
  private readonly topics = new Map<Topic, TopicState>();
  private readonly known = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing = false;
  private idle?: () => void;

  constructor(private readonly logger: Logger, private readonly options: InlineQueueOptions = {}) {}

  async add<T>(topic: Topic, payload: T, options: JobOptions = {}): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
    const id = options.jobId ?? randomUUID();
    const ref = `${topic}/${id}`;
    if (this.known.has(ref) || this.finished.has(ref)) return;
    const limit = this.options.maxUnfinished?.[topic];
    if (limit !== undefined && this.topic(topic).unfinished >= limit) {
      this.logFull(topic, limit);
      throw new Error(`queue ${topic} is full (${limit} unfinished jobs); try again later`);
    }
    this.known.add(ref);
    const job: Job = { id, addedAt: Date.now(), key: options.key ?? `job:${id}`, payload, attempt: 1, maxAttempts: options.attempts ?? DEFAULT_ATTEMPTS };
    if (options.delayMs && options.delayMs > 0) this.later(options.delayMs, () => this.enqueue(topic, job));
    else this.enqueue(topic, job);
  }

  process<T>(topic: Topic, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    const state = this.topic(topic);
    state.handler = handler as JobHandler<unknown>;
    state.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.pump(topic);
  }

  waitFor(topic: Topic, jobId: string, timeoutMs: number): Promise<void> {
    const ref = `${topic}/${jobId}`;
    if (this.finished.has(ref)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiters.get(ref) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(ref, list);
    });
  }

  async ping(): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.totalRunning() > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  async stats(topic: Topic): Promise<{ waiting: number; oldestAgeMs: number }> {
    const state = this.topics.get(topic);
    let oldest = Infinity;
    for (const jobs of state?.pending.values() ?? []) for (const job of jobs) oldest = Math.min(oldest, job.addedAt);
    return { waiting: this.depth(topic), oldestAgeMs: oldest === Infinity ? 0 : Date.now() - oldest };
  }

  /** Jobs waiting or running, for metrics and tests. */
  depth(topic: Topic): number {
    const state = this.topics.get(topic);
    if (!state) return 0;
    let count = state.running;
    for (const jobs of state.pending.values()) count += jobs.length;
    return count;
  }

  private topic(topic: Topic): TopicState {
    let state = this.topics.get(topic);
    if (!state) {
      state = { concurrency: DEFAULT_CONCURRENCY, running: 0, pending: new Map(), ready: [], busyKeys: new Set(), unfinished: 0 };
      this.topics.set(topic, state);
    }
    return state;
  }

  private enqueue(topic: Topic, job: Job, front = false): void {
    const state = this.topic(topic);
    if (!front) state.unfinished += 1; // a retry goes back to the front and was counted already
    const jobs = state.pending.get(job.key);
    if (jobs) {
      if (front) jobs.unshift(job);
      else jobs.push(job);
    } else {
      state.pending.set(job.key, [job]);
      if (!state.busyKeys.has(job.key)) state.ready.push(job.key);
    }
    this.pump(topic);
  }

  private pump(topic: Topic): void {
    const state = this.topic(topic);
    while (state.handler && !this.closing && state.running < state.concurrency && state.ready.length > 0) {
      const key = state.ready.shift()!;
      const jobs = state.pending.get(key);
      const job = jobs?.shift();
      if (!job) continue;
      if (jobs!.length === 0) state.pending.delete(key);
      state.busyKeys.add(key);
      state.running += 1;
      void this.run(topic, state, job);
    }
  }

  private async run(topic: Topic, state: TopicState, job: Job): Promise<void> {
    let retry = false;
    try {
      await state.handler!(job.payload, { id: job.id, attempt: job.attempt });
    } catch (error) {
      retry = !(error instanceof PermanentJobError) && job.attempt < job.maxAttempts;
      this.logger.warn(retry ? 'job failed; will retry' : 'job failed; giving up', {
        topic, jobId: job.id, attempt: job.attempt, error: (error as Error).message,
      });
    }
    state.running -= 1;
    if (retry) {
      // The key stays busy through the backoff so later jobs of the same customer cannot overtake.
      const delay = BACKOFF_BASE_MS * 2 ** (job.attempt - 1);
      this.later(delay, () => {
        state.busyKeys.delete(job.key);
        this.enqueue(topic, { ...job, attempt: job.attempt + 1 }, true);
        if (state.pending.get(job.key)?.length && !state.ready.includes(job.key)) state.ready.unshift(job.key);
        this.pump(topic);
      });
    } else {
      state.busyKeys.delete(job.key);
      state.unfinished -= 1;
      if (state.pending.has(job.key)) state.ready.push(job.key);
      this.finish(`${topic}/${job.id}`);
    }
    this.pump(topic);
    if (this.closing && this.totalRunning() === 0) this.idle?.();
  }

  private finish(ref: string): void {
    this.known.delete(ref);
    this.finished.add(ref);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value as string);
    for (const wake of this.waiters.get(ref) ?? []) wake();
    this.waiters.delete(ref);
  }

  private lastFullLog = 0;

  /** Once every 10 s at most: a full queue refuses many adds in a row. */
  private logFull(topic: Topic, limit: number): void {
    const now = Date.now();
    if (now - this.lastFullLog < 10_000) return;
    this.lastFullLog = now;
    this.logger.warn('queue full: refusing new jobs until it drains', { topic, limit });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private totalRunning(): number {
    let n = 0;
    for (const state of this.topics.values()) n += state.running;
    return n;
  }
}
