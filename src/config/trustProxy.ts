import net from 'node:net';

/** What express's `trust proxy` accepts from us: nothing, a hop count, or addresses and subnets. */
export type TrustProxy = false | number | string[];

// Names proxy-addr (express) knows for ranges of private addresses.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY → the express setting, or a message saying what is wrong. `true` is refused on
 * purpose: trusting every hop lets any client choose its own address with X-Forwarded-For.
 */
export function parseTrustProxy(value: string): TrustProxy | string {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'off' || text === 'false' || text === '0') return false;
  if (text === 'true') return 'must be off, a hop count (e.g. 1) or addresses/subnets (e.g. 10.0.0.0/8,loopback); "true" would let any client choose its own IP';
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  const wrong = entries.filter((entry) => !RANGE_NAMES.has(entry) && !isAddressOrSubnet(entry));
  if (wrong.length > 0) return `"${wrong.join('", "')}" is not an IP address, a subnet (a.b.c.d/n) or one of loopback, linklocal, uniquelocal`;
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
