import http from 'node:http';
import type net from 'node:net';
import { ResponseTooLargeError } from '../../../src/network/httpTransport';
import { createNodeHttpTransport } from '../../../src/network/nodeHttpTransport';

// A real server on loopback: the transport's own sockets, timers and limits are what is tested.
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (url.pathname === '/echo') {
        res.setHeader('x-seen', req.headers['content-type'] ?? '');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body }));
      } else if (url.pathname === '/slow') {
        setTimeout(() => res.end('late'), 2000).unref();
      } else if (url.pathname === '/declared') {
        res.writeHead(200, { 'content-length': '5000' }).write('x'.repeat(100));
      } else if (url.pathname === '/whole') {
        res.writeHead(200).end(Buffer.alloc(4096, 1)); // chunked, and read whole before the first byte is counted
      } else if (url.pathname === '/stream') {
        res.writeHead(200);
        let sent = 0;
        const tick = setInterval(() => {
          if (res.destroyed || sent >= 20) return clearInterval(tick), res.end();
          res.write(Buffer.alloc(512, 1));
          sent++;
        }, 1);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the node:http transport', () => {
  // The server is on loopback, which outbound HTTP reaches only when the configuration names it.
  const transport = createNodeHttpTransport({ privateHosts: ['127.0.0.1'] });

  it('sends method, headers and body, and returns status, lower-case headers and the body', async () => {
    const response = await transport({ method: 'POST', url: `${base}/echo`, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', timeoutMs: 2000 });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers['x-seen']).toBe('application/json');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(response.text())).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  it('gives up after timeoutMs with an error named TimeoutError', async () => {
    const error = await transport({ method: 'GET', url: `${base}/slow`, timeoutMs: 100 }).catch((e) => e);
    expect(error.name).toBe('TimeoutError');
  });

  it('rejects with the reason when the caller aborts', async () => {
    const controller = new AbortController();
    const call = transport({ method: 'GET', url: `${base}/slow`, timeoutMs: 5000, signal: controller.signal });
    controller.abort(new Error('the customer left'));
    await expect(call).rejects.toThrow('the customer left');
  });

  it('refuses a declared Content-Length over the limit without waiting for the body', async () => {
    const error = await transport({ method: 'GET', url: `${base}/declared`, timeoutMs: 2000, maxResponseBytes: 1000 }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.seenBytes).toBe(5000);
  });

  it('refuses an answer that arrived whole in one chunk over the limit, rather than returning it empty', async () => {
    const error = await transport({ method: 'GET', url: `${base}/whole`, timeoutMs: 2000, maxResponseBytes: 1024 }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it('stops reading a stream once it passes the limit', async () => {
    const error = await transport({ method: 'GET', url: `${base}/stream`, timeoutMs: 2000, maxResponseBytes: 1500 }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.seenBytes).toBeGreaterThan(1500);
    expect(error.seenBytes).toBeLessThanOrEqual(2048);
  });
});
