/**
 * Agent accounts from the terminal, on the configured store (MONGODB_URI, or the embedded one
 * in DATA_DIR): the same rules as the console's admin API (PATCH /api/agents/:id), audited.
 *
 *   npm run agent -- list
 *   npm run agent -- create --email mina@shop.example --name Mina [--role agent|supervisor|admin|ops] [--teams sales,delivery]
 *   npm run agent -- set mina@shop.example [--active false] [--role supervisor] [--teams sales] [--name Mina] [--max-open-chats 8]
 *   npm run agent -- deactivate mina@shop.example      (ends every session at once)
 *   npm run agent -- activate mina@shop.example
 *   npm run agent -- reset-password mina@shop.example  (ends every session at once)
 *   npm run agent -- reset-2fa mina@shop.example       (a lost phone: log in with the password, enrol again)
 *
 * Passwords are read from AGENT_PASSWORD or asked for on the terminal, never taken as arguments
 * (they would stay in the shell history and the process list).
 */
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { loadConfig } from '../src/config/load';
import { createAgent, publicAgent } from '../src/agents/agentAccounts';
import { changeAgent, UnknownAgentError, type AgentChanges } from '../src/agents/agentChanges';
import { createSilentLogger } from '../src/observability/logger';
import { createStore } from '../src/runtime/adapters';
import type { Store } from '../src/store/port';
import type { Config } from '../src/config/config';

const USAGE = `usage: npm run agent -- <command> ...
  list
  create --email <e-mail> --name <name> [--role agent|supervisor|admin|ops] [--teams a,b]
  set <e-mail> [--active true|false] [--role r] [--teams a,b] [--name n] [--max-open-chats n]
  deactivate <e-mail> | activate <e-mail> | reset-password <e-mail> | reset-2fa <e-mail>`;

/** Who the audit trail names for changes made here. */
const CLI_ACTOR = 'cli';

const options = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  teams: { type: 'string' },
  active: { type: 'string' },
  'max-open-chats': { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

async function askPassword(): Promise<string> {
  if (process.env.AGENT_PASSWORD) return process.env.AGENT_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((resolve) => rl.question('New password (8+ characters, at most 72 bytes): ', resolve));
  rl.close();
  return answer;
}

const teamsOf = (value: string | undefined) => value?.split(',').map((t) => t.trim()).filter(Boolean);

function changesFrom(flags: Flags): AgentChanges {
  const changes: AgentChanges = {};
  if (flags.active !== undefined) {
    if (!['true', 'false'].includes(flags.active)) throw new Error('--active takes true or false');
    changes.active = flags.active === 'true';
  }
  if (flags.role !== undefined) changes.role = flags.role as AgentChanges['role'];
  if (flags.teams !== undefined) changes.teams = teamsOf(flags.teams);
  if (flags.name !== undefined) changes.name = flags.name;
  if (flags['max-open-chats'] !== undefined) changes.maxOpenChats = Number(flags['max-open-chats']);
  return changes;
}

async function run(store: Store, config: Config, command: string, target: string | undefined, flags: Flags): Promise<void> {
  const teams = config.handoff.teams;
  if (command === 'list') {
    for (const a of await store.agents.list()) {
      console.log([a.email, a.name, a.role, a.teams.join(','), a.active ? 'active' : 'inactive', a.twoFactor?.enabledAt ? '2fa' : 'no-2fa'].join('\t'));
    }
    return;
  }
  if (command === 'create') {
    if (!flags.email || !flags.name) throw new Error(USAGE);
    const agent = await createAgent(
      store,
      { email: flags.email, name: flags.name, password: await askPassword(), role: (flags.role ?? 'agent') as 'agent', teams: teamsOf(flags.teams) },
      { teams, defaultTeam: config.handoff.defaultTeam, maxOpenChats: config.handoff.agentMaxOpenChats },
    );
    await store.audit.append({ id: randomUUID(), at: Date.now(), actorId: CLI_ACTOR, action: 'create-agent', subjectType: 'agent', subjectId: agent.id });
    console.log(JSON.stringify(publicAgent(agent), null, 2));
    return;
  }
  const changesByCommand: Record<string, () => Promise<AgentChanges>> = {
    set: async () => changesFrom(flags),
    deactivate: async () => ({ active: false }),
    activate: async () => ({ active: true }),
    'reset-password': async () => ({ password: await askPassword() }),
    'reset-2fa': async () => ({ resetTwoFactor: true }),
  };
  if (!changesByCommand[command] || !target) throw new Error(USAGE);
  const existing = await store.agents.getByEmail(target);
  if (!existing) throw new UnknownAgentError(target);
  const { agent, changed, sessionsEnded } = await changeAgent(store, existing.id, await changesByCommand[command](), { teams });
  await store.audit.append({ id: randomUUID(), at: Date.now(), actorId: CLI_ACTOR, action: 'update-agent', subjectType: 'agent', subjectId: agent.id, detail: { changed, sessionsEnded } });
  console.log(`${agent.email}: ${changed.join(', ')} changed${sessionsEnded ? '; every session of this account has ended' : ''}`);
  const held = agent.active ? [] : await store.handoffs.list({ status: 'claimed', agentId: agent.id });
  if (held.length > 0) console.log(`${held.length} chat(s) are still claimed by this agent: a supervisor can release or transfer them in the console.`);
}

async function main(): Promise<void> {
  const { values: flags, positionals } = parseArgs({ options, allowPositionals: true });
  const [command, target] = positionals;
  if (!command) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const store = createStore(config, createSilentLogger(), { tool: true });
  await store.init();
  try {
    await run(store, config, command, target, flags);
  } catch (error) {
    const message = error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') : (error as Error).message;
    console.error(message);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main();
