import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import type { Logger } from '../observability/logger';

/** What the agent console is told about, live. */
export interface LiveEvent {
  type: 'handoff.queued' | 'handoff.claimed' | 'handoff.released' | 'handoff.transferred' | 'handoff.closed' | 'handoff.updated' | 'message' | 'sla.breached' | 'agent.reminder' | 'flows.reloaded' | 'flows.rejected';
  handoffId?: string;
  conversationId?: string;
  team?: string;
  agentId?: string;
  at: number;
  detail?: Record<string, unknown>;
}

export interface LiveEvents {
  publish(event: LiveEvent): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

/** Within one process (the embedded default). */
export class LocalLiveEvents implements LiveEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Across processes through Redis pub/sub: a claim made on one web process reaches the
 * consoles connected to every other one.
 */
export class RedisLiveEvents implements LiveEvents {
  private readonly local = new LocalLiveEvents();
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
        this.local.publish(JSON.parse(raw));
      } catch {
        logger.warn('unreadable live event ignored');
      }
    });
  }

  publish(event: LiveEvent): void {
    void this.publisher.publish(this.channel, JSON.stringify(event)).catch((e) => this.logger.warn('live event not published', { error: (e as Error).message }));
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
