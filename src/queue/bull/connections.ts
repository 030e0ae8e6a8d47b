import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from '../../observability/logger';
import { redactUrl } from './options';

export type BullClientType = 'client' | 'subscriber' | 'bclient';

const RECONNECT_CAP_MS = 2_000;
const QUIT_GRACE_MS = 500;

/**
 * The Redis connections of one BullQueue:
 *  - `command`: add() and ping(). No offline queue and no retries, with a command timeout, so
 *    that while Redis is unreachable add() rejects within `commandTimeoutMs` and the webhook
 *    answers 503 (Meta redelivers) instead of hanging.
 *  - `worker`: bull's "client" connection, shared by the topic queues, plus the drain scripts and
 *    the finished markers. It keeps commands across a reconnect, as bull expects.
 *  - bull's "subscriber" (shared) and one "bclient" per topic queue, both with
 *    `maxRetriesPerRequest: null` and `enableReadyCheck: false` as bull requires of them
 *    (https://github.com/OptimalBits/bull/blob/develop/PATTERNS.md#reusing-redis-connections).
 *  - `events`: our own subscriber for waitFor, created on first use.
 * Every connection reconnects forever with a capped backoff, so the process recovers by itself
 * when Redis comes back.
 */
export class QueueConnections {
  readonly command: Redis;
  readonly worker: Redis;
  private bullSubscriber?: Redis;
  private eventsClient?: Redis;
  private readonly blocking: Redis[] = [];
  private closing = false;
  private closed = false;
  private readyWait?: Promise<void>;

  constructor(private readonly url: string, private readonly prefix: string, private readonly commandTimeoutMs: number, private readonly logger: Logger) {
    this.command = this.open('command', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      connectTimeout: commandTimeoutMs,
    });
    this.worker = this.open('worker', { maxRetriesPerRequest: null, enableReadyCheck: false });
  }

  /** bull's `createClient` option (bull calls it once per type per queue). */
  bullClient(type: BullClientType, topic: string): Redis {
    if (this.closed) throw new Error('queue connections are closed');
    if (type === 'client') return this.worker;
    if (type === 'subscriber') {
      this.bullSubscriber ??= this.open('bull-events', { maxRetriesPerRequest: null, enableReadyCheck: false });
      return this.bullSubscriber;
    }
    const client = this.open(`${topic}-blocking`, { maxRetriesPerRequest: null, enableReadyCheck: false });
    // While closing, bull disconnects and re-connects its blocking client to abort the blocking
    // call, and only looks at that reconnect once the running jobs are done; with Redis away the
    // reconnect rejects first and would surface as an unhandled rejection. We close this client
    // right after bull anyway, so a failed reconnect during close is of no interest.
    const connect = client.connect.bind(client);
    client.connect = ((callback?: () => void) =>
      connect(callback).catch((error: unknown) => {
        if (!this.closing) throw error;
      })) as typeof client.connect;
    this.blocking.push(client);
    return client;
  }

  /** The subscriber waitFor listens on. */
  events(): Redis {
    if (this.closed) throw new Error('queue connections are closed');
    this.eventsClient ??= this.open('done-events', { maxRetriesPerRequest: null });
    return this.eventsClient;
  }

  /** Resolves when `command` is connected; rejects after `commandTimeoutMs` otherwise. */
  async commandReady(): Promise<Redis> {
    const client = this.command;
    if (client.status === 'ready') return client;
    if (this.closed || client.status === 'end') throw new Error('queue connections are closed');
    // One wait shared by every caller of the moment (a burst of adds during an outage).
    this.readyWait ??= this.waitReady(client).finally(() => {
      this.readyWait = undefined;
    });
    await this.readyWait;
    return client;
  }

  private waitReady(client: Redis): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let lastError: Error | undefined;
      const onError = (error: Error): void => {
        lastError = error;
      };
      const done = (error?: Error): void => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('error', onError);
        client.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => done();
      const onEnd = (): void => done(new Error('connection closed'));
      const timer = setTimeout(
        () => done(new Error(`Redis at ${redactUrl(this.url)} is not reachable (${lastError?.message ?? client.status}) after ${this.commandTimeoutMs} ms`)),
        this.commandTimeoutMs,
      );
      client.once('ready', onReady);
      client.on('error', onError);
      client.once('end', onEnd);
    });
  }

  /** From now on connection failures are expected (close() is under way). */
  beginClose(): void {
    this.closing = true;
  }

  /**
   * While Redis is unreachable, bull's bookkeeping commands wait for it (they must survive a
   * blip), so closing bull would wait for Redis forever. Until the returned function is called,
   * this checks every `intervalMs` and, when the worker connection is down, drops every
   * connection: the waiting commands fail, bull finishes closing, running handlers still end
   * normally. Their jobs stay active in Redis and are re-run after the stalled-job check.
   */
  abortWhileDisconnected(intervalMs = 1_000): () => void {
    const timer = setInterval(() => {
      if (this.worker.status === 'ready') return;
      this.logger.warn('closing while Redis is unreachable: dropping the connections; unfinished jobs will be re-run');
      clearInterval(timer);
      for (const client of this.all()) client.disconnect();
    }, intervalMs);
    return () => clearInterval(timer);
  }

  /** Closes every connection: QUIT (bounded), then a hard disconnect. */
  async close(): Promise<void> {
    this.closing = true;
    this.closed = true;
    await Promise.all(this.all().map((client) => closeClient(client)));
  }

  private all(): Redis[] {
    return [this.command, this.worker, this.bullSubscriber, this.eventsClient, ...this.blocking].filter((c): c is Redis => c !== undefined);
  }

  private open(role: string, options: RedisOptions): Redis {
    const client = new Redis(this.url, {
      connectionName: `${this.prefix}:${role}`.replace(/[^\w:{}.-]/g, '_'),
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), RECONNECT_CAP_MS),
      // ioredis keeps a timer this long after disconnect() when the socket is already gone
      // (Redis down); short, so a process closing during an outage exits promptly.
      disconnectTimeout: QUIT_GRACE_MS,
      ...options,
    });
    // One warning per outage and one line when it is over, not one per reconnect attempt.
    let down = false;
    client.on('error', (error: Error) => {
      if (down || this.closed) return;
      down = true;
      this.logger.warn('redis connection lost', { role, redis: redactUrl(this.url), error: error.message });
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      this.logger.info('redis connection restored', { role, redis: redactUrl(this.url) });
    });
    return client;
  }
}

async function closeClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, QUIT_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  client.disconnect();
}
