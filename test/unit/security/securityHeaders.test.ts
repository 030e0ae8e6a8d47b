import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { createWhatsAppWebQrRouter } from '../../../src/channels/whatsapp-web/qrPage';
import { securityHeaders } from '../../../src/http/securityHeaders';

/** Security headers on every response, and pages that work under the policy (no inline code). */
const ROOT = path.resolve(__dirname, '../../..');
const PAGES = ['/console/', '/console/reports.html', '/console/unanswered.html', '/simulator', '/healthz', '/no-such-page'];

let bot: HttpBot;
let proxied: HttpBot;
beforeAll(async () => {
  bot = await startHttpBot({ FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows') });
  proxied = await startHttpBot({ FLOWS_DIR: path.join(ROOT, 'test/fixtures/flows'), TRUST_PROXY: 'loopback' });
});
afterAll(async () => {
  await bot?.stop();
  await proxied?.stop();
});

/** The CSP as directive → sources. */
function policyOf(res: Response): Record<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

it.each(PAGES)('%s carries the CSP, no framing, nosniff and Referrer-Policy', async (page) => {
  const res = await fetch(bot.url + page);
  const policy = policyOf(res);
  expect(policy['default-src']).toEqual(["'self'"]);
  expect(policy['script-src']).toEqual(["'self'"]);
  expect(policy['style-src']).toEqual(["'self'"]);
  expect(policy['frame-ancestors']).toEqual(["'none'"]);
  expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  // Served over plain HTTP: no HSTS, or a first run on 127.0.0.1 would pin the browser to HTTPS.
  expect(res.headers.get('strict-transport-security')).toBeNull();
});

it('sends HSTS when a trusted proxy says the request came over HTTPS, and only then', async () => {
  const viaTls = { 'x-forwarded-proto': 'https' };
  expect((await fetch(`${proxied.url}/console/`, { headers: viaTls })).headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  expect((await fetch(`${proxied.url}/console/`)).headers.get('strict-transport-security')).toBeNull();
  // Without TRUST_PROXY the header is the client's word, and is not believed.
  expect((await fetch(`${bot.url}/console/`, { headers: viaTls })).headers.get('strict-transport-security')).toBeNull();
});

/** Inline code the policy would block: <script> without src, <style>, on*= handlers, style= attributes. */
function inlineCode(html: string): string[] {
  return [
    ...[...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>/gi)].map((m) => m[0]),
    ...[...html.matchAll(/<style\b[^>]*>/gi)].map((m) => m[0]),
    ...[...html.matchAll(/<[^>]+\s(on[a-z]+|style)\s*=/gi)].map((m) => m[0]),
    ...[...html.matchAll(/href\s*=\s*["']?javascript:/gi)].map((m) => m[0]),
  ];
}

it('serves pages with no inline script, style or handler, and their files load under the policy', async () => {
  for (const page of ['/console/', '/console/reports.html', '/console/unanswered.html', '/simulator']) {
    const html = await (await fetch(bot.url + page)).text();
    expect({ page, inline: inlineCode(html) }).toEqual({ page, inline: [] });
    // Every script and stylesheet the page names is ours and is there.
    const base = new URL(page, bot.url);
    for (const [, ref] of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+\.(?:js|css))"/g)) {
      const url = new URL(ref, base);
      expect(url.origin).toBe(bot.url);
      expect({ ref, status: (await fetch(url)).status }).toEqual({ ref, status: 200 });
    }
  }
  for (const file of fs.readdirSync(path.join(ROOT, 'src/console')).filter((f) => f.endsWith('.html'))) {
    expect({ file, inline: inlineCode(fs.readFileSync(path.join(ROOT, 'src/console', file), 'utf8')) }).toEqual({ file, inline: [] });
  }
});

it('serves the WhatsApp link page without inline style, its style from a file', async () => {
  const app = express();
  app.use(securityHeaders());
  app.use('/whatsapp-web', createWhatsAppWebQrRouter({ state: () => 'qr', latestQr: () => '2@abc,def,ghi' }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/whatsapp-web`;
  try {
    const html = await (await fetch(url)).text();
    expect(inlineCode(html)).toEqual([]);
    const css = await fetch(`${url}/qr.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(html).toContain('/whatsapp-web/qr.css');
  } finally {
    server.close();
  }
});
