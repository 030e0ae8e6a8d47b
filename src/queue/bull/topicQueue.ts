import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import type { Logger } from '../../observability/logger';
import type { JobHandler, Topic } from '../port';
import { bullAddJobCall, bullQueueToken, type BullAddJobCall } from './bullInternals';
import type { Completions } from './completions';
import type { QueueConnections } from './connections';
import { drainKey, isPermanent, ItemRetryError, type KeyedItem } from './keyedDrain';
import type { QueueKeys } from './keys';
import type { ResolvedOptions } from './options';
import { QueueScripts, type ScriptCall } from './scripts';

/** Names of the bull jobs of a topic queue. */
const JOB = 'job'; // an unkeyed job: data {id, payload}
const DRAIN = 'drain'; // runs the list of one key: data {key}
const ENQUEUE = 'enqueue'; // a delayed keyed job: puts the item on its key's list when due
const BACKOFF = 'wabot'; // our backoff strategy (see backoffDelay)
/** A drain job is retried for as long as its head item is; the item decides when to give up. */
const DRAIN_ATTEMPTS = 1_000_000_000;
const ENQUEUE_ATTEMPTS = 50;
const ERROR_LOG_INTERVAL_MS = 10_000;

export interface TopicDeps {
  options: ResolvedOptions;
  keys: QueueKeys;
  connections: QueueConnections;
  /** Scripts on the fail-fast connection (add). */
  commandScripts: QueueScripts;
  /** Scripts on the worker connection (job processing). */
  workerScripts: QueueScripts;
  completions: Completions;
  logger: Logger;
  isClosing(): boolean;
}

/** One bull queue (`<prefix>:<topic>:*`) and the keyed machinery on top of it. */
export class TopicQueue {
  readonly bull: Bull.Queue;
  private handler?: JobHandler<unknown>;
  /** Drain jobs running in this process: a re-delivered one waits for its earlier run here. */
  private readonly runningDrains = new Map<string, Promise<void>>();
  private lastErrorLog = 0;

  constructor(private readonly topic: Topic, private readonly deps: TopicDeps) {
    const { options } = deps;
    const queueOptions = {
      prefix: options.prefix,
      skipVersionCheck: true,
      createClient: (type: 'client' | 'subscriber' | 'bclient') => deps.connections.bullClient(type, topic),
      settings: {
        lockDuration: options.lockDurationMs,
        stalledInterval: options.stalledIntervalMs,
        maxStalledCount: options.maxStalledCount,
        backoffStrategies: { [BACKOFF]: (attemptsMade: number, error: unknown) => this.backoffDelay(attemptsMade, error) },
      },
    };
    // ioredis 6 clients for bull's ioredis 5 typings: the runtime API bull uses is the same.
    this.bull = new Bull(topic, queueOptions as unknown as Bull.QueueOptions);
    this.bull.on('error', (error: Error) => this.logThrottled('bull queue error', error));
    this.bull.on('failed', (job: Bull.Job | null) => {
      if (job?.name === DRAIN) void this.revive(job);
      // Our handlers record their own give-ups; these two are bull's alone.
      else if (job && (isStalledFailure(job) || (job.name === ENQUEUE && job.attemptsMade >= ENQUEUE_ATTEMPTS))) void this.givenUp(job);
    });
  }

  /** Jobs not finished yet, counting those due by now, and the age of the oldest (metrics). */
  async stats(): Promise<{ waiting: number; oldestAgeMs: number }> {
    const client = await this.deps.connections.commandReady();
    const key = this.deps.keys.pending(this.topic);
    const now = Date.now();
    const [waiting, oldest] = await Promise.all([client.zcount(key, '-inf', now), client.zrange(key, '0', '0', 'WITHSCORES')]);
    const dueAt = oldest.length === 2 ? Number(oldest[1]) : now;
    return { waiting, oldestAgeMs: Math.max(0, now - dueAt) };
  }

  /** The script call that adds one job (see BullQueue.add); built here, sent by the caller. */
  addCall(id: string, payload: unknown, options: { key?: string; attempts: number; delayMs: number }): ScriptCall {
    if (options.key === undefined) return this.plainCall(id, payload, options.attempts, options.delayMs);
    if (options.delayMs > 0) return this.delayedKeyedCall(id, options.key, payload, options.attempts, options.delayMs);
    return this.keyedCall(id, options.key, payload, options.attempts);
  }

