/**
 * Adds an agent account to the configured store (MONGODB_URI, or the embedded store in DATA_DIR).
 *   npm run create-agent -- --email mina@shop.example --name Mina --role supervisor --teams sales,delivery
 * The password is read from AGENT_PASSWORD, or asked for on the terminal (never a command-line argument).
 */
import readline from 'node:readline';
import { loadConfig } from '../src/config/load';
import { createAgent, AgentExistsError, publicAgent } from '../src/agents/agentAccounts';
import { createSilentLogger } from '../src/observability/logger';
import { createStore } from '../src/runtime/adapters';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function askPassword(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((resolve) => rl.question('Password (8+ characters): ', resolve));
  rl.close();
  return answer;
}

async function main(): Promise<void> {
  const email = arg('email');
  const name = arg('name');
  if (!email || !name) {
    console.error('usage: npm run create-agent -- --email <e-mail> --name <name> [--role agent|supervisor|admin|ops] [--teams a,b]');
    process.exit(2);
  }
  const config = loadConfig();
  const store = createStore(config, createSilentLogger(), { tool: true });
  await store.init();
  try {
    const password = process.env.AGENT_PASSWORD ?? (await askPassword());
    const agent = await createAgent(
      store,
      { email, name, password, role: (arg('role') ?? 'agent') as 'agent', teams: arg('teams')?.split(',').map((t) => t.trim()) },
      { teams: config.handoff.teams, defaultTeam: config.handoff.defaultTeam, maxOpenChats: config.handoff.agentMaxOpenChats },
    );
    console.log(JSON.stringify(publicAgent(agent), null, 2));
  } catch (error) {
    console.error(error instanceof AgentExistsError ? error.message : `Could not create the agent: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main();
