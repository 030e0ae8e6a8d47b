import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from '../../../src/channels/whatsapp-cloud';

const SECRET = 'app-secret-1';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('X-Hub-Signature-256 verification', () => {
  it('accepts sha256= + hex HMAC-SHA256 of the raw bytes with the app secret (as Meta signs)', () => {
    const header = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect(signWebhookBody(body, SECRET)).toBe(header);
    expect(verifyWebhookSignature(body, header, SECRET)).toEqual({ valid: true });
  });

  it('accepts upper-case hex', () => {
    const header = signWebhookBody(body, SECRET).replace(/[a-f]/g, (c) => c.toUpperCase()).replace('SHA256', 'sha256');
    expect(verifyWebhookSignature(body, header, SECRET)).toEqual({ valid: true });
  });

  it('rejects a body changed after signing (even by whitespace)', () => {
    const header = signWebhookBody(body, SECRET);
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(verifyWebhookSignature(reformatted, header, SECRET)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('rejects a signature made with another (old) secret', () => {
    expect(verifyWebhookSignature(body, signWebhookBody(body, 'rotated-away'), SECRET)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('tells missing from malformed', () => {
    expect(verifyWebhookSignature(body, undefined, SECRET)).toEqual({ valid: false, reason: 'missing' });
    expect(verifyWebhookSignature(body, '', SECRET)).toEqual({ valid: false, reason: 'missing' });
    expect(verifyWebhookSignature(body, 'sha1=abc', SECRET)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyWebhookSignature(body, ['sha256=00', 'sha256=11'], SECRET)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('does not throw on a signature of the wrong length (timingSafeEqual would)', () => {
    const short = signWebhookBody(body, SECRET).slice(0, 20);
    const long = `${signWebhookBody(body, SECRET)}00`;
    expect(verifyWebhookSignature(body, short, SECRET)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyWebhookSignature(body, long, SECRET)).toEqual({ valid: false, reason: 'malformed' });
  });
});
