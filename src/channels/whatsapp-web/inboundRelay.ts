import type { InboundMessage } from '../../domain/message';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';

export const inboundJobId = (message: InboundMessage) => `whatsapp-web:${message.id}`;
/** Per customer: the queue runs one customer's messages one at a time, in order. */
export const inboundJobKey = (message: InboundMessage) => `whatsapp-web:${message.from}`;

/** Waits after the 1st, 2nd, … failed add; about 15 s in all, then the message is given up. */
export const DEFAULT_ADD_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];

export interface InboundRelayOptions {
  queue: Queue;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  retryDelaysMs?: readonly number[];
}

/**
 * Puts customer messages on the inbound queue.
 *
 * Unlike the Cloud API webhook, which answers 503 so that Meta delivers again, whatsapp-web.js
 * fires its 'message' event once and never again: a failed `queue.add` (Redis restarting) is
 * retried here with backoff. Adds are chained per customer, so a message that waits for a
 * retry is not overtaken by the customer's next one (the queue orders jobs by add order).
 * Never rejects: the event handler that calls it has nobody to report to.
 */
export class InboundRelay {
  private readonly tails = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: InboundRelayOptions) {}

  /**
   * `prepare` reads the library's message (it may look up the sender's number first); it runs
   * in event order per `chainKey` (the sender's chat id), so slow look-ups cannot reorder a
   * customer's messages either. Resolving to null means "nothing to queue".
   */
  enqueue(chainKey: string, prepare: () => Promise<InboundMessage | null>): Promise<void> {
    const key = chainKey;
    const next = (this.tails.get(key) ?? Promise.resolve()).then(async () => {
      let message: InboundMessage | null;
      try {
        message = await prepare();
      } catch (error) {
        this.options.logger.error('could not read a whatsapp-web message; it is skipped', { error: errorText(error) });
        return;
      }
      if (message) await this.addWithRetry(message);
    });
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Adds still waiting (for tests and for a clean stop). */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Retries that wake up after this give up instead of adding to a queue being closed. */
  stop(): void {
    this.stopped = true;
  }

  private async addWithRetry(message: InboundMessage): Promise<void> {
    const { queue, logger, sleep } = this.options;
    const delays = this.options.retryDelaysMs ?? DEFAULT_ADD_RETRY_DELAYS_MS;
    const meta = { messageId: message.id, type: message.content.type };
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) {
        logger.error('whatsapp-web message dropped: the channel stopped before it could be queued', meta);
        return;
      }
      try {
        await queue.add('inbound', message, { key: inboundJobKey(message), jobId: inboundJobId(message) });
        if (attempt > 0) logger.info('whatsapp-web message queued after retrying', { ...meta, attempts: attempt + 1 });
        return;
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined) {
          logger.error('whatsapp-web message lost: the inbound queue refused it every time', {
            ...meta,
            attempts: attempt + 1,
            error: errorText(error),
          });
          return;
        }
        logger.error('could not queue a whatsapp-web message; retrying', { ...meta, attempt: attempt + 1, retryInMs: delay, error: errorText(error) });
        await sleep(delay);
      }
    }
  }
}

/** whatsapp-web.js sometimes throws strings ('auth timeout'); keep whatever was thrown readable. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
