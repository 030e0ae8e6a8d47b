import type { Customer } from './customer';
import { isBsuid, normalizeUsername } from './identity';
import { toAsciiDigits } from './text';

/**
 * What an agent typed to find a customer. Phone numbers are written every way
 * ("+880 1712-345678", "01712345678", "১৭১২৩৪৫৬৭৮"): they are compared by their digits without
 * leading zeros, one ending with the other (a country code or trunk 0 may be missing).
 */
export type CustomerQuery =
  | { kind: 'phone'; digits: string; last8: string }
  | { kind: 'bsuid'; value: string }
  | { kind: 'username'; prefix: string };

const MIN_PHONE_DIGITS = 6;

function significantDigits(value: string): string {
  return toAsciiDigits(value.normalize('NFKC')).replace(/[\s().+-]/g, '').replace(/^0+/, '');
}

export function parseCustomerQuery(raw: string): CustomerQuery | null {
  const text = raw.trim();
  if (text === '') return null;
  if (isBsuid(text)) return { kind: 'bsuid', value: text };
  const digits = significantDigits(text);
  if (/^\d+$/.test(digits)) return digits.length >= MIN_PHONE_DIGITS ? { kind: 'phone', digits, last8: digits.slice(-8) } : null;
  const prefix = normalizeUsername(text);
  return prefix && /^[a-z0-9._]+$/.test(prefix) ? { kind: 'username', prefix } : null;
}

function samePhone(stored: string, query: string): boolean {
  const mine = significantDigits(stored);
  return mine.endsWith(query) || (mine.length >= 8 && query.endsWith(mine));
}

/** The exact test behind every adapter's search (they narrow candidates with an index first). */
export function matchesCustomerQuery(customer: Customer, query: CustomerQuery): boolean {
  switch (query.kind) {
    case 'phone':
      return customer.identifiers.some((id) => id.kind === 'phone' && samePhone(id.value, query.digits)) || (customer.statedPhone !== undefined && samePhone(customer.statedPhone, query.digits));
    case 'bsuid':
      return customer.identifiers.some((id) => (id.kind === 'bsuid' || id.kind === 'parent-bsuid') && id.value === query.value);
    case 'username':
      return customer.username?.startsWith(query.prefix) ?? false;
  }
}

/**
 * Index keys a store keeps beside a customer so that every search is an indexed prefix look-up:
 * `p:` + a phone's digits reversed (the end of a number becomes a prefix), `b:` + a BSUID,
 * `u:` + the username. Keys of a replaced username may linger: `matchesCustomerQuery` decides.
 */
export function searchKeysOf(customer: Pick<Customer, 'identifiers' | 'username' | 'statedPhone'>): string[] {
  const keys = new Set<string>();
  const phone = (value: string) => keys.add(`p:${[...significantDigits(value)].reverse().join('')}`);
  for (const id of customer.identifiers) {
    if (id.kind === 'phone') phone(id.value);
    else if (id.kind === 'bsuid' || id.kind === 'parent-bsuid') keys.add(`b:${id.value}`);
  }
  if (customer.statedPhone) phone(customer.statedPhone);
  if (customer.username) keys.add(`u:${customer.username}`);
  return [...keys];
}

/** The key prefix that finds a query's candidates (see searchKeysOf). */
export function searchKeyPrefix(query: CustomerQuery): { prefix: string; exact: boolean } {
  switch (query.kind) {
    case 'phone':
      // The last 8 digits: both "01712345678" and "8801712345678" end with them.
      return { prefix: `p:${[...query.last8].reverse().join('')}`, exact: false };
    case 'bsuid':
      return { prefix: `b:${query.value}`, exact: true };
    case 'username':
      return { prefix: `u:${query.prefix}`, exact: false };
  }
}
