import path from 'node:path';
import { apiClient } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { memoryLogger } from '../../support/memoryLogger';

/**
 * The login throttle on the embedded store: tries are counted before they are checked (so a
 * burst of parallel guesses gets no more checks than the limit), keyed on account + address,
 * with a gentler per-account pace that no single address can use to lock the owner out.
 */
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { email: 'owner@shop.test', password: 'owner-pass-2024' };
const ENV = { FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

const bots: HttpBot[] = [];
afterAll(async () => {
  for (const bot of bots) await bot.stop();
});
async function start(env: Record<string, string> = {}) {
  const { logger, entries } = memoryLogger('info');
  const bot = await startHttpBot({ ...ENV, ...env }, logger);
  bots.push(bot);
  const tryLogin = async (password: string, from?: string, email = ADMIN.email) => {
    const res = await apiClient(bot.url).raw('POST', '/api/auth/login', { email, password }, from ? { 'x-forwarded-for': from } : {});
    return res.status;
  };
  return { bot, entries, tryLogin };
}

it('checks at most 5 of 50 parallel guesses for one account, the right password among them', async () => {
  const { tryLogin } = await start();
  const guesses = Array.from({ length: 50 }, (_, i) => (i === 49 ? ADMIN.password : `guess-${i}`));
  const statuses = await Promise.all(guesses.map((password) => tryLogin(password)));
  const checked = statuses.filter((s) => s !== 429);
  expect(checked.length).toBe(5);
  expect(checked.every((s) => s === 401 || s === 200)).toBe(true);
  expect(statuses.filter((s) => s === 429)).toHaveLength(45);
});

describe('behind a trusted proxy', () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ TRUST_PROXY: 'loopback' });
  });

  it('locks a guesser\'s address out of the account, not the owner at another address, and says which key refused', async () => {
    for (let i = 0; i < 5; i++) expect(await t.tryLogin(`guess-${i}`, '198.51.100.1')).toBe(401);
    expect(await t.tryLogin(ADMIN.password, '198.51.100.1')).toBe(429);
    expect(await t.tryLogin(ADMIN.password, '198.51.100.2')).toBe(200);
    expect(t.entries.find((e) => e.message === 'login refused by the throttle')).toMatchObject({ throttle: 'email+ip', ip: '198.51.100.1', level: 'warn' });
  });

  it('slows guesses spread over many addresses to ten a minute per account', async () => {
    const victim = 'mina@shop.test';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await t.tryLogin('wrong-pass', `203.0.113.${i}`, victim));
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const refusal = await apiClient(t.bot.url).raw('POST', '/api/auth/login', { email: victim, password: 'x' }, { 'x-forwarded-for': '203.0.113.99' });
    expect(refusal.body.error.code).toBe('TOO_MANY_LOGINS');
    // A short wait, never a lock-out of a quarter hour.
    expect(Number(refusal.body.error.message.match(/(\d+) seconds/)?.[1])).toBeLessThanOrEqual(60);
    expect(t.entries.filter((e) => e.message === 'login refused by the throttle').map((e) => e.throttle)).toContain('email');
  });
});

it('does not let X-Forwarded-For choose the address when no proxy is trusted', async () => {
  const { tryLogin, entries } = await start();
  for (let i = 0; i < 5; i++) expect(await tryLogin(`guess-${i}`, `192.0.2.${i}`)).toBe(401);
  // A new header every time still is the same client.
  expect(await tryLogin(ADMIN.password, '192.0.2.200')).toBe(429);
  expect(entries.find((e) => e.message === 'login refused by the throttle')).toMatchObject({ throttle: 'email+ip', ip: expect.stringMatching(/127\.0\.0\.1$/) });
});

it('refuses password spraying from one address after 50 tries over any accounts', async () => {
  const { tryLogin, entries } = await start();
  const statuses: number[] = [];
  for (let i = 0; i < 52; i++) statuses.push(await tryLogin('spray-pass-1', undefined, `user${i}@shop.test`));
  expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(50)).toEqual([429, 429]);
  expect(entries.filter((e) => e.message === 'login refused by the throttle').map((e) => e.throttle)).toEqual(['ip', 'ip']);
}, 60_000);
