import { createHash } from 'node:crypto';

/** The SHA-256 of stored bytes as lowercase hex: what the media stores record and Meta declares. */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Do these bytes have the SHA-256 a channel declared? Meta writes it as lowercase hex in its
 * documentation and Graph answers, but webhooks have carried it base64-encoded too (44
 * characters ending in `=`), so both spellings of the same 32 bytes are accepted. A declared
 * value that is neither is reported as not matching, never as a pass.
 */
export function matchesSha256(bytes: Buffer, declared: string): boolean {
  const actual = sha256Hex(bytes);
  const value = declared.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return actual === value.toLowerCase();
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return actual === Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex');
  return false;
}
