import { randomUUID } from 'node:crypto';
import type { Logger } from '../../observability/logger';
import type { SqliteDatabase } from '../../sqlite/database';
import { PermanentJobError, type JobHandler, type JobOptions, type Queue, type QueuedJob, type Topic } from '../port';
import { AdmissionLimit } from './admission';
import { JobTable, type NewJob, type StoredJob } from './jobTable';
import { newTopicState, type Job, type TopicState } from './topicState';

export interface SqliteQueueOptions {
  database: SqliteDatabase;
  logger: Logger;
  /**
   * Per topic, how many unfinished jobs add() accepts before refusing new ones: one process
   * has no Redis to hold a backlog, so past this a webhook answers 503 at once (WhatsApp
   * delivers again later) instead of every customer waiting longer.
   */
  maxUnfinished?: Partial<Record<Topic, number>>;
}

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_CONCURRENCY = 64;
const BACKOFF_BASE_MS = 100;
// Finished job ids are remembered this long so a redelivery is recognised and waitFor resolves.
const FINISHED_MEMORY = 10_000;

/**
 * The embedded Queue, durable in the store's SQLite file (docs/STORE_SQLITE.md). Same rules as
 * the Redis one: one job per key at a time in arrival order, retries with exponential backoff,
 * duplicate job ids ignored. add() resolves once the job is committed (group commit: one
 * fsync for every add of the moment); the row is deleted only after the handler finished, and
 * unfinished jobs are taken up again at start, in per-key order.
 */
export class SqliteQueue implements Queue {
  readonly kind = 'sqlite';
  private readonly db: SqliteDatabase;
  private readonly table: JobTable;
  private readonly logger: Logger;
  private readonly topics = new Map<Topic, TopicState>();
  private readonly finished = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing = false;
  /** addMany calls whose jobs wait for their caller to resume before any starts (see addMany). */
  private holding = 0;
  private idle?: () => void;
  private readonly admission: AdmissionLimit;

  constructor(private readonly options: SqliteQueueOptions) {
    this.db = options.database.acquire();
    this.logger = options.logger;
    this.admission = new AdmissionLimit(options.maxUnfinished, options.logger);
    try {
      this.table = new JobTable(this.db);
    } catch (error) {
      void this.db.release();
      throw error;
    }
    this.resume();
  }

