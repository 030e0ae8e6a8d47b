import { randomUUID } from 'node:crypto';
import { memoryLogger } from '../../support/memoryLogger';

describe('log lines outside debug level', () => {
  const { logger, entries } = memoryLogger('info');

  it('hide phone numbers however they are written, and keep ids whole', () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    logger.info('customer wrote', { customerId: 'whatsapp-cloud:8801712345678', note: 'call +880 1712-345678 or 01712345678.', ids, erasureId: '8c0134f2-7971-4e0a-bbb8-46847c433e9a' });
    const line = entries.pop()!;
    expect(line.customerId).toBe('whatsapp-cloud:[redacted]');
    expect(line.note).toBe('call [redacted] or [redacted].');
    expect(line.ids).toEqual(ids);
    expect(line.erasureId).toBe('8c0134f2-7971-4e0a-bbb8-46847c433e9a');
  });
});
