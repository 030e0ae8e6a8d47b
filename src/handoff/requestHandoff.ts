import type { Handoff } from '../domain/handoff';
import { PRIORITY_RANK } from '../domain/handoff';
import type { Store } from '../store/port';
import type { Turn, HandoffRequest } from '../engine/turn';
import { systemText } from '../engine/systemTexts';

export const DEFAULT_TEAM = 'default';

/**
 * Puts the conversation in the people's queue. The handoff id derives from the message that
 * caused it, so replaying that message after a crash does not queue the customer twice.
 */
export async function requestHandoff(store: Store, turn: Turn, request: HandoffRequest, causeId: string, now: number): Promise<Handoff> {
  const conversation = turn.conversation;
  const handoff: Handoff = {
    id: `h-${conversation.id}-${causeId}`.slice(0, 200),
    conversationId: conversation.id,
    customerId: conversation.customerId,
    status: 'queued',
    trigger: request.trigger,
    reason: request.reason,
    team: request.team ?? DEFAULT_TEAM,
    priority: request.priority ?? 'normal',
    queuedAt: now,
    notes: [],
    version: 0,
  };
  await store.handoffs.create(handoff);
  const waiting = await store.handoffs.list({ status: 'queued', team: handoff.team });
  const ahead = waiting.filter(
    (h) => h.id !== handoff.id && (PRIORITY_RANK[h.priority] > PRIORITY_RANK[handoff.priority] || (PRIORITY_RANK[h.priority] === PRIORITY_RANK[handoff.priority] && h.queuedAt <= handoff.queuedAt)),
  ).length;
  conversation.owner = 'queue';
  conversation.handoffId = handoff.id;
  conversation.position = undefined;
  conversation.queueNoticeAt = now;
  turn.replies.push({ type: 'text', text: request.text ?? systemText('handoffQueued', turn.locale, { position: ahead + 1 }) });
  return handoff;
}
