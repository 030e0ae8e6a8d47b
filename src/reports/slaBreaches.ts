import type { HandoffFactRow } from '../store/port';
import { share } from './statistics';
import type { Share } from './types';

/** Handoffs (queued in the period) whose wait passed the team's target (slaBreachedAt set), over all of them. */
export function slaBreaches(handoffs: readonly HandoffFactRow[]): Share {
  return share(handoffs.filter((h) => h.slaBreachedAt !== undefined).length, handoffs.length);
}