  /** Unkeyed job: a plain bull job with bull's retries. */
  private plainCall(id: string, payload: unknown, attempts: number, delayMs: number): ScriptCall {
    const call = bullAddJobCall(this.bull, JOB, { id, payload }, {
      jobId: `j:${randomUUID()}`,
      attempts,
      delay: delayMs,
      backoff: { type: BACKOFF },
      removeOnComplete: this.deps.options.keepFinishedJobs,
      removeOnFail: this.deps.options.keepFinishedJobs,
      stackTraceLimit: 3,
    });
    return this.registerCall(id, delayMs, call);
  }

  /** Accepts a bull job once per id and counts it as pending from when it is due. */
  private registerCall(id: string, delayMs: number, call: BullAddJobCall): ScriptCall {
    const { keys, options } = this.deps;
    const k = { seen: keys.seen(this.topic, id), pending: keys.pending(this.topic) };
    return QueueScripts.addCall(k, options.seenTtlSeconds, id, Date.now() + delayMs, call);
  }

  /** Keyed job: onto the key's list, and a drain job if the key has no live one, in one step. */
  private keyedCall(id: string, key: string, payload: unknown, attempts: number): ScriptCall {
    const { keys, options } = this.deps;
    return this.pushCall(keys.seen(this.topic, id), key, { id, raw: serializeItem(id, payload, attempts) }, options.seenTtlSeconds);
  }

  /** Delayed keyed job: a delayed bull job that does the keyed add when due. */
  private delayedKeyedCall(id: string, key: string, payload: unknown, attempts: number, delayMs: number): ScriptCall {
    const call = bullAddJobCall(this.bull, ENQUEUE, { id, key, item: serializeItem(id, payload, attempts) }, {
      jobId: `e:${randomUUID()}`,
      attempts: ENQUEUE_ATTEMPTS,
      delay: delayMs,
      backoff: { type: BACKOFF },
      removeOnComplete: true,
      removeOnFail: this.deps.options.keepFinishedJobs,
      stackTraceLimit: 3,
    });
    return this.registerCall(id, delayMs, call);
  }

