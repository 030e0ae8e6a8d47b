import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiClient, login } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { startMongo, type MongoService } from '../../support/services';

/**
 * `npm run agent -- …` against the store a running web process uses: the change reaches that
 * process at once (a deactivated agent's session is refused on the next request).
 */
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { email: 'owner@shop.test', password: 'owner-pass-2024' };
const MINA = { email: 'mina@shop.test', password: 'mina-pass-2024' };

let mongo: MongoService;
let bot: HttpBot;
let env: Record<string, string>;

beforeAll(async () => {
  mongo = await startMongo(); // fails the suite loudly when the server cannot start
  env = { MONGODB_URI: mongo.uri, SESSION_SECRET: 'c'.repeat(40), FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), PROCESS_ROLE: 'web', WATCH_FLOWS: 'false' };
  bot = await startHttpBot({ ...env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await mongo?.stop();
});

const run = promisify(execFile);
async function agentCli(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/agent.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env, ...extra }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it('creates, lists, changes, resets and deactivates agents, and a deactivation ends sessions at once', async () => {
  const created = await agentCli(['create', '--email', MINA.email, '--name', 'Mina', '--teams', 'sales'], { AGENT_PASSWORD: MINA.password });
  expect(created).toMatchObject({ code: 0 });
  expect(JSON.parse(created.stdout)).toMatchObject({ email: MINA.email, teams: ['sales'], active: true });

  const mina = await login(bot.url, MINA.email, MINA.password);
  expect((await agentCli(['set', MINA.email, '--role', 'supervisor', '--teams', 'sales,billing'])).code).toBe(0);
  expect((await mina.get('/api/agents/me')).body.agent).toMatchObject({ role: 'supervisor', teams: ['sales', 'billing'] });

  const off = await agentCli(['deactivate', MINA.email]);
  expect(off.code).toBe(0);
  expect(off.stdout).toMatch(/every session of this account has ended/);
  expect((await mina.get('/api/agents/me')).status).toBe(401);
  expect((await apiClient(bot.url).post('/api/auth/login', MINA)).status).toBe(401);
  expect((await agentCli(['list'])).stdout).toMatch(/mina@shop\.test\tMina\tsupervisor\tsales,billing\tinactive/);

  expect((await agentCli(['activate', MINA.email])).code).toBe(0);
  expect((await agentCli(['reset-password', MINA.email], { AGENT_PASSWORD: 'reset-by-cli-2024' })).code).toBe(0);
  expect((await apiClient(bot.url).post('/api/auth/login', MINA)).status).toBe(401);
  expect((await (await login(bot.url, MINA.email, 'reset-by-cli-2024')).get('/api/agents/me')).status).toBe(200);

  const audit = await bot.runtime.store.audit.list({ actorId: 'cli' });
  expect(audit.map((e) => e.action).sort()).toEqual(['create-agent', 'update-agent', 'update-agent', 'update-agent', 'update-agent']);
}, 120_000);

it('says what is wrong and exits non-zero', async () => {
  expect(await agentCli(['deactivate', 'nobody@shop.test'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no agent nobody@shop\.test/) });
  expect(await agentCli(['deactivate', ADMIN.email])).toMatchObject({ code: 1, stderr: expect.stringMatching(/last active admin/) });
  expect(await agentCli(['set', MINA.email, '--teams', 'moon'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/Unknown team moon/) });
  expect(await agentCli(['reset-password', MINA.email], { AGENT_PASSWORD: 'short' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/password: must be at least 8/) });
  expect((await agentCli([])).code).toBe(2);
}, 120_000);
