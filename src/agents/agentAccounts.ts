import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Agent } from '../domain/agent';
import type { Store } from '../store/port';
import type { Logger } from '../observability/logger';
import { hashPassword, newPasswordSchema } from './passwords';

export const newAgentSchema = z
  .object({
    email: z.string().trim().email('must be an e-mail address').max(200),
    password: newPasswordSchema,
    name: z.string().trim().min(1).max(100),
    role: z.enum(['agent', 'supervisor', 'admin', 'ops']).default('agent'),
    teams: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/)).max(20).optional(),
    maxOpenChats: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export type NewAgent = z.input<typeof newAgentSchema>;

export class AgentExistsError extends Error {
  constructor(email: string) {
    super(`An agent with e-mail ${email} already exists`);
    this.name = 'AgentExistsError';
  }
}

export class UnknownTeamError extends Error {
  constructor(teams: string[], known: string[]) {
    super(`Unknown team ${teams.join(', ')}; teams are ${known.join(', ')}`);
    this.name = 'UnknownTeamError';
  }
}

/** Creates an agent account; an agent created without teams joins the default team. */
export async function createAgent(
  store: Store,
  input: NewAgent,
  options: { teams: string[]; defaultTeam: string; maxOpenChats: number; now?: number },
): Promise<Agent> {
  const data = newAgentSchema.parse(input);
  const teams = data.teams && data.teams.length > 0 ? data.teams : [options.defaultTeam];
  const unknown = teams.filter((t) => !options.teams.includes(t));
  if (unknown.length > 0) throw new UnknownTeamError(unknown, options.teams);
  const agent: Agent = {
    id: randomUUID(),
    email: data.email.toLowerCase(),
    name: data.name,
    passwordHash: await hashPassword(data.password),
    role: data.role,
    teams,
    maxOpenChats: data.maxOpenChats ?? options.maxOpenChats,
    active: true,
    createdAt: options.now ?? Date.now(),
  };
  if (!(await store.agents.create(agent))) throw new AgentExistsError(agent.email);
  return agent;
}

/** At start: the admin from ADMIN_EMAIL / ADMIN_PASSWORD, only while no admin exists. */
export async function ensureFirstAdmin(
  store: Store,
  admin: { email: string; password: string } | undefined,
  options: { teams: string[]; defaultTeam: string; maxOpenChats: number },
  logger: Logger,
): Promise<void> {
  if (!admin) return;
  const agents = await store.agents.list();
  if (agents.some((a) => a.role === 'admin')) return;
  try {
    await createAgent(store, { email: admin.email, password: admin.password, name: 'Administrator', role: 'admin', teams: options.teams }, options);
    logger.info('first admin created from ADMIN_EMAIL');
  } catch (error) {
    if (!(error instanceof AgentExistsError)) throw error;
  }
}

/** What an agent looks like to API clients: never the password hash or the two-factor secrets. */
export function publicAgent(agent: Agent): Omit<Agent, 'passwordHash' | 'twoFactor'> & { twoFactorEnabled: boolean } {
  const { passwordHash: _hidden, twoFactor, ...rest } = agent;
  return { ...rest, twoFactorEnabled: twoFactor?.enabledAt !== undefined };
}
