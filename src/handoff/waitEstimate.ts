import type { Handoff } from '../domain/handoff';
import { PRIORITY_RANK } from '../domain/handoff';
import type { Store } from '../store/port';

const RECENT_WINDOW_MS = 24 * 3_600_000;
const RECENT_CLAIMS = 20;

export interface QueueStanding {
  /** 1 = next to be picked up. */
  position: number;
  /** Minutes, from how long this team's recent claims took; null when there is no history. */
  estimatedMinutes: number | null;
}

/** Whether `a` is served before `b`: higher priority first, then longer waiting. */
export function servedBefore(a: Handoff, b: Handoff): boolean {
  const rank = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
  return rank !== 0 ? rank > 0 : a.queuedAt < b.queuedAt || (a.queuedAt === b.queuedAt && a.id < b.id);
}

/**
 * Place in the team's queue and an honest estimate: the median time recent chats of this
 * team waited for a person, times the place in the queue. No history, no promise.
 */
export async function queueStanding(store: Store, handoff: Handoff, now: number): Promise<QueueStanding> {
  const waiting = await store.handoffs.list({ status: 'queued', team: handoff.team });
  const position = waiting.filter((h) => h.id !== handoff.id && servedBefore(h, handoff)).length + 1;
  // Only the last day's claims are read: the team's whole history would cost more every month.
  const claimedAfter = now - RECENT_WINDOW_MS;
  const recent = [...(await store.handoffs.list({ status: 'claimed', team: handoff.team, claimedAfter })), ...(await store.handoffs.list({ status: 'closed', team: handoff.team, claimedAfter }))]
    .filter((h) => h.claimedAt !== undefined && now - h.claimedAt < RECENT_WINDOW_MS)
    .sort((a, b) => b.claimedAt! - a.claimedAt!)
    .slice(0, RECENT_CLAIMS)
    .map((h) => h.claimedAt! - h.queuedAt)
    .sort((a, b) => a - b);
  if (recent.length === 0) return { position, estimatedMinutes: null };
  const median = recent[Math.floor(recent.length / 2)];
  return { position, estimatedMinutes: Math.max(1, Math.ceil((median * position) / 60_000)) };
}
