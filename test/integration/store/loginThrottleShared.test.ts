import { apiClient } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { startMongo, type MongoService } from '../../support/services';

/**
 * Two web processes on one MongoDB-wire store: a guesser who spreads tries over both is
 * throttled after the same five failures as one who stays on one process.
 */
const ADMIN = { email: 'owner@shop.test', password: 'owner-pass-2024' };

let mongo: MongoService;
const bots: HttpBot[] = [];

beforeAll(async () => {
  mongo = await startMongo(); // fails the suite loudly when the server cannot start
  const env = { MONGODB_URI: mongo.uri, SESSION_SECRET: 's'.repeat(40), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PROCESS_ROLE: 'web', WATCH_FLOWS: 'false' };
  bots.push(await startHttpBot(env));
  bots.push(await startHttpBot(env));
}, 60_000);

afterAll(async () => {
  for (const bot of bots) await bot.stop();
  await mongo?.stop();
});

it('counts failed logins across web processes and locks the account from that address on both', async () => {
  const from = { 'x-forwarded-for': '192.0.2.99' };
  const tryOn = async (i: number, password: string) =>
    (await apiClient(bots[i % 2].url).raw('POST', '/api/auth/login', { email: ADMIN.email, password }, from)).status;
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push(await tryOn(i, `guess-${i}`));
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  // The sixth try is refused on either process, even with the right password.
  expect(await tryOn(0, 'guess-5')).toBe(429);
  expect(await tryOn(1, ADMIN.password)).toBe(429);
  const refused = await apiClient(bots[1].url).raw('POST', '/api/auth/login', ADMIN, from);
  expect(refused.body.error.code).toBe('TOO_MANY_LOGINS');
});

/*
 * The parallel guesses go to one web process. Its store holds one connection to FerretDB
 * (maxPoolSize=1, test/support/services.ts), which carries one command at a time. FerretDB's
 * SQLite handler runs a findAndModify as a read followed by a write, so on two connections two
 * guesses can both read "4 tries" and both be checked. MongoDB applies the filter and the $inc
 * of one findOneAndUpdate to the document atomically
 * (https://www.mongodb.com/docs/manual/core/write-operations-atomicity/), which is what
 * MongoLoginAttemptRepository.take relies on across processes. What this test can check on
 * FerretDB is our side of it: the 50 guesses interleave in the process, and each is counted
 * in one store step before its password is looked at, never read first and counted after.
 */
it('checks at most 5 of 50 parallel guesses for one account, and the other process refuses it too', async () => {
  const guess = (bot: HttpBot, i: number) => apiClient(bot.url).raw('POST', '/api/auth/login', { email: 'mina@shop.test', password: `parallel-${i}` });
  const statuses = (await Promise.all(Array.from({ length: 50 }, (_, i) => guess(bots[0], i)))).map((r) => r.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(45);
  expect((await guess(bots[1], 50)).status).toBe(429);
});
