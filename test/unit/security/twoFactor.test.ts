import path from 'node:path';
import { hashRecoveryCode, matchingStep, newRecoveryCodes, otpauthUri, totpCode } from '../../../src/agents/twoFactor';
import { apiClient, login } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';

/** Two-step sign-in: TOTP codes, recovery codes, REQUIRE_2FA, and the throttle on codes. */
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { email: 'owner@shop.test', password: 'owner-pass-2024' };
const MINA = { email: 'mina@shop.test', password: 'mina-pass-2024' };
// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP codes', () => {
  it('match the RFC 6238 test vectors (last six digits) within one step either side, and nothing else', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(matchingStep(RFC_SECRET, '081804', 1_111_111_109_000)).toBe(37_037_036);
    expect(matchingStep(RFC_SECRET, '081 804', 1_111_111_109_000 + 30_000)).toBe(37_037_036);
    expect(matchingStep(RFC_SECRET, '081804', 1_111_111_109_000 + 61_000)).toBeNull();
    expect(matchingStep(RFC_SECRET, '81804', 1_111_111_109_000)).toBeNull();
    expect(otpauthUri(RFC_SECRET, 'mina@shop.test', 'Agent console (shop.example)')).toMatch(/^otpauth:\/\/totp\/.*mina%40shop\.test\?.*secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ/);
  });

  it('makes ten different recovery codes and keeps only hashes that ignore case and dashes', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(hashes.some((h) => codes.includes(h))).toBe(false);
    expect(hashRecoveryCode(codes[0].toUpperCase().replace(/-/g, ' '))).toBe(hashes[0]);
  });
});

describe('two-step sign-in over the API (REQUIRE_2FA=admins)', () => {
  let bot: HttpBot;
  let secret: string;
  let recoveryCodes: string[];
  const loginWith = (who: { email: string; password: string }, code?: string) => apiClient(bot.url).post('/api/auth/login', { ...who, ...(code ? { code } : {}) });

  beforeAll(async () => {
    bot = await startHttpBot({ FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REQUIRE_2FA: 'admins' });
  });
  afterAll(async () => bot?.stop());

  it('lets an admin without it do nothing but enrol', async () => {
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    expect((await admin.get('/api/handoffs')).body.error.code).toBe('TWO_FACTOR_SETUP_REQUIRED');
    expect((await admin.post('/api/agents', { ...MINA, name: 'Mina' })).status).toBe(403);
    expect((await admin.get('/api/agents/me')).body.twoFactor).toEqual({ enabled: false, required: true, recoveryCodesLeft: 0 });

    const setup = await admin.post('/api/auth/2fa/setup');
    expect(setup.status).toBe(200);
    secret = setup.body.secret;
    expect(setup.body.otpauthUrl).toContain(`secret=${secret}`);
    expect(setup.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((await admin.post('/api/auth/2fa/enable', { code: '000000' })).body.error.code).toBe('BAD_CODE');

    const enabled = await admin.post('/api/auth/2fa/enable', { code: totpCode(secret, Date.now()) });
    expect(enabled.status).toBe(200);
    recoveryCodes = enabled.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    // Every session from before ends; the new token goes on.
    expect((await admin.get('/api/handoffs')).status).toBe(401);
    const after = apiClient(bot.url, enabled.body.token);
    expect((await after.get('/api/handoffs')).status).toBe(200);
    expect((await after.post('/api/agents', { ...MINA, name: 'Mina' })).status).toBe(201);
    expect((await after.get('/api/agents/me')).body.agent).toMatchObject({ twoFactorEnabled: true });
    expect(JSON.stringify((await after.get('/api/agents/me')).body)).not.toContain(secret);
  });

  it('asks for a code at login, accepts each code once, and takes a recovery code once', async () => {
    expect((await loginWith(ADMIN)).body.error.code).toBe('TWO_FACTOR_REQUIRED');
    // The code of the next step (as a phone a little ahead shows it): the enrolment used the current one.
    const next = totpCode(secret, Date.now() + 30_000);
    expect((await loginWith(ADMIN, next)).status).toBe(200);
    expect((await loginWith(ADMIN, next)).body.error.code).toBe('BAD_CODE');
    expect((await loginWith({ ...ADMIN, password: 'wrong-pass-1' }, next)).body.error.code).toBe('BAD_CREDENTIALS');

    expect((await loginWith(ADMIN, recoveryCodes[0].toUpperCase())).status).toBe(200);
    expect((await loginWith(ADMIN, recoveryCodes[0])).body.error.code).toBe('BAD_CODE');
    const me = await apiClient(bot.url, (await loginWith(ADMIN, recoveryCodes[1])).body.token).get('/api/agents/me');
    expect(me.body.twoFactor).toEqual({ enabled: true, required: true, recoveryCodesLeft: 8 });
    // REQUIRE_2FA covers admins: they cannot turn it off.
    const third = apiClient(bot.url, (await loginWith(ADMIN, recoveryCodes[2])).body.token);
    expect((await third.post('/api/auth/2fa/disable', { code: recoveryCodes[3] })).body.error.code).toBe('TWO_FACTOR_REQUIRED_BY_POLICY');
  });

  it('lets an agent it does not cover turn it on and off, throttles wrong codes, and lets an admin reset it', async () => {
    const mina = await login(bot.url, MINA.email, MINA.password);
    expect((await mina.get('/api/handoffs')).status).toBe(200);
    const minaSecret = (await mina.post('/api/auth/2fa/setup')).body.secret;
    const on = await mina.post('/api/auth/2fa/enable', { code: totpCode(minaSecret, Date.now()) });
    expect(on.status).toBe(200);

    // Five wrong codes per account, then even the right one waits.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await loginWith(MINA, String(100000 + i))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await loginWith(MINA, totpCode(minaSecret, Date.now() + 30_000));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_CODES');

    // Lost phone: an admin removes it, and Mina logs in with the password alone.
    const admin = apiClient(bot.url, (await loginWith(ADMIN, recoveryCodes[4])).body.token);
    const minaId = (await apiClient(bot.url, on.body.token).get('/api/agents/me')).body.agent.id;
    expect((await admin.raw('PATCH', `/api/agents/${minaId}`, { resetTwoFactor: true })).body.agent.twoFactorEnabled).toBe(false);
    const plain = await loginWith(MINA);
    expect(plain.status).toBe(200);

    // On again, then off with a code.
    const again = apiClient(bot.url, plain.body.token);
    const thirdSecret = (await again.post('/api/auth/2fa/setup')).body.secret;
    const token = (await again.post('/api/auth/2fa/enable', { code: totpCode(thirdSecret, Date.now()) })).body.token;
    expect((await apiClient(bot.url, token).post('/api/auth/2fa/disable', { code: totpCode(thirdSecret, Date.now() + 30_000) })).status).toBe(204);
    expect((await loginWith(MINA)).status).toBe(200);
    const actions = (await bot.runtime.store.audit.list({ subjectId: minaId })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['enable-2fa', 'disable-2fa', 'update-agent']));
  });
});
