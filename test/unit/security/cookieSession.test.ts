import path from 'node:path';
import { startHttpBot, type HttpBot } from '../../support/httpBot';

/**
 * The session cookie: `Secure` follows COOKIE_SECURE or the request's real protocol (not
 * PUBLIC_URL), and a state change made with it must be same-origin JSON (CSRF).
 */
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { email: 'owner@shop.test', password: 'owner-pass-2024' };
const BASE_ENV = { FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

const bots: HttpBot[] = [];
const start = async (env: Record<string, string> = {}) => {
  const bot = await startHttpBot({ ...BASE_ENV, ...env });
  bots.push(bot);
  return bot;
};
afterAll(async () => {
  for (const bot of bots) await bot.stop();
});

async function logIn(bot: HttpBot, headers: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string }> {
  const res = await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(ADMIN) });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0], setCookie };
}

describe('Secure flag of the session cookie', () => {
  it('is not set from PUBLIC_URL when the request itself came over plain HTTP', async () => {
    const bot = await start({ PUBLIC_URL: 'https://shop.example' });
    const { setCookie } = await logIn(bot);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
  });

  it('follows the protocol a trusted proxy reports, and ignores it from anyone else', async () => {
    const proxied = await start({ TRUST_PROXY: '1' });
    expect((await logIn(proxied, { 'x-forwarded-proto': 'https' })).setCookie).toMatch(/;\s*Secure/i);
    expect((await logIn(proxied, { 'x-forwarded-proto': 'http' })).setCookie).not.toMatch(/;\s*Secure/i);
    const direct = await start();
    expect((await logIn(direct, { 'x-forwarded-proto': 'https' })).setCookie).not.toMatch(/;\s*Secure/i);
  });

  it('is always set with COOKIE_SECURE=true', async () => {
    const bot = await start({ COOKIE_SECURE: 'true' });
    expect((await logIn(bot)).setCookie).toMatch(/;\s*Secure/i);
  });
});

describe('CSRF guard on cookie-authenticated changes', () => {
  let bot: HttpBot;
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    bot = await start();
    cookie = (await logIn(bot)).cookie;
    const res = await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    token = ((await res.json()) as { token: string }).token;
  });

  /** Creates an agent with the given headers; answers the status and error code. */
  const createAgent = async (headers: Record<string, string>, body = JSON.stringify({ email: `a${Math.random()}@shop.test`, password: 'agent-pass-2024', name: 'A' })) => {
    const res = await fetch(`${bot.url}/api/agents`, { method: 'POST', headers, body });
    const json = (await res.json()) as { error?: { code: string } };
    return { status: res.status, code: json.error?.code };
  };

  it('refuses a change from another site, or whose origin is not said', async () => {
    const json = { 'content-type': 'application/json', cookie };
    expect(await createAgent({ ...json, 'sec-fetch-site': 'cross-site' })).toEqual({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect(await createAgent({ ...json, 'sec-fetch-site': 'same-site' })).toEqual({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect(await createAgent({ ...json, origin: 'https://evil.example' })).toEqual({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect(await createAgent(json)).toEqual({ status: 403, code: 'CROSS_SITE_REQUEST' });
  });

  it('refuses a body that is not JSON, as an HTML form would send it', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie, 'sec-fetch-site': 'same-origin' };
    expect(await createAgent(form, 'email=x%40shop.test&password=agent-pass-2024&name=X')).toEqual({ status: 415, code: 'JSON_REQUIRED' });
    expect(await createAgent({ ...form, 'content-type': 'text/plain' })).toEqual({ status: 415, code: 'JSON_REQUIRED' });
  });

  it('accepts the console\'s own requests, and bearer tokens from any client', async () => {
    expect((await createAgent({ 'content-type': 'application/json', cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await createAgent({ 'content-type': 'application/json', cookie, origin: bot.url })).status).toBe(201);
    expect((await createAgent({ 'content-type': 'application/json', authorization: `Bearer ${token}` })).status).toBe(201);
    // Reading needs no origin.
    expect((await fetch(`${bot.url}/api/agents/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('guards logout with the cookie too', async () => {
    const { cookie: other } = await logIn(bot);
    const refused = await fetch(`${bot.url}/api/auth/logout`, { method: 'POST', headers: { cookie: other, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(refused.status).toBe(403);
    expect((await fetch(`${bot.url}/api/agents/me`, { headers: { cookie: other } })).status).toBe(200);
  });
});
