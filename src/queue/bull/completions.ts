import type Redis from 'ioredis';
import type { Logger } from '../../observability/logger';
import type { Topic } from '../port';
import type { QueueKeys } from './keys';

interface Waiter {
  wake(): void;
  fail(error: Error): void;
}

/**
 * waitFor across processes. Whoever finishes a job (any worker process) sets a short-lived
 * `done` marker and publishes the job id on the topic's channel, in one script. A waiter
 * registers locally, makes sure our one subscriber connection listens on the topic's channel,
 * then reads the marker, so a job finishing at any moment is seen either way. After a
 * reconnect of the subscriber the markers of every pending waiter are read again, since
 * messages published while it was away are lost.
 */
export class Completions {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private closed = false;
  private readonly subscriptions = new Map<string, Promise<void>>();
  private readonly channelTopics = new Map<string, Topic>();
  private subscriber?: Redis;

  constructor(
    private readonly keys: QueueKeys,
    private readonly openSubscriber: () => Redis,
    private readonly reader: Redis,
    private readonly logger: Logger,
  ) {}

  async waitFor(topic: Topic, jobId: string, timeoutMs: number): Promise<void> {
    if (this.closed) throw new Error('queue is closing');
    const ref = this.ref(topic, jobId);
    let waiter!: Waiter;
    const finished = new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        this.unregister(ref, waiter);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => settle(new Error(`job ${jobId} of ${topic} did not finish within ${timeoutMs} ms`)), timeoutMs);
      waiter = { wake: () => settle(), fail: settle };
    });
    const set = this.waiters.get(ref) ?? new Set();
    set.add(waiter);
    this.waiters.set(ref, set);
    try {
      await this.subscribe(topic);
      if ((await this.reader.exists(this.keys.done(topic, jobId))) === 1) waiter.wake();
    } catch (error) {
      // The subscription or the read failed (Redis away): the waiter stays registered, a
      // later publish or the re-check after reconnecting can still wake it before the timeout.
      this.logger.debug('waitFor: could not check the finished marker yet', { topic, jobId, error: (error as Error).message });
    }
    return finished;
  }

  /** Rejects the pending waiters (their connection is about to go) and forgets the subscriber. */
  close(): void {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.fail(new Error('queue is closing'));
    this.waiters.clear();
    this.subscriptions.clear();
    this.subscriber = undefined;
  }

  private subscribe(topic: Topic): Promise<void> {
    const channel = this.keys.doneChannel(topic);
    let pending = this.subscriptions.get(channel);
    if (!pending) {
      this.channelTopics.set(channel, topic);
      const subscriber = this.ensureSubscriber();
      pending = subscriber.subscribe(channel).then(() => undefined);
      pending.catch(() => this.subscriptions.delete(channel));
      this.subscriptions.set(channel, pending);
    }
    return pending;
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.openSubscriber();
    subscriber.on('message', (channel: string, jobId: string) => {
      const topic = this.channelTopics.get(channel);
      if (topic) for (const waiter of [...(this.waiters.get(this.ref(topic, jobId)) ?? [])]) waiter.wake();
    });
    let connectedOnce = false;
    subscriber.on('ready', () => {
      if (connectedOnce) void this.recheckAll();
      connectedOnce = true;
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  private async recheckAll(): Promise<void> {
    for (const [ref, waiters] of [...this.waiters]) {
      const [topic, jobId] = JSON.parse(ref) as [Topic, string];
      try {
        if ((await this.reader.exists(this.keys.done(topic, jobId))) === 1) for (const waiter of [...waiters]) waiter.wake();
      } catch {
        return; // Redis went away again; the next 'ready' re-checks.
      }
    }
  }

  private unregister(ref: string, waiter: Waiter): void {
    const set = this.waiters.get(ref);
    if (!set) return;
    set.delete(waiter);
    if (set.size === 0) this.waiters.delete(ref);
  }

  private ref(topic: Topic, jobId: string): string {
    return JSON.stringify([topic, jobId]);
  }
}
