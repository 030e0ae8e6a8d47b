import { identifierOfAddress, isBsuid, normalizeUsername, phoneDigits } from '../../../src/domain/identity';
import { parseCustomerQuery } from '../../../src/domain/customerSearch';
import { redactValue, REDACTED } from '../../../src/observability/redact';

describe('customer identifiers', () => {
  it('tells a phone number, a BSUID and a parent BSUID apart by their form', () => {
    expect(identifierOfAddress('8801712345678')).toEqual({ kind: 'phone', value: '8801712345678' });
    expect(identifierOfAddress('+8801712345678')).toEqual({ kind: 'phone', value: '8801712345678' });
    expect(identifierOfAddress('BD.1427730559018264')).toEqual({ kind: 'bsuid', value: 'BD.1427730559018264' });
    expect(identifierOfAddress('US.ENT.11815799212886844830')).toEqual({ kind: 'parent-bsuid', value: 'US.ENT.11815799212886844830' });
    // whatsapp-web's privacy ids and anything else: an opaque id of the channel.
    expect(identifierOfAddress('123456789012345@lid')).toEqual({ kind: 'id', value: '123456789012345@lid' });
    expect(isBsuid('bd.123')).toBe(false);
    // Meta's page-scoped ids are digits too: their channel says what they are.
    expect(identifierOfAddress('24536271829384756', 'messenger')).toEqual({ kind: 'psid', value: '24536271829384756' });
    expect(identifierOfAddress('17841400000000000', 'instagram')).toEqual({ kind: 'igsid', value: '17841400000000000' });
  });

  it('reads usernames and shared or typed numbers the way customers write them', () => {
    expect(normalizeUsername('@Rina.Shop ')).toBe('rina.shop');
    expect(normalizeUsername('  @ ')).toBeUndefined();
    expect(phoneDigits('+880 1712-345678')).toBe('8801712345678');
    expect(phoneDigits('০১৭১২৩৪৫৬৭৮')).toBe('01712345678');
    expect(phoneDigits('call me')).toBeUndefined();
  });

  it('reads what an agent searches for', () => {
    expect(parseCustomerQuery('+880 1712-345678')).toEqual({ kind: 'phone', digits: '8801712345678', last8: '12345678' });
    expect(parseCustomerQuery('BD.1427730559018264')).toEqual({ kind: 'bsuid', value: 'BD.1427730559018264' });
    expect(parseCustomerQuery('@Rina')).toEqual({ kind: 'username', prefix: 'rina' });
    expect(parseCustomerQuery('12')).toBeNull();
    expect(parseCustomerQuery('   ')).toBeNull();
    expect(parseCustomerQuery('rina shop')).toBeNull();
  });

  it('keeps usernames and business-scoped ids out of logs', () => {
    const logged = redactValue({ username: 'rina.shop', recipient: 'BD.1427730559018264', identifiers: [{ kind: 'bsuid', value: 'BD.1' }], customerId: 'whatsapp-cloud:BD.1427730559018264' }) as Record<string, unknown>;
    expect(logged.username).toBe(REDACTED);
    expect(logged.recipient).toBe(REDACTED);
    expect(logged.identifiers).toBe(REDACTED);
    expect(logged.customerId).not.toContain('1427730559018264');
  });
});
