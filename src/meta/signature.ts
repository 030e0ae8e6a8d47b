import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of
 * the raw request body keyed with the app secret
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint).
 * The check runs on the exact bytes received: re-serialised JSON would not match.
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck =
  | { valid: true }
  | { valid: false; reason: 'missing' | 'malformed' | 'mismatch' };

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;

/** The header value Meta would send for this body (also used by tests and the replay script). */
export function signWebhookBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function verifyWebhookSignature(
  rawBody: Buffer,
  header: string | string[] | undefined,
  appSecret: string,
): SignatureCheck {
  if (header === undefined || header === '') return { valid: false, reason: 'missing' };
  const match = typeof header === 'string' ? SIGNATURE_FORMAT.exec(header.trim()) : null;
  if (!match) return { valid: false, reason: 'malformed' };

  const received = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  // timingSafeEqual throws on different lengths; the format check makes both 32 bytes, and
  // the explicit guard keeps that true even if the pattern changes.
  if (received.length !== expected.length) return { valid: false, reason: 'mismatch' };
  return timingSafeEqual(received, expected) ? { valid: true } : { valid: false, reason: 'mismatch' };
}