  process(handler: JobHandler<unknown>, concurrency: number): void {
    if (this.handler) throw new Error(`a consumer for topic "${this.topic}" is already registered in this process`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer (got ${concurrency})`);
    this.handler = handler;
    this.bull.process('*', concurrency, (job: Bull.Job) => this.dispatch(job)).catch((error: Error) => {
      if (!this.deps.isClosing()) this.deps.logger.error('bull stopped processing', { topic: this.topic, error: error.message });
    });
  }

  /** Stops fetching jobs, waits for the running ones (bull's close), releases bull's timers. */
  async close(): Promise<void> {
    await this.bull.close();
  }

  private dispatch(job: Bull.Job): Promise<void> {
    switch (job.name) {
      case JOB:
        return this.runPlain(job as Bull.Job<{ id: string; payload: unknown }>);
      case DRAIN:
        return this.runDrain(job as Bull.Job<{ key: string }>);
      case ENQUEUE:
        return this.runEnqueue(job as Bull.Job<{ id: string; key: string; item: string }>);
      default:
        void job.discard();
        return Promise.reject(new Error(`unknown job kind "${job.name}" on topic ${this.topic}`));
    }
  }

  private async runPlain(job: Bull.Job<{ id: string; payload: unknown }>): Promise<void> {
    const { id, payload } = job.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    try {
      await this.handler!(payload, { id, attempt });
    } catch (error) {
      const retry = !isPermanent(error) && attempt < maxAttempts;
      this.deps.logger.warn(retry ? 'job failed; will retry' : 'job failed; giving up', {
        topic: this.topic, jobId: id, attempt, error: (error as Error)?.message ?? String(error),
      });
      if (!retry) {
        void job.discard();
        await this.markDone(id);
      }
      throw error;
    }
    await this.markDone(id);
  }

  private async runDrain(job: Bull.Job<{ key: string }>): Promise<void> {
    const drainId = String(job.id);
    // bull can hand a job whose lock lapsed (event loop stalled) back to this same process while
    // the first run is still going; the claim's lock check cannot tell the two apart (same
    // token), so the second run waits for the first here.
    const earlier = this.runningDrains.get(drainId);
    if (earlier) await earlier.catch(() => undefined);
    const run = drainKey(
      {
        topic: this.topic,
        keys: this.deps.keys,
        scripts: this.deps.workerScripts,
        logger: this.deps.logger,
        doneTtlSeconds: this.deps.options.doneTtlSeconds,
        batch: this.deps.options.drainBatch,
        lockToken: bullQueueToken(this.bull),
        handler: this.handler!,
        isClosing: this.deps.isClosing,
        yieldKey: (key, owner) => this.reschedule(key, owner, 'yield').then(() => undefined),
      },
      drainId,
      job.data.key,
    );
    this.runningDrains.set(drainId, run);
    try {
      await run;
    } finally {
      if (this.runningDrains.get(drainId) === run) this.runningDrains.delete(drainId);
    }
  }

  private async runEnqueue(job: Bull.Job<{ id: string; key: string; item: string }>): Promise<void> {
    const { id, key, item } = job.data;
    // Deduplicated on its own marker: a re-run of this bull job must not push the item twice.
    await this.deps.workerScripts.run(this.pushCall(this.deps.keys.fired(this.topic, id), key, { id, raw: item }, this.deps.options.seenTtlSeconds));
  }

  private pushCall(dedupeKey: string, key: string, item: { id: string; raw: string }, ttl: number): ScriptCall {
    const { keys } = this.deps;
    const drainId = newDrainId();
    const k = { dedupe: dedupeKey, list: keys.list(this.topic, key), sched: keys.sched(this.topic, key), pending: keys.pending(this.topic) };
    return QueueScripts.pushCall(k, ttl, item, drainId, Date.now(), this.drainCall(key, drainId));
  }

  private reschedule(key: string, owner: string, mode: 'yield' | 'revive'): Promise<boolean> {
    const { keys } = this.deps;
    const drainId = newDrainId();
    const k = { sched: keys.sched(this.topic, key), list: keys.list(this.topic, key), attempts: keys.attempts(this.topic, key) };
    return this.deps.workerScripts.reschedule(k, owner, mode, drainId, this.drainCall(key, drainId));
  }

  /**
   * bull failed a plain or delayed job for good outside our handler (it stalled more often than
   * allowed, or a delayed job could not reach its key's list): it will not run, so it stops
   * counting as pending and waitFor hears it finished.
   */
  private async givenUp(job: Bull.Job): Promise<void> {
    const id = (job.data as { id?: unknown }).id;
    if (typeof id !== 'string') return;
    this.deps.logger.error('job given up by bull', { topic: this.topic, jobId: id, kind: job.name, reason: job.failedReason });
    try {
      await this.markDone(id);
    } catch (error) {
      this.logThrottled('could not record a given-up job', error as Error);
    }
  }

  /** A drain job that bull failed (stalled too often) leaves its key without a runner: start a new one. */
  private async revive(job: Bull.Job): Promise<void> {
    try {
      const key = (job.data as { key?: unknown }).key;
      if (typeof key !== 'string') return;
      if (await this.reschedule(key, String(job.id), 'revive')) {
        this.deps.logger.warn('drain job failed in bull; its key got a new one', { topic: this.topic, drainId: job.id, reason: job.failedReason });
      }
    } catch (error) {
      // The next add() for the key revives it as well (the push script checks the owner is alive).
      this.logThrottled('could not revive a failed drain job', error as Error);
    }
  }

  private drainCall(key: string, drainId: string): BullAddJobCall {
    return bullAddJobCall(this.bull, DRAIN, { key }, {
      jobId: drainId,
      attempts: DRAIN_ATTEMPTS,
      backoff: { type: BACKOFF },
      removeOnComplete: true,
      removeOnFail: this.deps.options.keepFinishedJobs,
      stackTraceLimit: 3,
    });
  }

  private markDone(id: string): Promise<void> {
    const { keys, options } = this.deps;
    return this.deps.workerScripts.markDone({ done: keys.done(this.topic, id), pending: keys.pending(this.topic) }, options.doneTtlSeconds, keys.doneChannel(this.topic), id);
  }

  /**
   * Exponential: backoffMs · 2^(n-1), capped. For a drain job n is the failing item's attempt
   * (the drain job's own count spans many items); otherwise bull's count of failed runs.
   */
  private backoffDelay(attemptsMade: number, error: unknown): number {
    const n = error instanceof ItemRetryError ? error.itemAttempt : Math.min(Math.max(attemptsMade, 1), 30);
    return Math.min(this.deps.options.backoffMs * 2 ** (n - 1), this.deps.options.maxBackoffMs);
  }

  private logThrottled(message: string, error: Error): void {
    if (this.deps.isClosing()) return;
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog = now;
    this.deps.logger.warn(message, { topic: this.topic, error: error.message });
  }
}

function serializeItem(id: string, payload: unknown, maxAttempts: number): string {
  const item: KeyedItem = { id, maxAttempts, payload };
  return JSON.stringify(item);
}

function isStalledFailure(job: Bull.Job): boolean {
  return /stalled more than/.test(job.failedReason ?? '');
}

function newDrainId(): string {
  return `d:${randomUUID()}`;
}
