import type { ConversationFactRow } from '../store/port';
import { share } from './statistics';
import type { Share } from './types';

/**
 * Bot containment: conversations started in the period that were never handed to people
 * (facts.handoffs == 0) over all conversations started. A conversation without facts (kept
 * before facts existed) counts as never handed off. Not defined for a report cut by team or
 * agent, whose conversations are by construction the handed-off ones: rate null there.
 */
export function containment(conversations: readonly ConversationFactRow[], cutByPeople: boolean): Share {
  const contained = conversations.filter((c) => (c.facts?.handoffs ?? 0) === 0).length;
  const result = share(contained, conversations.length);
  return cutByPeople ? { ...result, rate: null } : result;
}

/** Unanswered-question rate: Σ facts.unmatched / Σ facts.inbound over conversations started in the period. */
export function unansweredRate(conversations: readonly ConversationFactRow[]): Share {
  let unmatched = 0;
  let inbound = 0;
  for (const c of conversations) {
    unmatched += c.facts?.unmatched ?? 0;
    inbound += c.facts?.inbound ?? 0;
  }
  return share(unmatched, inbound);
}
