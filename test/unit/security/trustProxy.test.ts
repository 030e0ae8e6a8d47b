import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/load';
import { apiClient } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { memoryLogger } from '../../support/memoryLogger';

/** TRUST_PROXY: off by default, so a client cannot choose the address the bot logs and throttles. */
const ROOT = path.resolve(__dirname, '../../..');
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ env, dotenv: false });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('TRUST_PROXY setting', () => {
  it('is off by default and takes a hop count or addresses and subnets', () => {
    expect(loadConfig({ env: {}, dotenv: false }).trustProxy).toBe(false);
    expect(loadConfig({ env: { TRUST_PROXY: 'off' }, dotenv: false }).trustProxy).toBe(false);
    expect(loadConfig({ env: { TRUST_PROXY: '1' }, dotenv: false }).trustProxy).toBe(1);
    expect(loadConfig({ env: { TRUST_PROXY: '10.0.0.0/8, loopback,fd00::/8,192.0.2.7' }, dotenv: false }).trustProxy).toEqual(['10.0.0.0/8', 'loopback', 'fd00::/8', '192.0.2.7']);
  });

  it('refuses "true" and anything that is not an address, with the reason', () => {
    expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY: .*choose its own IP/)]);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33,proxy.local' })).toEqual([expect.stringMatching(/^TRUST_PROXY: .*10\.0\.0\.0\/33.*proxy\.local/)]);
  });

  it('refuses an ADMIN_PASSWORD longer than bcrypt reads', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.test', ADMIN_PASSWORD: 'p'.repeat(73) })).toEqual([expect.stringMatching(/^ADMIN_PASSWORD: .*72 bytes/)]);
  });
});

describe('the client address the bot believes', () => {
  const bots: HttpBot[] = [];
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
  });

  /** The IP of the "login refused" log line after one wrong password sent with X-Forwarded-For. */
  async function loggedIp(env: Record<string, string>): Promise<string> {
    const { logger, entries } = memoryLogger('info');
    const bot = await startHttpBot({ FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), ...env }, logger);
    bots.push(bot);
    const res = await apiClient(bot.url).raw('POST', '/api/auth/login', { email: 'who@shop.test', password: 'wrong-pass' }, { 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(401);
    return entries.find((e) => e.message === 'login refused')?.ip;
  }

  it('is the socket peer by default, whatever X-Forwarded-For says', async () => {
    expect(await loggedIp({})).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('is the forwarded address when the peer is a trusted proxy', async () => {
    expect(await loggedIp({ TRUST_PROXY: 'loopback' })).toBe('203.0.113.7');
    expect(await loggedIp({ TRUST_PROXY: '10.0.0.0/8' })).toMatch(/127\.0\.0\.1$/);
  });
});
