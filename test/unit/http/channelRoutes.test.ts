import http from 'node:http';
import express from 'express';
import type { Channel } from '../../../src/channels/port';
import { loadConfig } from '../../../src/config/load';
import { createHttpApp } from '../../../src/http/createHttpApp';
import { createSilentLogger } from '../../../src/observability/logger';
import { createRuntime, type Runtime } from '../../../src/runtime/runtime';
import { apiClient } from '../../support/apiClient';
import { freePort } from '../../support/httpBot';

/**
 * A channel shaped like a Meta webhook channel (Messenger, Instagram): its own GET and POST
 * routes, the POST reading the raw bytes a signature is computed over, and an admin-only page.
 * Nothing in http/ knows it: it is mounted because it declares its routes.
 */
function metaLikeChannel(): Channel {
  const webhook = express.Router();
  webhook.get('/', (req, res) => {
    res.type('text/plain').send(String(req.query['hub.challenge'] ?? ''));
  });
  webhook.post('/', express.raw({ type: () => true }), (req, res) => {
    res.json({ rawBytes: Buffer.isBuffer(req.body) ? req.body.length : -1 });
  });
  const page = express.Router();
  page.get('/', (_req, res) => {
    res.type('html').send('<p>settings</p>');
  });
  return {
    name: 'meta-like',
    send: async () => ({ channelMessageId: 'm-1' }),
    routes: () => [
      { path: '/webhook/meta-like', access: 'public', handler: webhook },
      { path: '/meta-like', access: 'admin', handler: page },
    ],
  };
}

let runtime: Runtime;
let server: http.Server;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  const config = loadConfig({ dotenv: false, env: { PORT: String(port), HOST: '127.0.0.1', SQLITE_FILE: ':memory:', ADMIN_EMAIL: 'owner@shop.example', ADMIN_PASSWORD: 'owner-pass-1' } });
  runtime = await createRuntime(config, createSilentLogger(), { channels: [metaLikeChannel()] });
  server = http.createServer(createHttpApp(runtime)).listen(port, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await runtime.stop();
});

describe('routes a channel declares', () => {
  it('mounts its public webhook, GET and POST, with the raw body left for its signature check', async () => {
    const check = await fetch(`${url}/webhook/meta-like?hub.challenge=1158201444`);
    expect(await check.text()).toBe('1158201444');
    const body = JSON.stringify({ object: 'page', entry: [] });
    const delivery = await fetch(`${url}/webhook/meta-like`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await delivery.json()).toEqual({ rawBytes: Buffer.byteLength(body) });
  });

  it('keeps an admin route behind an admin session', async () => {
    expect((await fetch(`${url}/meta-like`)).status).toBe(401);
    const login = await apiClient(url).post('/api/auth/login', { email: 'owner@shop.example', password: 'owner-pass-1' });
    const page = await fetch(`${url}/meta-like`, { headers: { authorization: `Bearer ${login.body.token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('settings');
  });

  it('counts its requests under its own route group in /metrics', async () => {
    await fetch(`${url}/webhook/meta-like?hub.challenge=1`);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/wabot_http_requests_total\{route="\/webhook\/meta-like",status="200"\} [1-9]/);
  });

  it('serves the simulator web chat the simulator channel declares', async () => {
    const page = await fetch(`${url}/simulator`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>Chat simulator</title>');
  });
});
