import type { HandoffFactRow } from '../store/port';
import { csatAverage, wasAsked } from './csat';
import { collect, medianSeconds } from './statistics';
import { handleTimeMs, timeToHumanMs } from './timings';
import type { AgentRow, BreakdownRow, TeamRow } from './types';

/** Per team: the handoffs queued in the period for it (the team it has now, after any transfer). */
export function teamTable(handoffs: readonly HandoffFactRow[]): TeamRow[] {
  return [...groupBy(handoffs, (h) => h.team)]
    .map(([team, rows]) => ({ team, ...breakdown(rows) }))
    .sort((a, b) => b.handoffs - a.handoffs || a.team.localeCompare(b.team));
}

/** Per agent: the handoffs they hold or closed (the last holder); never-claimed handoffs are in no row. */
export function agentTable(handoffs: readonly HandoffFactRow[], agentNames: ReadonlyMap<string, string>): AgentRow[] {
  return [...groupBy(handoffs.filter((h) => h.agentId !== undefined), (h) => h.agentId!)]
    .map(([agentId, rows]) => ({ agentId, name: agentNames.get(agentId) ?? agentId, ...breakdown(rows) }))
    .sort((a, b) => b.handoffs - a.handoffs || a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));
}

function breakdown(rows: readonly HandoffFactRow[]): BreakdownRow {
  return {
    handoffs: rows.length,
    medianTimeToHumanSeconds: medianSeconds(collect(rows, timeToHumanMs)),
    medianHandleTimeSeconds: medianSeconds(collect(rows, handleTimeMs)),
    csatAverage: csatAverage(rows),
    csatResponses: rows.filter((h) => wasAsked(h) && h.csat).length,
    slaBreaches: rows.filter((h) => h.slaBreachedAt !== undefined).length,
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
