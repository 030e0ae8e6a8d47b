import type { ChannelName, OutboundContent, OutboundMessage, Sender } from '../domain/message';
import type { Conversation } from '../domain/conversation';
import { customerPhone } from '../domain/customer';
import type { Locale } from '../domain/locale';
import type { OutboundEntry } from '../domain/transcript';
import { ChannelSendError, type Channel } from '../channels/port';
import type { JobContext, Queue } from '../queue/port';
import type { Store } from '../store/port';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { updateConversation } from './updateConversation';

export interface SendJob {
  ids: string[];
}

// Tries of a send batch; a channel's own retries (Graph API backoff) happen inside each try.
const SEND_ATTEMPTS = 5;
// Longer than one send can take with the Graph API client's own retries.
const SEND_LEASE_MS = 120_000;
// How often a send job looks again at a message another sender has claimed.
const CLAIM_POLL_MS = 500;

export interface OutboxDeps {
  metrics?: Metrics;
  store: Store;
  queue: Queue;
  channels: Map<ChannelName, Channel>;
  logger: Logger;
  clock?: () => number;
  /** How long a claim protects a send before another sender may take it over (tests shorten it). */
  sendLeaseMs?: number;
  /** Waits between looks at a message claimed by another sender (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Everything sent to customers goes through here: recorded in the transcript first (with an
 * id derived from its cause, so a retried job cannot send it twice), then sent in order by
 * one job per batch, keyed by conversation so batches do not overtake each other.
 */
export class Outbox {
  private readonly clock: () => number;

