import type Redis from 'ioredis';
import type { Logger } from '../../observability/logger';
import type { Topic } from '../port';
import type { QueueKeys } from './keys';

/**
 * waitFor across processes. Whoever finishes a job (any worker process) sets a short-lived
 * `done` marker and publishes the job id on the topic's channel, in one script. A waiter
 * registers locally, makes sure our one subscriber connection listens on the topic's channel,
 * then reads the marker, so a job finishing at any moment is seen either way. After a
 * reconnect of the subscriber the markers of every pending waiter are read again, since
 * messages published while it was away are lost.
 */
export class Completions {
  private readonly waiters = new Map<string, Set<() => void>>();
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
    const ref = this.ref(topic, jobId);
    let wake!: () => void;
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      wake = () => {
        clearTimeout(timer);
        this.unregister(ref, wake);
        resolve();
      };
      timer = setTimeout(() => {
        this.unregister(ref, wake);
        reject(new Error(`job ${jobId} of ${topic} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const set = this.waiters.get(ref) ?? new Set();
    set.add(wake);
    this.waiters.set(ref, set);
    try {
      await this.subscribe(topic);
      if ((await this.reader.exists(this.keys.done(topic, jobId))) === 1) wake();
    } catch (error) {
      // The subscription or the read failed (Redis away): the waiter stays registered, a
      // later publish or the re-check after reconnecting can still wake it before the timeout.
      this.logger.debug('waitFor: could not check the finished marker yet', { topic, jobId, error: (error as Error).message });
    }
    return finished;
  }

  /** Drops the waiters' wake-ups (they still time out on their own) and the subscriber reference. */
  close(): void {
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
      if (topic) for (const wake of [...(this.waiters.get(this.ref(topic, jobId)) ?? [])]) wake();
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
    for (const [ref, wakes] of [...this.waiters]) {
      const [topic, jobId] = JSON.parse(ref) as [Topic, string];
      try {
        if ((await this.reader.exists(this.keys.done(topic, jobId))) === 1) for (const wake of [...wakes]) wake();
      } catch {
        return; // Redis went away again; the next 'ready' re-checks.
      }
    }
  }

  private unregister(ref: string, wake: () => void): void {
    const set = this.waiters.get(ref);
    if (!set) return;
    set.delete(wake);
    if (set.size === 0) this.waiters.delete(ref);
  }

  private ref(topic: Topic, jobId: string): string {
    return JSON.stringify([topic, jobId]);
  }
}
