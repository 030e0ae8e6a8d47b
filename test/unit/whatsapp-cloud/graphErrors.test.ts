import { classifyGraphError, parseReengagementTemplate } from '../../../src/channels/whatsapp-cloud';
import { backoffDelayMs, parseRetryAfterMs } from '../../../src/channels/whatsapp-cloud/retryPolicy';

const body = (code: number) => ({ error: { message: `(#${code})`, type: 'OAuthException', code } });

describe('classifyGraphError', () => {
  it.each([
    [429, body(130429), 'retry'],
    [400, body(131056), 'retry'],
    [400, body(80007), 'retry'],
    [400, body(4), 'retry'],
    [500, body(1), 'retry'],
    [503, body(2), 'retry'],
    [500, body(131000), 'retry'],
    [400, body(131026), 'permanent'],
    [400, body(100), 'permanent'],
    [400, body(131051), 'permanent'],
    [500, body(3), 'permanent'], // Meta documents code 3 with HTTP 500; the code wins
    [403, body(200), 'permanent'],
    [400, body(131047), 'reengage'],
    [401, body(190), 'auth'],
    [401, body(0), 'auth'],
    [401, undefined, 'auth'],
    [502, '<html>Bad gateway</html>', 'retry'], // no Graph body: HTTP status decides
    [429, undefined, 'retry'],
    [400, { error: { code: 999999 } }, 'permanent'], // unknown code on a 4xx
    [500, { error: { code: 999999 } }, 'retry'], // unknown code on a 5xx
  ])('HTTP %i with %j → %s', (status, payload, kind) => {
    expect(classifyGraphError(status, payload)).toBe(kind);
  });
});

describe('backoff and Retry-After', () => {
  it('full jitter over a doubling cap', () => {
    const options = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(attempt, options, () => 1))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
  });

  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('2')).toBe(2000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('parseReengagementTemplate (WHATSAPP_REENGAGEMENT_TEMPLATE)', () => {
  it('reads name:language', () => {
    expect(parseReengagementTemplate('order_followup:bn')).toEqual({ name: 'order_followup', language: 'bn' });
    expect(parseReengagementTemplate('hello_world:en_US')).toEqual({ name: 'hello_world', language: 'en_US' });
  });

  it('empty means none', () => {
    expect(parseReengagementTemplate(undefined)).toBeUndefined();
    expect(parseReengagementTemplate('  ')).toBeUndefined();
  });

  it('rejects values without a language, with a clear message', () => {
    expect(() => parseReengagementTemplate('order_followup')).toThrow(/name:language/);
    expect(() => parseReengagementTemplate('Order Followup:bn')).toThrow(/name:language/);
  });
});
