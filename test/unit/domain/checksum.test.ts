import { createHash } from 'node:crypto';
import { matchesSha256 } from '../../../src/domain/checksum';

const bytes = Buffer.from('a photo of a damaged parcel');
const digest = createHash('sha256').update(bytes).digest();

describe('matchesSha256', () => {
  it('accepts the hash as hex (either case) and as base64 (standard or URL-safe)', () => {
    expect(matchesSha256(bytes, digest.toString('hex'))).toBe(true);
    expect(matchesSha256(bytes, digest.toString('hex').toUpperCase())).toBe(true);
    expect(matchesSha256(bytes, digest.toString('base64'))).toBe(true);
    expect(matchesSha256(bytes, digest.toString('base64url'))).toBe(true);
  });

  it('refuses other bytes, a truncated hash and values that are no hash at all', () => {
    expect(matchesSha256(Buffer.from('another photo'), digest.toString('hex'))).toBe(false);
    expect(matchesSha256(bytes, digest.toString('hex').slice(0, 63))).toBe(false);
    expect(matchesSha256(bytes, '')).toBe(false);
    expect(matchesSha256(bytes, 'not a hash')).toBe(false);
  });
});
