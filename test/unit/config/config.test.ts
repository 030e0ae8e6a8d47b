import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/load';
import { envSchema } from '../../../src/config/schema';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({ env: {}, dotenv: false, cwd: '/srv/bot' });
    expect(config).toMatchObject({
      port: 3000,
      role: 'all',
      dataDir: '/srv/bot/data',
      flowsDir: '/srv/bot/flows',
      publicUrl: 'http://127.0.0.1:3000',
      nlu: { kind: 'local', threshold: undefined },
      missesBeforeHuman: 2,
    });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it('reads and converts values from the environment', () => {
    const config = loadConfig({ env: { PORT: '8080', SIMULATOR: 'false', NLU_THRESHOLD: '0.7', REDIS_URL: 'redis://127.0.0.1:6379', SESSION_SECRET: 's'.repeat(32), PUBLIC_URL: 'https://bot.example/' }, dotenv: false });
    expect(config).toMatchObject({ port: 8080, simulator: false, nlu: { threshold: 0.7 }, redisUrl: 'redis://127.0.0.1:6379', publicUrl: 'https://bot.example' });
  });

  it('lists every problem at once, naming the variable and the bad value', () => {
    let error: unknown;
    try {
      loadConfig({ env: { PORT: 'eighty', LOG_LEVEL: 'loud', NLU_THRESHOLD: '2', MONGODB_URI: 'postgres://x', SIMULATOR: 'maybe' }, dotenv: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    for (const key of ['PORT', 'LOG_LEVEL', 'NLU_THRESHOLD', 'MONGODB_URI', 'SIMULATOR']) {
      expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
    }
    expect((error as Error).message).toMatch(/5 problems/);
    expect((error as Error).message).toContain('"eighty"');
  });

  it('reads .env, and real environment variables win over it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    try {
      fs.writeFileSync(path.join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\n');
      const config = loadConfig({ cwd: dir, env: { PORT: '5000' } });
      expect(config.port).toBe(5000);
      expect(config.logLevel).toBe('debug');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires a shared session secret once several processes can run', () => {
    expect(() => loadConfig({ env: { MONGODB_URI: 'mongodb://127.0.0.1/x' }, dotenv: false })).toThrow(/SESSION_SECRET: is required/);
    expect(() => loadConfig({ env: { WHATSAPP_MODE: 'cloud' }, dotenv: false })).toThrow(/5 problems[\s\S]*METRICS_TOKEN[\s\S]*WHATSAPP_VERIFY_TOKEN[\s\S]*WHATSAPP_ACCESS_TOKEN/);
    expect(() => loadConfig({ env: { BUSINESS_HOURS: 'weekdays 9-5' }, dotenv: false })).toThrow(/BUSINESS_HOURS: "9" is not a time like 09:30/);
  });

  it('never shows a secret or the credentials inside a URL in a start-up error', () => {
    const secrets = { SESSION_SECRET: 'tooShortSecret123', ADMIN_PASSWORD: 'pw12', METRICS_TOKEN: 'tok-9f8e' };
    const urls = { MONGODB_URI: 'postgres://shopadmin:Hunter2pass@db.internal:5432/bot', REDIS_URL: 'http://:r3disPass@cache:6379', WHATSAPP_API_URL: 'ftp://meta:graphPw@proxy' };
    let message = '';
    try {
      loadConfig({ env: { ...secrets, ...urls, ADMIN_EMAIL: 'not-an-email', WHATSAPP_MODE: 'cloud' }, dotenv: false });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const key of [...Object.keys(secrets), ...Object.keys(urls)]) expect(message).toContain(`${key}:`);
    for (const value of [...Object.values(secrets), 'Hunter2pass', 'shopadmin', 'r3disPass', 'graphPw']) expect(message).not.toContain(value);
    expect(message).toContain('"postgres://***@db.internal:5432/bot"');
    expect(message).toContain('"not-an-email"');
  });

  it('turns the simulator and the demo order API off by default once a real channel is on', () => {
    const cloud = { WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: 'a', WHATSAPP_PHONE_NUMBER_ID: '1', WHATSAPP_ACCESS_TOKEN: 't', METRICS_TOKEN: 'm'.repeat(16) };
    expect(loadConfig({ env: {}, dotenv: false })).toMatchObject({ simulator: true, demoOrders: true, simulatorAccess: 'public', offBesideRealChannel: [] });
    expect(loadConfig({ env: cloud, dotenv: false })).toMatchObject({ simulator: false, demoOrders: false, offBesideRealChannel: ['SIMULATOR', 'DEMO_ORDERS'] });
    expect(loadConfig({ env: { ...cloud, SIMULATOR: 'true' }, dotenv: false })).toMatchObject({ simulator: true, simulatorAccess: 'admin', demoOrders: false, offBesideRealChannel: ['DEMO_ORDERS'] });
    expect(loadConfig({ env: { ...cloud, WHATSAPP_MODE: 'web', DEMO_ORDERS: 'true' }, dotenv: false })).toMatchObject({ simulator: false, demoOrders: true });
  });

  it('refuses a real channel with /metrics open to anyone, unless METRICS_PUBLIC says so', () => {
    const web = { WHATSAPP_MODE: 'web' };
    expect(() => loadConfig({ env: web, dotenv: false })).toThrow(/METRICS_TOKEN: is required when WHATSAPP_MODE turns a real channel on/);
    expect(loadConfig({ env: { ...web, METRICS_PUBLIC: 'true' }, dotenv: false })).toMatchObject({ metricsPublic: true, metricsToken: undefined });
    expect(loadConfig({ env: { ...web, METRICS_TOKEN: 'x'.repeat(16) }, dotenv: false }).metricsToken).toBe('x'.repeat(16));
  });

  it('reads the hosts outbound HTTP may reach beyond public https servers', () => {
    expect(loadConfig({ env: { OUTBOUND_PRIVATE_HOSTS: 'orders.lan:8080, 10.0.0.5', OUTBOUND_HTTP_HOSTS: 'CDN.shop.example' }, dotenv: false }).outbound).toEqual({ privateHosts: ['orders.lan:8080', '10.0.0.5'], httpHosts: ['cdn.shop.example'] });
    expect(() => loadConfig({ env: { OUTBOUND_PRIVATE_HOSTS: 'http://orders.lan/' }, dotenv: false })).toThrow(/OUTBOUND_PRIVATE_HOSTS: must be host names/);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ env: { PORT: '', MONGODB_URI: '' }, dotenv: false })).toMatchObject({ port: 3000, mongodbUri: undefined });
  });

  it('documents every setting in .env.example', () => {
    const example = fs.readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const missing = Object.keys(envSchema.shape).filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
  });
});
