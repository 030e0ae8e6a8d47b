import type { Handoff, HandoffPriority } from '../domain/handoff';
import type { Store } from '../store/port';
import type { Queue } from '../queue/port';
import type { Outbox } from '../conversation/outbox';
import type { Logger } from '../observability/logger';
import type { Config } from '../config/config';
import { systemText } from '../conversation/systemTexts';
import type { BusinessHours } from '../domain/businessHours';
import type { LiveEvents } from '../events/port';
import { queueStanding } from './waitEstimate';

export type HandoffTimer =
  | { kind: 'sla'; handoffId: string }
  | { kind: 'wait-update'; handoffId: string; round: number }
  | { kind: 'agent-reminder'; handoffId: string; agentId: string };

const RAISED: Record<HandoffPriority, HandoffPriority> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };
const MAX_WAIT_UPDATES = 6;

export interface HandoffTimerDeps {
  store: Store;
  queue: Queue;
  outbox: Outbox;
  events: LiveEvents;
  hours: BusinessHours;
  settings: Config['handoff'];
  logger: Logger;
  clock: () => number;
}

/** Runs the delayed jobs of handoffs: SLA breaches, "still waiting" updates, agent reminders. */
export function createHandoffTimerHandler(deps: HandoffTimerDeps): (timer: HandoffTimer) => Promise<void> {
  return async (timer) => {
    const handoff = await deps.store.handoffs.get(timer.handoffId);
    if (!handoff) return;
    if (timer.kind === 'sla') await slaCheck(deps, handoff);
    else if (timer.kind === 'wait-update') await waitUpdate(deps, handoff, timer.round);
    else await agentReminder(deps, handoff, timer.agentId);
  };
}

/** A chat waiting past the team's target is raised one priority level and flagged for supervisors. */
async function slaCheck(deps: HandoffTimerDeps, handoff: Handoff): Promise<void> {
  if (handoff.status !== 'queued' || handoff.slaBreachedAt) return;
  const now = deps.clock();
  const updated = await deps.store.handoffs.transition(handoff.id, 'queued', { slaBreachedAt: now, priority: RAISED[handoff.priority] });
  if (!updated) return;
  deps.logger.warn('handoff waited past its SLA', { handoffId: handoff.id, team: handoff.team, waitedMs: now - handoff.queuedAt });
  deps.events.publish({ type: 'sla.breached', handoffId: handoff.id, team: handoff.team, at: now, detail: { priority: updated.priority } });
}

/** Tells a customer still waiting where they stand now, while people are at work. */
async function waitUpdate(deps: HandoffTimerDeps, handoff: Handoff, round: number): Promise<void> {
  if (handoff.status !== 'queued') return;
  const now = deps.clock();
  if (deps.hours.isOpen(now)) {
    const conversation = await deps.store.conversations.get(handoff.conversationId);
    const standing = await queueStanding(deps.store, handoff, now);
    if (conversation && standing.estimatedMinutes !== null) {
      const text = systemText('waitUpdate', conversation.locale, { position: standing.position, minutes: standing.estimatedMinutes });
      await deps.outbox.post(conversation, [{ type: 'text', text }], { causeId: `wait-update:${handoff.id}:${round}`, sender: 'system', locale: conversation.locale });
    }
  }
  if (round < MAX_WAIT_UPDATES) {
    await deps.queue.add('timer', { kind: 'wait-update', handoffId: handoff.id, round: round + 1 }, { jobId: `wait-update:${handoff.id}:${round + 1}`, delayMs: deps.settings.waitUpdateMs });
  }
}

/** An agent who claimed a chat and has not answered it is reminded. */
async function agentReminder(deps: HandoffTimerDeps, handoff: Handoff, agentId: string): Promise<void> {
  if (handoff.status !== 'claimed' || handoff.agentId !== agentId || handoff.firstAgentReplyAt) return;
  const now = deps.clock();
  await deps.store.handoffs.transition(handoff.id, 'claimed', { remindedAt: now });
  deps.events.publish({ type: 'agent.reminder', handoffId: handoff.id, agentId, team: handoff.team, at: now });
}
