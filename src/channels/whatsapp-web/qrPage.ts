import express, { type Router } from 'express';
import QRCode from 'qrcode';
import { sendError } from '../../web/httpError';
import type { ConnectionState } from './connection';

/** What the page needs from the channel (WhatsAppWebChannel has it; tests pass a plain object). */
export interface QrSource {
  state(): ConnectionState;
  latestQr(): string | null;
}

/** WhatsApp Web rotates its QR code about every 20 seconds; refresh well within that. */
const REFRESH_SECONDS = 5;

const STATE_TEXT: Record<ConnectionState, { en: string; bn: string }> = {
  starting: { en: 'Starting WhatsApp Web…', bn: 'হোয়াটসঅ্যাপ ওয়েব চালু হচ্ছে…' },
  qr: { en: 'Scan this code with your phone', bn: 'ফোন দিয়ে এই কোডটি স্ক্যান করুন' },
  ready: { en: 'Linked: the bot is answering on this number', bn: 'যুক্ত হয়েছে: বট এই নম্বরে উত্তর দিচ্ছে' },
  disconnected: { en: 'Disconnected; reconnecting…', bn: 'সংযোগ বিচ্ছিন্ন; আবার যুক্ত হচ্ছে…' },
  auth_failure: { en: 'The link was refused; scan the new code when it appears', bn: 'লিংক বাতিল হয়েছে; নতুন কোড এলে স্ক্যান করুন' },
};

const PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;text-align:center}
.state{font-size:1.2rem;font-weight:600}.bn{color:#444}ol{text-align:left}`;

/**
 * `/whatsapp-web`: the page a shop owner opens to link the shop's number, and the QR image.
 * Whoever scans the code links their own WhatsApp account to this bot, so mount it where only
 * the owner can reach it (behind the console login or on a private port).
 */
export function createWhatsAppWebQrRouter(channel: QrSource): Router {
  const router = express.Router();
  // Drawing a PNG takes a noticeable fraction of a second; the code changes only every ~20 s.
  let drawn: { qr: string; png: Promise<Buffer> } | undefined;
  const pngOf = (qr: string) => {
    if (drawn?.qr !== qr) drawn = { qr, png: QRCode.toBuffer(qr, { type: 'png', width: 320, margin: 2, errorCorrectionLevel: 'L' }) };
    return drawn.png;
  };

  router.get('/qr.png', async (_req, res, next) => {
    const qr = channel.latestQr();
    if (!qr) {
      const why = channel.state() === 'ready' ? 'The number is already linked.' : `There is no QR code right now (state: ${channel.state()}).`;
      return sendError(res, 404, 'NO_QR_CODE', why);
    }
    try {
      const png = await pngOf(qr);
      res.set('Cache-Control', 'no-store').type('image/png').send(png);
    } catch (error) {
      drawn = undefined;
      next(error);
    }
  });

  // A file, not an inline <style>: the CSP (http/securityHeaders.ts) allows no inline style.
  router.get('/qr.css', (_req, res) => {
    res.type('css').send(PAGE_STYLE);
  });

  router.get('/', (req, res) => {
    const state = channel.state();
    const text = STATE_TEXT[state];
    // Absolute (baseUrl) so the image loads whether the page was opened as /whatsapp-web or /whatsapp-web/.
    const image = channel.latestQr() ? `<img src="${escapeHtml(req.baseUrl)}/qr.png?t=${Date.now()}" alt="WhatsApp QR code" width="320" height="320">` : '';
    res.set('Cache-Control', 'no-store').type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<title>Link WhatsApp</title>
<link rel="stylesheet" href="${escapeHtml(req.baseUrl)}/qr.css">
</head>
<body>
<h1>Link WhatsApp</h1>
<p class="state" data-state="${state}">${escapeHtml(text.en)}<br><span class="bn" lang="bn">${escapeHtml(text.bn)}</span></p>
${image}
<ol>
<li>Open WhatsApp on the shop's phone. <span lang="bn">দোকানের ফোনে হোয়াটসঅ্যাপ খুলুন।</span></li>
<li>Settings › Linked devices › Link a device. <span lang="bn">সেটিংস › লিংকড ডিভাইস › ডিভাইস লিংক করুন।</span></li>
<li>Point the phone at the code. <span lang="bn">ফোনটি কোডের দিকে ধরুন।</span></li>
</ol>
<p><small>This page refreshes every ${REFRESH_SECONDS} seconds.</small></p>
</body>
</html>`);
  });

  return router;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
