import { z } from 'zod';
import type { Agent } from '../domain/agent';
import type { Store } from '../store/port';
import { UnknownTeamError } from './agentAccounts';
import { hashPassword, newPasswordSchema } from './passwords';
import { codeKeys, LoginThrottle } from './loginThrottle';

/** What an admin may change of an account (PATCH /api/agents/:id, `npm run agent -- set`). */
export const agentChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    active: z.boolean().optional(),
    role: z.enum(['agent', 'supervisor', 'admin', 'ops']).optional(),
    teams: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/)).min(1).max(20).optional(),
    maxOpenChats: z.number().int().min(1).max(100).optional(),
    /** A new password set by the admin (a reset): every session of the account ends. */
    password: newPasswordSchema.optional(),
    /** Removes the agent's two-step sign-in (a lost phone): they log in with the password and enrol again. */
    resetTwoFactor: z.literal(true).optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { message: 'name at least one of name, active, role, teams, maxOpenChats, password, resetTwoFactor' });

export type AgentChanges = z.input<typeof agentChangesSchema>;

export class UnknownAgentError extends Error {
  constructor(idOrEmail: string) {
    super(`There is no agent ${idOrEmail}`);
    this.name = 'UnknownAgentError';
  }
}

export class LastAdminError extends Error {
  constructor() {
    super('This is the last active admin: make another admin first');
    this.name = 'LastAdminError';
  }
}

/** The result of a change: the account after it, which fields changed, and whether its sessions ended. */
export interface AgentChangeResult {
  agent: Agent;
  changed: string[];
  sessionsEnded: boolean;
}

/**
 * Applies an admin's change to an account. Deactivating it or resetting its password ends
 * every session at once (tokens issued before now are refused by every web process, and the
 * live event stream closes at its next heartbeat). The last active admin cannot be
 * deactivated or demoted, so the shop never locks itself out of its own console.
 */
export async function changeAgent(store: Store, id: string, input: AgentChanges, options: { teams: string[]; now?: number }): Promise<AgentChangeResult> {
  const changes = agentChangesSchema.parse(input);
  const agent = await store.agents.get(id);
  if (!agent) throw new UnknownAgentError(id);
  const unknown = (changes.teams ?? []).filter((t) => !options.teams.includes(t));
  if (unknown.length > 0) throw new UnknownTeamError(unknown, options.teams);

  const losesAdmin = agent.role === 'admin' && agent.active && (changes.active === false || (changes.role !== undefined && changes.role !== 'admin'));
  if (losesAdmin) {
    const admins = (await store.agents.list()).filter((a) => a.role === 'admin' && a.active);
    if (admins.length <= 1) throw new LastAdminError();
  }

  const now = options.now ?? Date.now();
  const { password, resetTwoFactor, ...plain } = changes;
  const update: Partial<Agent> = { ...plain };
  if (password !== undefined) update.passwordHash = await hashPassword(password);
  if (resetTwoFactor) update.twoFactor = undefined;
  const sessionsEnded = password !== undefined || (changes.active === false && agent.active);
  if (sessionsEnded) update.sessionsValidFrom = now;
  const updated = await store.agents.update(id, update);
  if (!updated) throw new UnknownAgentError(id);
  // A new phone is enrolled with fresh tries: the wrong codes typed on the lost one do not count.
  if (resetTwoFactor) await new LoginThrottle(store.logins).succeed(codeKeys(id));
  return { agent: updated, changed: Object.keys(changes), sessionsEnded };
}
