import type { HandoffFactRow } from '../store/port';
import { average, round, share } from './statistics';
import type { CsatSummary, LowRatedChat } from './types';

import { RETURNED_TO_BOT } from '../domain/handoff';
/** "Lowest-rated chats" are those rated this or lower. */
export const LOW_SCORE = 2;
const LOW_RATED_LIMIT = 50;

/** Every closed handoff but a hand-back was asked "How did we do?" (an opted-out customer is still counted as asked). */
export function wasAsked(h: HandoffFactRow): boolean {
  return h.status === 'closed' && h.resolution !== RETURNED_TO_BOT;
}

/** CSAT of the handoffs queued in the period: average and 1–5 distribution of the answers, answers / asked. */
export function csatSummary(handoffs: readonly HandoffFactRow[]): CsatSummary {
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  const scores: number[] = [];
  let asked = 0;
  for (const h of handoffs) {
    if (!wasAsked(h)) continue;
    asked++;
    if (!h.csat) continue;
    scores.push(h.csat.score);
    const key = String(h.csat.score) as keyof typeof distribution;
    if (key in distribution) distribution[key]++;
  }
  const avg = average(scores);
  const rate = share(scores.length, asked);
  return { average: avg === null ? null : round(avg, 2), responses: scores.length, asked, responseRate: rate.rate, distribution };
}

export function csatAverage(handoffs: readonly HandoffFactRow[]): number | null {
  const avg = average(handoffs.filter((h) => wasAsked(h) && h.csat).map((h) => h.csat!.score));
  return avg === null ? null : round(avg, 2);
}

/** Chats rated LOW_SCORE or lower: worst first, then the most recently closed. */
export function lowestRated(handoffs: readonly HandoffFactRow[], agentNames: ReadonlyMap<string, string>): LowRatedChat[] {
  return handoffs
    .filter((h) => wasAsked(h) && h.csat && h.csat.score <= LOW_SCORE)
    .sort((a, b) => a.csat!.score - b.csat!.score || (b.closedAt ?? 0) - (a.closedAt ?? 0) || a.id.localeCompare(b.id))
    .slice(0, LOW_RATED_LIMIT)
    .map((h) => ({
      handoffId: h.id,
      score: h.csat!.score,
      comment: h.csat!.comment,
      agentId: h.agentId,
      agentName: h.agentId ? agentNames.get(h.agentId) : undefined,
      team: h.team,
      closedAt: h.closedAt === undefined ? undefined : new Date(h.closedAt).toISOString(),
    }));
}
