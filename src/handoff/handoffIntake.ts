import type { Customer } from '../domain/customer';
import type { Handoff, HandoffPriority } from '../domain/handoff';
import { PRIORITY_RANK } from '../domain/handoff';
import type { FlowRegistry } from '../flowfiles/registry';
import type { Logger } from '../observability/logger';
import type { Queue } from '../queue/port';
import type { Store } from '../store/port';
import type { Config } from '../config/config';
import { systemText } from '../conversation/systemTexts';
import type { HandoffRequest, Turn } from '../conversation/turn';
import type { BusinessHours } from '../domain/businessHours';
import type { LiveEvents } from '../events/port';
import { summarize } from './summary';
import { queueStanding } from './waitEstimate';
import type { HandoffTimer } from './handoffTimers';

export interface HandoffIntakeDeps {
  store: Store;
  queue: Queue;
  flows: FlowRegistry;
  hours: BusinessHours;
  events: LiveEvents;
  settings: Config['handoff'];
  logger: Logger;
}

/** Puts a conversation in the people's queue and tells the customer honestly what happens next. */
export class HandoffIntake {
  constructor(private readonly deps: HandoffIntakeDeps) {}

  /**
   * The handoff id derives from the message that caused it, so replaying that message after a
   * crash does not queue the customer twice.
   */
  async request(turn: Turn, request: HandoffRequest, causeId: string, now: number, customer?: Customer): Promise<Handoff> {
    const { store, settings } = this.deps;
    const conversation = turn.conversation;
    const team = request.team && settings.teams.includes(request.team) ? request.team : settings.defaultTeam;
    if (request.team && team !== request.team) this.deps.logger.warn('handoff to an unknown team went to the default team', { team: request.team });
    const transcript = await store.messages.listByConversation(conversation.id, { limit: 50 });
    const handoff: Handoff = {
      id: `h-${conversation.id}-${causeId}`.slice(0, 200),
      conversationId: conversation.id,
      customerId: conversation.customerId,
      status: 'queued',
      trigger: request.trigger,
      reason: request.reason,
      team,
      priority: this.priorityFor(request, customer),
      queuedAt: now,
      notes: [],
      sentiment: conversation.sentiment,
      locale: turn.locale,
      channel: conversation.channel,
      summary: summarize({ conversation, transcript, flows: this.deps.flows.current, reason: request.reason, sentiment: conversation.sentiment }),
      version: 0,
    };
    await store.handoffs.create(handoff);
    conversation.owner = 'queue';
    conversation.handoffId = handoff.id;
    conversation.position = undefined;
    conversation.queueNoticeAt = now;
    turn.replies.push({ type: 'text', text: await this.announcement(handoff, request, turn, now) });
    await this.schedule({ kind: 'sla', handoffId: handoff.id }, settings.slaWaitMs);
    await this.schedule({ kind: 'wait-update', handoffId: handoff.id, round: 1 }, settings.waitUpdateMs);
    this.deps.events.publish({ type: 'handoff.queued', handoffId: handoff.id, conversationId: conversation.id, team, at: now, detail: request.trigger === 'erasure-request' ? { adminsOnly: true } : undefined });
    return handoff;
  }

  private priorityFor(request: HandoffRequest, customer?: Customer): HandoffPriority {
    let priority: HandoffPriority = request.priority ?? 'normal';
    const raise = (to: HandoffPriority) => {
      if (PRIORITY_RANK[to] > PRIORITY_RANK[priority]) priority = to;
    };
    if (customer?.tags.some((t) => this.deps.settings.vipTags.includes(t.toLowerCase()))) raise('urgent');
    if (request.trigger === 'sentiment') raise('high');
    return priority;
  }

  private async announcement(handoff: Handoff, request: HandoffRequest, turn: Turn, now: number): Promise<string> {
    const { hours } = this.deps;
    const lead = request.text ? `${request.text}\n\n` : '';
    if (!hours.isOpen(now)) {
      const next = hours.nextOpening(now);
      const when = next ? hours.describe(next, now, turn.locale) : '';
      return lead + systemText('handoffClosedHours', turn.locale, { when });
    }
    // A flow's own words come first, but the customer always learns their place and the wait.
    const standing = await queueStanding(this.deps.store, handoff, now);
    return lead + (standing.estimatedMinutes === null
      ? systemText('handoffQueued', turn.locale, { position: standing.position })
      : systemText('handoffQueuedWithWait', turn.locale, { position: standing.position, minutes: standing.estimatedMinutes }));
  }

  private async schedule(timer: HandoffTimer, delayMs: number): Promise<void> {
    const id = timer.kind === 'wait-update' ? `${timer.kind}:${timer.handoffId}:${timer.round}` : `${timer.kind}:${timer.handoffId}`;
    await this.deps.queue.add('timer', timer, { jobId: id, delayMs });
  }
}
