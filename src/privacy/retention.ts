import { randomUUID } from 'node:crypto';
import type { Conversation } from '../domain/conversation';
import { redactedConversation, redactedHandoffChanges } from '../domain/customerData';
import type { MediaStore } from '../media/port';
import { VersionConflictError, type Store } from '../store/port';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

const DAY_MS = 24 * 3_600_000;
// Conversations redacted per store query; the lease is renewed between batches.
const BATCH = 200;
// How many of a customer's handoffs are looked through to find those of one conversation.
const CUSTOMER_HANDOFFS_SCANNED = 500;
const LEASE = 'retention';

export interface RetentionResult {
  conversations: number;
  messages: number;
  /** Files customers sent in those conversations, deleted from the MediaStore. */
  files: number;
}

/**
 * Retention (docs/PRIVACY.md): the conversations closed before `before`, and those the bot
 * owned that went idle before it, keep only their facts; their messages (transcripts, media
 * references), the files customers sent in them, collected values, and their handoffs' notes,
 * summaries and CSAT comments go.
 * A conversation the engine saves meanwhile (its customer wrote again) is left to the next run.
 */
export async function redactExpired(store: Store, media: MediaStore, before: number, at: number, limit = BATCH): Promise<RetentionResult> {
  const result: RetentionResult = { conversations: 0, messages: 0, files: 0 };
  for (const conversation of await store.conversations.listExpired(before, limit)) {
    // An idle chat the bot owns would be closed on the customer's next message anyway.
    const closed: Conversation = conversation.status === 'open' ? { ...conversation, status: 'closed', closedAt: at, position: undefined } : conversation;
    try {
      await store.conversations.save(redactedConversation(closed, at));
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    const handoffs = (await store.handoffs.listByCustomer(conversation.customerId, CUSTOMER_HANDOFFS_SCANNED)).filter((h) => h.conversationId === conversation.id);
    for (const handoff of handoffs) await store.handoffs.transition(handoff.id, handoff.status, redactedHandoffChanges(handoff));
    result.messages += await store.messages.removeByConversation(conversation.id);
    result.files += await media.deleteByConversation(conversation.id);
    result.conversations += 1;
  }
  return result;
}

export interface RetentionJobDeps {
  store: Store;
  media: MediaStore;
  retentionDays: number;
  checkEveryMs: number;
  metrics: Metrics;
  logger: Logger;
  clock?: () => number;
}

/**
 * Runs `redactExpired` every `checkEveryMs` in each worker, but only in the one holding the
 * store's `retention` lease: many workers, one run. The lease lasts a period and a half, so its
 * holder renews it at its next check before anyone else may take it; when the holder stops,
 * another worker takes over within two periods.
 */
export class RetentionJob {
  private readonly holder = randomUUID();
  private readonly clock: () => number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly deps: RetentionJobDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.deps.checkEveryMs);
    this.timer.unref();
    void this.check();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.deps.store.leases.release(LEASE, this.holder).catch(() => undefined);
  }

  /** One check: `ran` when this process held the lease and did the work. */
  check(): Promise<'ran' | 'skipped' | 'failed'> {
    if (this.running) return Promise.resolve('skipped');
    const run = this.run().finally(() => (this.running = undefined));
    this.running = run;
    return run;
  }

  private async run(): Promise<'ran' | 'skipped' | 'failed'> {
    const { store, media, metrics, logger } = this.deps;
    const ttl = Math.round(this.deps.checkEveryMs * 1.5);
    try {
      if (!(await store.leases.acquire(LEASE, this.holder, this.clock(), ttl))) {
        metrics.retentionRuns.inc({ outcome: 'skipped' });
        return 'skipped';
      }
      const total: RetentionResult = { conversations: 0, messages: 0, files: 0 };
      for (;;) {
        const now = this.clock();
        const batch = await redactExpired(store, media, now - this.deps.retentionDays * DAY_MS, now, BATCH);
        total.conversations += batch.conversations;
        total.messages += batch.messages;
        total.files += batch.files;
        metrics.retentionRedacted.inc({ what: 'conversations' }, batch.conversations);
        metrics.retentionRedacted.inc({ what: 'messages' }, batch.messages);
        metrics.retentionRedacted.inc({ what: 'files' }, batch.files);
        if (batch.conversations < BATCH || !(await store.leases.acquire(LEASE, this.holder, this.clock(), ttl))) break;
      }
      metrics.retentionRuns.inc({ outcome: 'ran' });
      if (total.conversations > 0) logger.info('retention: old conversations kept as facts only', { ...total, retentionDays: this.deps.retentionDays });
      return 'ran';
    } catch (error) {
      metrics.retentionRuns.inc({ outcome: 'failed' });
      logger.error('retention: check failed; the next one tries again', { error: (error as Error).message });
      return 'failed';
    }
  }
}