  constructor(private readonly deps: OutboxDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  build(
    conversation: Conversation,
    contents: OutboundContent[],
    meta: { causeId: string; sender: Sender; agentId?: string; inReplyTo?: string; locale?: Locale },
  ): OutboundEntry[] {
    const now = this.clock();
    return contents.map((content, i) => ({
      id: `${meta.causeId}#${i}`,
      direction: 'out',
      conversationId: conversation.id,
      customerId: conversation.customerId,
      channel: conversation.channel,
      createdAt: now,
      locale: meta.locale,
      content,
      sender: meta.sender,
      agentId: meta.agentId,
      inReplyTo: meta.inReplyTo,
      status: 'queued',
    }));
  }

  async record(entries: OutboundEntry[]): Promise<void> {
    for (const entry of entries) await this.deps.store.messages.insertOutbound(entry);
  }

  /**
   * Messages outside a customer's turn (an agent's reply, a wait update, the survey): recorded
   * and queued in one go. Returns their ids. The engine does the steps itself, because its
   * replies must be saved with the conversation before they are recorded.
   */
  async post(
    conversation: Conversation,
    contents: OutboundContent[],
    meta: { causeId: string; sender: Sender; agentId?: string; locale?: Locale },
  ): Promise<string[]> {
    const entries = this.build(conversation, contents, meta);
    await this.record(entries);
    const ids = entries.map((e) => e.id);
    await this.dispatch(conversation.id, ids, meta.causeId);
    return ids;
  }

  /** Hands the batch to the outbound queue; resolves once it is durably queued. */
  async dispatch(conversationId: string, ids: string[], batchId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.deps.queue.add<SendJob>('outbound', { ids }, { key: conversationId, jobId: `send:${batchId}`, attempts: SEND_ATTEMPTS });
  }

  /** The outbound queue's consumer. */
  readonly sendBatch = async (job: SendJob, context?: JobContext): Promise<void> => {
    const lastTry = !context || context.attempt >= SEND_ATTEMPTS;
    for (const id of job.ids) await this.sendOne(id, lastTry);
  };

  /**
   * The customer's 24-hour window had closed, so the channel sent the re-engagement template
   * instead of this message. The conversation says so, for agents and for reports, until the
   * customer writes again.
   */
  private async markReengaged(conversationId: string, messageId: string, template: string): Promise<void> {
    const at = this.clock();
    this.deps.logger.warn('sent the re-engagement template instead (24-hour window closed)', { conversationId, messageId, template });
    try {
      await updateConversation(this.deps.store, conversationId, (c) => {
        c.reengagement = { template, at, messageId };
      });
    } catch (error) {
      // The message went out; failing the send job now would only send the template again.
      this.deps.logger.error('could not mark the conversation as waiting for re-engagement', { conversationId, error: (error as Error).message });
    }
  }

  /**
   * The message, once this run holds its send claim; null when there is nothing to send (it
   * went out, failed for good, or is missing).
   *
   * The claim is one atomic step, so two runs of a batch (a worker whose lock expired, a
   * redelivered job) never both send a message. A run that finds the claim taken waits for
   * it rather than skipping: the holder may be a live run, whose outcome it then sees, or a
   * worker that died mid-send, whose claim it takes over once the lease is over. Skipping
   * would lose that message, and the messages after it would overtake it.
   */
  private async claim(id: string): Promise<OutboundEntry | null> {
    const { store, logger } = this.deps;
    const lease = this.deps.sendLeaseMs ?? SEND_LEASE_MS;
    for (;;) {
      const entry = await store.messages.get(id);
      if (!entry || entry.direction !== 'out') {
        logger.error('outbound message missing from the transcript', { messageId: id });
        return null;
      }
      if (entry.status !== 'queued' && entry.status !== 'sending') return null;
      const now = this.clock();
      if (await store.messages.claimSend(id, now, now - lease)) return entry;
      await (this.deps.sleep ?? delay)(CLAIM_POLL_MS);
    }
  }

  private async sendOne(id: string, lastTry: boolean): Promise<void> {
    const { store, channels, logger } = this.deps;
    const entry = await this.claim(id);
    if (!entry) return;
    const channel = channels.get(entry.channel);
    if (!channel) {
      await store.messages.updateDelivery(id, { status: 'failed', at: this.clock(), error: { code: 'NO_CHANNEL', title: `channel ${entry.channel} is not running`, retryable: false } });
      logger.error('no channel to send on', { messageId: id, channel: entry.channel });
      return;
    }
    // Read at send time: a number learnt since the reply was written is used (WhatsApp: `to`
    // for a phone, `recipient` for a customer known only by BSUID). A record merged away since
    // leaves its id's address, which still reaches the customer.
    const customer = await store.customers.get(entry.customerId);
    const message: OutboundMessage = {
      id: entry.id,
      conversationId: entry.conversationId,
      channel: entry.channel,
      to: customer ? customerPhone(customer) ?? customer.address : entry.customerId.slice(entry.channel.length + 1),
      identifiers: customer?.identifiers,
      content: entry.content,
      sender: entry.sender,
      agentId: entry.agentId,
      inReplyTo: entry.inReplyTo,
      locale: entry.locale,
      createdAt: entry.createdAt,
    };
    try {
      const result = await channel.send(message);
      await store.messages.updateDelivery(id, { status: 'sent', at: this.clock(), channelMessageId: result.channelMessageId, sentAsTemplate: result.usedTemplate });
      this.deps.metrics?.outboundSent.inc({ channel: entry.channel, sender: entry.sender });
      if (result.usedTemplate) await this.markReengaged(entry.conversationId, id, result.usedTemplate);
    } catch (error) {
      // Throttling, a phone not linked yet, a Graph API hiccup, an unknown failure: give the
      // claim back and let the queue try the batch again (what was sent is skipped). Only the
      // last try records the failure.
      const retry = !(error instanceof ChannelSendError) || (error.error.retryable && !lastTry);
      if (retry) {
        await store.messages.updateDelivery(id, { status: 'queued', at: this.clock() });
        throw error;
      }
      await store.messages.updateDelivery(id, { status: 'failed', at: this.clock(), error: error.error });
      this.deps.metrics?.outboundErrors.inc({ channel: entry.channel, code: error.error.code });
      logger.warn('send failed', { messageId: id, code: error.error.code, title: error.error.title });
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
