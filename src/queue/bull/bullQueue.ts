import { randomUUID } from 'node:crypto';
import type { Logger } from '../../observability/logger';
import type { JobHandler, JobOptions, Queue, QueuedJob, Topic } from '../port';
import { assertCompatible } from './bullInternals';
import { Completions } from './completions';
import { QueueConnections } from './connections';
import { QueueKeys } from './keys';
import { redactUrl, resolveOptions, type BullQueueOptions, type ResolvedOptions } from './options';
import { QueueScripts, type ScriptCall } from './scripts';
import { TopicQueue } from './topicQueue';

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_CONCURRENCY = 32;

/**
 * The production Queue: bull on Redis, durable and shared by every process.
 *
 * Unkeyed jobs are plain bull jobs. Jobs with a `key` go onto that key's Redis list and are
 * run by the key's single drain job, so one customer's messages never run at the same time
 * or out of order, whatever the number of worker processes, while keys run in parallel.
 * docs/QUEUE_BULL.md explains the design, the Redis keys and the failure cases.
 */
export class BullQueue implements Queue {
  readonly kind = 'bull';
  private readonly options: ResolvedOptions;
  private readonly logger: Logger;
  private readonly keys: QueueKeys;
  private readonly connections: QueueConnections;
  private readonly commandScripts: QueueScripts;
  private readonly workerScripts: QueueScripts;
  private readonly completions: Completions;
  private readonly topics = new Map<Topic, TopicQueue>();
  private closing = false;
  private closed?: Promise<void>;

  constructor(options: BullQueueOptions) {
    assertCompatible();
    this.options = resolveOptions(options);
    this.logger = options.logger.child({ component: 'queue', adapter: 'bull' });
    this.keys = new QueueKeys(this.options.prefix);
    this.connections = new QueueConnections(this.options.redisUrl, this.options.prefix, this.options.commandTimeoutMs, this.logger);
    this.commandScripts = new QueueScripts(this.connections.command);
    this.workerScripts = new QueueScripts(this.connections.worker);
    this.completions = new Completions(this.keys, () => this.connections.events(), this.connections.worker, this.logger);
  }

  async add<T>(topic: Topic, payload: T, options: JobOptions = {}): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
    const { id, call } = this.addCall(topic, payload, options);
    try {
      await this.connections.commandReady();
      await this.commandScripts.run(call);
    } catch (error) {
      throw new Error(`could not queue job ${id} on ${topic}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Every job in one Redis round trip (one pipeline of the same atomic add steps). */
  async addMany(jobs: QueuedJob[]): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
    const calls = jobs.map((job) => this.addCall(job.topic, job.payload, job.options ?? {}).call);
    try {
      await this.connections.commandReady();
      await this.commandScripts.runAll(calls);
    } catch (error) {
      throw new Error(`could not queue ${jobs.length} jobs: ${(error as Error).message}`, { cause: error });
    }
  }

  private addCall(topic: Topic, payload: unknown, options: JobOptions): { id: string; call: ScriptCall } {
    const id = options.jobId ?? randomUUID();
    if (typeof id !== 'string' || id.length === 0) throw new Error('jobId must be a non-empty string');
    if (options.key !== undefined && (typeof options.key !== 'string' || options.key.length === 0)) throw new Error('key must be a non-empty string');
    const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`attempts must be a positive integer (got ${attempts})`);
    const delayMs = Math.max(0, Math.round(options.delayMs ?? 0));
    return { id, call: this.topic(topic).addCall(id, payload, { key: options.key, attempts, delayMs }) };
  }

  process<T>(topic: Topic, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    if (this.closing) throw new Error('queue is closing');
    this.topic(topic).process(handler as JobHandler<unknown>, options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  stats(topic: Topic): Promise<{ waiting: number; oldestAgeMs: number }> {
    return this.topic(topic).stats();
  }

  waitFor(topic: Topic, jobId: string, timeoutMs: number): Promise<void> {
    return this.completions.waitFor(topic, jobId, timeoutMs);
  }

  async ping(): Promise<void> {
    if (this.closing) throw new Error('queue is closing');
    try {
      const reply = await (await this.connections.commandReady()).ping();
      if (reply !== 'PONG') throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
    } catch (error) {
      throw new Error(`Redis at ${redactUrl(this.options.redisUrl)} did not answer PING: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Refuses new jobs, stops fetching, waits for running handlers (a drain job hands the rest of
   * its key to a new drain job after its current item), then closes every Redis connection.
   */
  close(): Promise<void> {
    this.closing = true;
    this.closed ??= (async () => {
      this.connections.beginClose();
      const stopWatchdog = this.connections.giveUpDuringOutage();
      try {
        await Promise.all([...this.topics.values()].map((queue) => queue.close()));
      } finally {
        stopWatchdog();
      }
      this.completions.close();
      await this.connections.close();
    })();
    return this.closed;
  }

  private topic(topic: Topic): TopicQueue {
    let queue = this.topics.get(topic);
    if (!queue) {
      queue = new TopicQueue(topic, {
        options: this.options,
        keys: this.keys,
        connections: this.connections,
        commandScripts: this.commandScripts,
        workerScripts: this.workerScripts,
        completions: this.completions,
        logger: this.logger,
        isClosing: () => this.closing,
      });
      this.topics.set(topic, queue);
    }
    return queue;
  }
}