  async add<T>(topic: Topic, payload: T, options: JobOptions = {}): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
    const id = options.jobId ?? randomUUID();
    const ref = `${topic}/${id}`;
    const state = this.topic(topic);
    if (state.jobs.has(id) || this.finished.has(ref)) return;
    if (this.admission.reached(topic, state)) throw this.admission.refusal(topic);
    // The same id added twice before the first commit: the unique (topic, id) keeps one row,
    // and both adds resolve with the same commit.
    state.adding += 1;
    try {
      const job = newJob(topic, id, payload, options);
      const seq = await this.table.insert(job);
      if (seq !== null) this.accept(state, { ...job, seq, tries: 0, dueAt: job.runAt });
    } finally {
      state.adding -= 1;
    }
  }

  /**
   * Every job of a webhook delivery in one write (one commit, one fsync), in order, up to each
   * topic's limit (the rest are refused, as add refuses them). None starts before the caller
   * has resumed: a delivery of 1,000 messages is answered first, and their handlers begin on
   * the next turn of the event loop.
   */
  async addMany(jobs: QueuedJob[]): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
    const taken: Array<{ state: TopicState; job: NewJob }> = [];
    const seen = new Set<string>();
    let refused: Topic | undefined;
    for (const { topic, payload, options = {} } of jobs) {
      const id = options.jobId ?? randomUUID();
      const state = this.topic(topic);
      if (seen.has(`${topic}/${id}`) || state.jobs.has(id) || this.finished.has(`${topic}/${id}`)) continue;
      if (this.admission.reached(topic, state)) {
        refused = topic;
        continue;
      }
      seen.add(`${topic}/${id}`);
      state.adding += 1;
      taken.push({ state, job: newJob(topic, id, payload, options) });
    }
    try {
      const seqs = taken.length > 0 ? await this.table.insertMany(taken.map((t) => t.job)) : [];
      this.holding += 1;
      taken.forEach(({ state, job }, i) => {
        const seq = seqs[i];
        if (seq !== null && seq !== undefined) this.accept(state, { ...job, seq, tries: 0, dueAt: job.runAt });
      });
      setImmediate(() => {
        this.holding -= 1;
        for (const state of this.topics.values()) this.pump(state);
      });
    } finally {
      for (const { state } of taken) state.adding -= 1;
    }
    if (refused) throw this.admission.refusal(refused);
  }

  process<T>(topic: Topic, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    const state = this.topic(topic);
    state.handler = handler as JobHandler<unknown>;
    state.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.pump(state);
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
    this.db.read((sql) => sql.get('SELECT 1'));
  }

  async stats(topic: Topic): Promise<{ waiting: number; oldestAgeMs: number }> {
    const now = Date.now();
    let waiting = 0;
    let oldest = Infinity;
    for (const job of this.topics.get(topic)?.jobs.values() ?? []) {
      if (job.done || job.dueAt > now) continue; // delayed: counts from when it is due
      waiting += 1;
      oldest = Math.min(oldest, job.dueAt);
    }
    return { waiting, oldestAgeMs: waiting === 0 ? 0 : now - oldest };
  }

  /** Stops taking jobs and lets running ones finish; the rest stay on disk for the next start. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.totalRunning() > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.db.release();
  }

  /** Takes up the jobs the last run left unfinished, in arrival order. */
  private resume(): void {
    const now = Date.now();
    for (const stored of this.table.unfinished()) {
      const state = this.topic(stored.topic);
      if (stored.tries >= stored.maxAttempts) {
        this.logger.error('job given up: the process stopped during each of its attempts', { topic: stored.topic, jobId: stored.id, attempts: stored.tries });
        this.persist(this.table.remove(stored), stored);
        continue;
      }
      const job: Job = { ...stored, dueAt: stored.tries > 0 ? stored.addedAt : stored.runAt };
      if (stored.tries > 0) {
        // Its run was cut short (or it waits for a retry): it goes first, and its key waits for it.
        state.jobs.set(job.id, job);
        state.busyKeys.add(job.key);
        this.later(job.runAt - now, () => this.retry(state, job));
      } else this.accept(state, job);
    }
  }

  private accept(state: TopicState, job: Job): void {
    state.jobs.set(job.id, job);
    const wait = job.runAt - Date.now();
    if (wait > 0) this.later(wait, () => this.enqueue(state, job));
    else this.enqueue(state, job);
  }

  private topic(topic: Topic): TopicState {
    let state = this.topics.get(topic);
    if (!state) {
      state = newTopicState(DEFAULT_CONCURRENCY);
      this.topics.set(topic, state);
    }
    return state;
  }

  private enqueue(state: TopicState, job: Job, front = false): void {
    const jobs = state.pending.get(job.key);
    if (jobs) {
      if (front) jobs.unshift(job);
      else jobs.push(job);
    } else {
      state.pending.set(job.key, [job]);
      if (!state.busyKeys.has(job.key)) state.ready.push(job.key);
    }
    this.pump(state);
  }

  private pump(state: TopicState): void {
    if (this.holding > 0) return;
    while (state.handler && !this.closing && state.running < state.concurrency && state.ready.length > 0) {
      const key = state.ready.shift()!;
      const jobs = state.pending.get(key);
      const job = jobs?.shift();
      if (!job) continue;
      if (jobs!.length === 0) state.pending.delete(key);
      state.busyKeys.add(key);
      state.running += 1;
      void this.run(state, job);
    }
  }

  private async run(state: TopicState, job: Job): Promise<void> {
    job.tries += 1;
    this.persist(this.table.started(job), job);
    let retry = false;
    try {
      await state.handler!(JSON.parse(job.payload), { id: job.id, attempt: job.tries });
    } catch (error) {
      retry = !(error instanceof PermanentJobError) && job.tries < job.maxAttempts;
      this.logger.warn(retry ? 'job failed; will retry' : 'job failed; giving up', {
        topic: job.topic, jobId: job.id, attempt: job.tries, error: (error as Error).message,
      });
    }
    state.running -= 1;
    if (retry) {
      // The key stays busy through the backoff so later jobs of the same customer cannot overtake.
      const delay = BACKOFF_BASE_MS * 2 ** (job.tries - 1);
      job.runAt = Date.now() + delay;
      this.persist(this.table.retryAt(job), job);
      this.later(delay, () => this.retry(state, job));
    } else {
      state.busyKeys.delete(job.key);
      if (state.pending.has(job.key)) state.ready.push(job.key);
      this.finish(state, job);
    }
    this.pump(state);
    if (this.closing && this.totalRunning() === 0) this.idle?.();
  }

  private retry(state: TopicState, job: Job): void {
    state.busyKeys.delete(job.key);
    this.enqueue(state, job, true);
    if (state.pending.get(job.key)?.length && !state.ready.includes(job.key)) state.ready.unshift(job.key);
    this.pump(state);
  }

  /** The row goes once the handler finished; waiters hear of it once that is on disk. */
  private finish(state: TopicState, job: Job): void {
    const ref = `${job.topic}/${job.id}`;
    job.done = true;
    state.done += 1;
    const forget = () => {
      state.jobs.delete(job.id);
      state.done -= 1;
    };
    this.table.remove(job).then(
      () => {
        forget();
        this.finished.add(ref);
        if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value as string);
        for (const wake of this.waiters.get(ref) ?? []) wake();
        this.waiters.delete(ref);
      },
      (error: Error) => {
        forget();
        this.logger.error('finished job not removed; it runs again at the next start', { topic: job.topic, jobId: job.id, error: error.message });
      },
    );
  }


  /** Bookkeeping writes are not awaited: if one is lost, the job only runs once more. */
  private persist(write: Promise<unknown>, job: StoredJob): void {
    write.catch((error: Error) => this.logger.error('queue bookkeeping not written', { topic: job.topic, jobId: job.id, error: error.message }));
  }

  private later(ms: number, fn: () => void): void {
    if (this.closing) return; // left on disk: the next start takes it up
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  private totalRunning(): number {
    let n = 0;
    for (const state of this.topics.values()) n += state.running;
    return n;
  }
}

function newJob(topic: Topic, id: string, payload: unknown, options: JobOptions): NewJob {
  const now = Date.now();
  return {
    topic,
    id,
    key: options.key ?? `job:${id}`,
    payload: JSON.stringify(payload ?? null),
    addedAt: now,
    runAt: now + Math.max(0, options.delayMs ?? 0),
    maxAttempts: options.attempts ?? DEFAULT_ATTEMPTS,
  };
}
