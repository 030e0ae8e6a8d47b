import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from '../../observability/logger';
import { redactUrl } from './options';

export type BullClientType = 'client' | 'subscriber' | 'bclient';

const RECONNECT_CAP_MS = 2_000;
const CONNECT_TIMEOUT_MS = 5_000;
const QUIT_GRACE_MS = 500;
const OUTAGE_CHECK_MS = 1_000;

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
 * when Redis comes back — until close() during an outage gives up on it.
 */
export class QueueConnections {
  readonly command: Redis;
  readonly worker: Redis;
  private bullSubscriber?: Redis;
  private eventsClient?: Redis;
  private readonly blocking: Redis[] = [];
  /** ioredis' own connect(), before bull's blocking clients get theirs wrapped. */
  private readonly rawConnect = new WeakMap<Redis, () => Promise<void>>();
  private closing = false;
  /** Closing during an outage: stop reconnecting, fail what waits for Redis. */
  private givingUp = false;
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
    // While closing, bull disconnects its blocking client to abort the blocking call, then
    // connects it again and waits for that. We close the client right after bull, so during
    // close the reconnect is skipped: with Redis away it would never complete (or reject where
    // nobody listens).
    const connect = client.connect.bind(client);
    client.connect = ((callback?: () => void) => (this.closing ? Promise.resolve() : connect(callback))) as typeof client.connect;
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

  /** From now on connection failures are expected (close() is under way). */
  beginClose(): void {
    this.closing = true;
  }

  /**
   * While Redis is unreachable, bull's bookkeeping commands wait for it (they must survive a
   * blip), so closing bull would wait for Redis forever. Until the returned function is
   * called, this checks every second; once the worker connection is down it gives up on
   * Redis: every connection ends and fails the commands waiting on it, so bull finishes
   * closing. Running handlers still end normally; their jobs stay active in Redis and are
   * re-run after the stalled-job check.
   */
  giveUpDuringOutage(): () => void {
    const timer = setInterval(() => {
      if (!this.givingUp && this.worker.status === 'ready') return;
      if (!this.givingUp) this.logger.warn('closing while Redis is unreachable: giving up on it; unfinished jobs will be re-run');
      this.givingUp = true;
      for (const client of this.all()) this.end(client);
    }, OUTAGE_CHECK_MS);
    return () => clearInterval(timer);
  }

  /** Closes every connection: QUIT (bounded) when connected, otherwise ends it. */
  async close(): Promise<void> {
    this.closing = true;
    this.closed = true;
    this.givingUp = true;
    await Promise.all(
      this.all().map(async (client) => {
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
        this.end(client);
      }),
    );
  }

  /**
   * Ends a client for good (with `givingUp` set its retryStrategy refuses to reconnect).
   * ioredis' disconnect() on a client that is between reconnect attempts cancels the attempt
   * and leaves it "reconnecting" forever with its queued commands pending; such a client is
   * instead made to try once more, which fails, ends it and fails its queued commands.
   */
  private end(client: Redis): void {
    if (client.status === 'end') return;
    if (client.status === 'reconnecting') void this.rawConnect.get(client)?.().catch(() => undefined);
    else client.disconnect();
  }

  private all(): Redis[] {
    return [this.command, this.worker, this.bullSubscriber, this.eventsClient, ...this.blocking].filter((c): c is Redis => c !== undefined);
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

  private open(role: string, options: RedisOptions): Redis {
    const client = new Redis(this.url, {
      connectionName: `${this.prefix}:${role}`.replace(/[^\w:{}.-]/g, '_'),
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (times) => (this.givingUp ? null : Math.min(50 * 2 ** Math.min(times, 10), RECONNECT_CAP_MS)),
      // ioredis keeps a timer this long after disconnect() when the socket is already gone;
      // short, so a process closing during an outage exits promptly.
      disconnectTimeout: QUIT_GRACE_MS,
      ...options,
    });
    this.rawConnect.set(client, client.connect.bind(client));
    // One warning per outage and one line when it is over, not one per reconnect attempt.
    let down = false;
    client.on('error', (error: Error) => {
      if (down || this.closing) return;
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
