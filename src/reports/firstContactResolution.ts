import type { HandoffFactRow } from '../store/port';
import { DAY_MS } from './businessClock';
import { share } from './statistics';
import type { FcrSummary } from './types';

/**
 * First contact resolution: of the closed handoffs (queued in the period), those whose customer
 * got no other handoff queued within `days` days after the close ([closedAt, closedAt + days)),
 * whatever its team, agent or language. `followUps` are the customers' handoffs in
 * followUpWindow(). A close whose window has not ended at `now` counts as resolved and also as
 * provisional: the figure can still drop.
 */
export function firstContactResolution(handoffs: readonly HandoffFactRow[], followUps: readonly HandoffFactRow[], days: number, now: number): FcrSummary {
  const window = days * DAY_MS;
  const byCustomer = new Map<string, HandoffFactRow[]>();
  for (const f of followUps) {
    const list = byCustomer.get(f.customerId);
    if (list) list.push(f);
    else byCustomer.set(f.customerId, [f]);
  }
  let closed = 0;
  let resolved = 0;
  let provisional = 0;
  for (const h of handoffs) {
    if (h.status !== 'closed' || h.closedAt === undefined) continue;
    closed++;
    const end = h.closedAt + window;
    const again = (byCustomer.get(h.customerId) ?? []).some((f) => f.id !== h.id && f.queuedAt >= h.closedAt! && f.queuedAt < end);
    if (again) continue;
    resolved++;
    if (end > now) provisional++;
  }
  return { ...share(resolved, closed), days, provisional };
}

/** Where follow-ups of `handoffs`' closes can be: [earliest close, latest close + days), those customers; null when none is closed. */
export function followUpWindow(handoffs: readonly HandoffFactRow[], days: number): { from: number; to: number; customerIds: string[] } | null {
  let from = Infinity;
  let to = -Infinity;
  const customers = new Set<string>();
  for (const h of handoffs) {
    if (h.status !== 'closed' || h.closedAt === undefined) continue;
    from = Math.min(from, h.closedAt);
    to = Math.max(to, h.closedAt + days * DAY_MS);
    customers.add(h.customerId);
  }
  return customers.size > 0 ? { from, to, customerIds: [...customers] } : null;
}
