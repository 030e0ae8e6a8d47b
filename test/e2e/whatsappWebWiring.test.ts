import { EventEmitter, once } from 'node:events';
import { loadConfig } from '../../src/config/load';
import { WhatsAppWebChannel } from '../../src/channels/whatsapp-web';
import { createHttpApp } from '../../src/http/createHttpApp';
import { createSilentLogger } from '../../src/observability/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { apiClient } from '../support/apiClient';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

describe('whatsapp-web wiring', () => {
  it('refuses to run the linked phone outside a single process', () => {
    expect(() => loadConfig({ dotenv: false, env: { WHATSAPP_MODE: 'web', PROCESS_ROLE: 'worker' } })).toThrow(/PROCESS_ROLE: must be "all" when WHATSAPP_MODE includes web/);
  });

  it('serves the QR page to admins only and keeps the process ready while unlinked', async () => {
    const config = loadConfig({ dotenv: false, env: { SQLITE_FILE: ':memory:', ADMIN_EMAIL: 'a@shop.example', ADMIN_PASSWORD: 'admin-pass-1', SESSION_SECRET: 'z'.repeat(40) } });
    // A stand-in for whatsapp-web.js's Client that shows a QR code and never links.
    const client = Object.assign(new EventEmitter(), {
      initialize: async () => void setTimeout(() => client.emit('qr', '2@fake-qr-code,abc'), 10),
      destroy: async () => undefined,
      sendMessage: async () => ({ id: { _serialized: 'x' } }),
      getChatById: async () => ({ sendSeen: async () => true, sendStateTyping: async () => undefined }),
      getState: async () => null,
    });
    const web = new WhatsAppWebChannel({ queue: undefined as never, logger: createSilentLogger(), sessionDir: '/tmp/wweb-test', chromiumPath: '/usr/bin/chromium', createClient: () => client as never, printQr: () => undefined });
    const runtime = await createRuntime(config, createSilentLogger(), { channels: [web] });
    // Port 0: the system picks a free port as it binds (a port found free earlier may be taken by then).
    const server = http.createServer(createHttpApp(runtime)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/whatsapp-web/qr.png`)).status).toBe(401);
      const login = await apiClient(url).post('/api/auth/login', { email: 'a@shop.example', password: 'admin-pass-1' });
      const png = await fetch(`${url}/whatsapp-web/qr.png`, { headers: { authorization: `Bearer ${login.body.token}` } });
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      const ready = await (await fetch(`${url}/readyz`)).json();
      expect(ready.status).toBe('ready');
      expect(ready.checks['channel:whatsapp-web']).toMatch(/unavailable/);
    } finally {
      server.close();
      await runtime.stop();
    }
  });
});
