import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import type { Logger } from '../../observability/logger';
import type { LiveEvent, LiveEvents } from '../port';

/**
 * Across processes through Redis pub/sub: a claim made on one web process reaches the
 * consoles connected to every other one. Each process subscribes once and fans the events
 * out to its own listeners; a publish reaches this process's listeners through Redis too.
 */
export class RedisLiveEvents implements LiveEvents {
  private readonly listeners = new EventEmitter().setMaxListeners(0);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(redisUrl: string, private readonly channel: string, private readonly logger: Logger) {
    this.publisher = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(redisUrl, { lazyConnect: false });
    this.publisher.on('error', (e) => logger.warn('live events publisher error', { error: e.message }));
    this.subscriber.on('error', (e) => logger.warn('live events subscriber error', { error: e.message }));
    void this.subscriber.subscribe(channel).catch((e) => logger.error('live events subscribe failed', { error: (e as Error).message }));
    this.subscriber.on('message', (_channel, raw: string) => {
      try {
        this.listeners.emit('event', JSON.parse(raw));
      } catch {
        logger.warn('unreadable live event ignored');
      }
    });
  }

  publish(event: LiveEvent): void {
    void this.publisher.publish(this.channel, JSON.stringify(event)).catch((e) => this.logger.warn('live event not published', { error: (e as Error).message }));
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.on('event', listener);
    return () => this.listeners.off('event', listener);
  }

  async close(): Promise<void> {
    this.listeners.removeAllListeners();
    await Promise.all([this.subscriber, this.publisher].map(endConnection));
  }
}

// A connection between reconnect attempts may never report its end; shutdown does not wait on it.
const CLOSE_WAIT_MS = 1000;

/** Disconnects and waits for the socket to close, so nothing of this adapter outlives close(). */
function endConnection(client: Redis): Promise<void> {
  if (client.status === 'end') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    timer.unref();
    client.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    client.disconnect();
  });
}
