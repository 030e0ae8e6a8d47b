import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { login } from '../../support/apiClient';

const ROOT = path.resolve(__dirname, '../../..');
const spec = parse(fs.readFileSync(path.join(ROOT, 'docs/openapi.yaml'), 'utf8'));
const documented = Object.entries<Record<string, unknown>>(spec.paths).flatMap(([p, ops]) =>
  Object.keys(ops).map((method) => `${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
);

/** METHOD /path of the routes in the source: each router file's routes under the prefix it is mounted at. */
function routesInSource(): string[] {
  const mounts: Record<string, string> = { createSimulatorRouter: '/api/simulator' };
  const index = fs.readFileSync(path.join(ROOT, 'src/http/api/agentApi.ts'), 'utf8');
  for (const m of index.matchAll(/router\.use\('([^']+)'.*?(create\w+Router)/g)) mounts[m[2]] = `/api${m[1]}`;
  for (const m of index.matchAll(/router\.(get|post)\('([^']+)'/g)) mounts[`direct ${m[1]} ${m[2]}`] = '/api';
  const files = [
    ...fs.readdirSync(path.join(ROOT, 'src/http/api')).filter((f) => f.endsWith('Routes.ts')).map((f) => `src/http/api/${f}`),
    'src/channels/simulator/simulatorRouter.ts',
  ];
  const routes = Object.keys(mounts).filter((k) => k.startsWith('direct ')).map((k) => { const [, method, p] = k.split(' '); return `${method.toUpperCase()} /api${p}`; });
  for (const file of files) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const factory = source.match(/export function (create\w+Router)/)![1];
    const prefix = mounts[factory];
    if (!prefix) throw new Error(`${factory} is not mounted in src/http/api/agentApi.ts`);
    for (const m of source.matchAll(/router\.(get|post|put|patch|delete)\('([^']*)'/g)) routes.push(`${m[1].toUpperCase()} ${prefix}${m[2] === '/' ? '' : m[2]}`);
  }
  return routes;
}

describe('docs/openapi.yaml', () => {
  let bot: HttpBot;
  beforeAll(async () => {
    bot = await startHttpBot({ FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), ADMIN_EMAIL: 'walk-admin@shop.test', ADMIN_PASSWORD: 'walk-admin-pass' });
  });
  afterAll(async () => bot.stop());

  it('documents every route of the API', () => {
    const routes = routesInSource();
    expect(routes.length).toBeGreaterThan(14);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('describes only routes that exist', async () => {
    for (const operation of documented) {
      const [method, p] = operation.split(' ');
      if (p === '/api/events') continue; // a stream: checked by the console test
      const res = await fetch(bot.url + p.replace(':id', 'some-id'), { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      const body = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
      expect({ operation, code: body?.error?.code }).not.toEqual({ operation, code: 'NOT_FOUND' });
    }
  });

  it('walks every route as a visitor and as each role: only public routes answer without a session, and none is missing or fails', async () => {
    const admin = await login(bot.url, 'walk-admin@shop.test', 'walk-admin-pass');
    for (const role of ['agent', 'supervisor']) {
      expect((await admin.post('/api/agents', { email: `walk-${role}@shop.test`, password: 'walk-pass-2024', name: role, role })).status).toBe(201);
    }
    const tokens: Record<string, string | undefined> = { visitor: undefined };
    for (const role of ['agent', 'supervisor', 'admin']) {
      const res = await fetch(`${bot.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `walk-${role}@shop.test`, password: role === 'admin' ? 'walk-admin-pass' : 'walk-pass-2024' }) });
      tokens[role] = ((await res.json()) as { token: string }).token;
    }
    const isPublic = (method: string, p: string) => Array.isArray(spec.paths[p.replace(/:(\w+)/g, '{$1}')][method.toLowerCase()].security) && spec.paths[p.replace(/:(\w+)/g, '{$1}')][method.toLowerCase()].security.length === 0;
    const seen: string[] = [];
    for (const operation of documented) {
      const [method, p] = operation.split(' ');
      // Streams, and the calls that end or change the walker's own session, are covered elsewhere.
      if (['/api/events', '/api/auth/logout', '/api/auth/2fa/enable', '/api/auth/2fa/setup'].includes(p)) continue;
      for (const [who, token] of Object.entries(tokens)) {
        const res = await fetch(bot.url + p.replace(':id', 'some-id'), {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: method === 'GET' ? undefined : p === '/api/auth/login' ? '{"email":"x@y.z","password":"x"}' : '{}',
        });
        const body = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
        const seenAs = { operation, who, status: res.status, code: body?.error?.code };
        // Objects in the assertions, so that a failure names the operation and the role.
        expect({ ...seenAs, serverError: res.status >= 500, missing: body?.error?.code === 'NOT_FOUND' }).toMatchObject({ serverError: false, missing: false });
        if (!token && !isPublic(method, p) && !p.startsWith('/api/simulator')) expect(seenAs).toMatchObject({ status: 401 });
        seen.push(`${who} ${operation}`);
      }
    }
    expect(seen.length).toBeGreaterThan(documented.length * 3);
  });
});
