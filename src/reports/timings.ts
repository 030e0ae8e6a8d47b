import type { ConversationFactRow, HandoffFactRow } from '../store/port';
import { collect, durationStats, span } from './statistics';
import type { DurationStats } from './types';

export interface Timings {
  firstResponse: { bot: DurationStats; human: DurationStats };
  timeToHuman: DurationStats;
  handleTime: DurationStats;
  resolutionTime: DurationStats;
}

/**
 * How long customers wait, from the stored timestamps:
 * - bot first response: facts.firstReplyAt − facts.firstCustomerMessageAt (conversations started in the period);
 * - human first response: firstAgentReplyAt − queuedAt;
 * - time to a human: claimedAt − queuedAt (claimedAt is the latest claim: a transfer re-claims);
 * - handle time: closedAt − claimedAt; resolution time: closedAt − queuedAt (closed handoffs).
 * A pair with a missing or inverted timestamp is left out, never counted as 0.
 */
export function timings(conversations: readonly ConversationFactRow[], handoffs: readonly HandoffFactRow[]): Timings {
  return {
    firstResponse: {
      bot: durationStats(collect(conversations, (c) => span(c.facts?.firstCustomerMessageAt, c.facts?.firstReplyAt))),
      human: durationStats(collect(handoffs, (h) => span(h.queuedAt, h.firstAgentReplyAt))),
    },
    timeToHuman: durationStats(collect(handoffs, timeToHumanMs)),
    handleTime: durationStats(collect(handoffs, handleTimeMs)),
    resolutionTime: durationStats(collect(handoffs, (h) => (h.status === 'closed' ? span(h.queuedAt, h.closedAt) : undefined))),
  };
}

export const timeToHumanMs = (h: HandoffFactRow): number | undefined => span(h.queuedAt, h.claimedAt);
export const handleTimeMs = (h: HandoffFactRow): number | undefined => (h.status === 'closed' ? span(h.claimedAt, h.closedAt) : undefined);
