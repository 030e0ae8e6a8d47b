import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where outbound HTTP may go (server-side request forgery: docs/SECURITY.md). A URL comes from
 * an agent (an attachment link) or a flow file filled with customer text (a lookup), so the bot
 * must not be a way into the machine or the shop's network: by default only public addresses,
 * checked on the address actually connected to (after DNS, on every request of a redirect chain,
 * so a name that resolves to 127.0.0.1 or changes its answer between two requests gets nowhere).
 */
export class BlockedAddressError extends Error {
  constructor(host: string) {
    super(`${host} is not a public address; outbound HTTP goes to public addresses only (OUTBOUND_PRIVATE_HOSTS)`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * Public unicast only. ipaddr.js names every special range (RFC 6890 and its IPv6 kin): private,
 * loopback, link-local (cloud metadata at 169.254.169.254), unique-local, carrier-grade NAT,
 * multicast, reserved, 6to4 and NAT64 prefixes that can wrap a private IPv4... Anything but
 * `unicast` is refused; `process` unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1) first.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** An entry of OUTBOUND_PRIVATE_HOSTS / OUTBOUND_HTTP_HOSTS (`host` or `host:port`) matches this URL. */
export function hostListed(url: URL, hosts: readonly string[]): boolean {
  if (hosts.length === 0) return false;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return hosts.some((entry) => entry === host || entry === `${host}:${port}`);
}

/** `[::1]` → `::1`: URL keeps the brackets of an IPv6 literal. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The `lookup` of the sockets that may reach public addresses only: Node's resolver, then every
 * answer checked; one private answer refuses the name (a name with a public and a private
 * address must not get through on the second try). Node calls it for host names only, so
 * address literals are checked before the request (`checkLiteral`).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => !isPublicAddress(a.address))) return callback(new BlockedAddressError(hostname), '', 0);
    if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

/** An address literal in the URL (no DNS, so the lookup above never sees it): refused unless public. */
export function checkLiteral(url: URL): void {
  const host = bareHost(url);
  if (net.isIP(host) && !isPublicAddress(host)) throw new BlockedAddressError(host);
}

/**
 * An attachment link an agent gives, checked when it is sent (the console shows it, WhatsApp or
 * the bot fetches it): the link rule below, and no address literal or `localhost` that is not
 * public unless OUTBOUND_PRIVATE_HOSTS names it. Names are resolved only when the bot fetches
 * the file (the transport checks every connection); Meta fetches Cloud API links itself.
 */
export function attachmentLinkProblem(link: string, hosts: { httpHosts: readonly string[]; privateHosts: readonly string[] }): string | null {
  if (!URL.canParse(link)) return 'not a valid link';
  const url = new URL(link);
  const problem = linkProblem(url, hosts.httpHosts);
  if (problem) return problem;
  const host = bareHost(url).toLowerCase();
  const local = (net.isIP(host) && !isPublicAddress(host)) || host === 'localhost' || host.endsWith('.localhost');
  return local && !hostListed(url, hosts.privateHosts) ? 'the link points to a private address' : null;
}

/**
 * The scheme rule of links the bot fetches or hands on (attachment links, flow lookups):
 * `https:`, or `http:` for a host the configuration names. No user info (`user:pass@`): it
 * would be sent along to wherever the link points. Returns what is wrong, or null.
 */
export function linkProblem(url: URL, httpHosts: readonly string[]): string | null {
  if (url.username || url.password) return 'a link must not carry a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && hostListed(url, httpHosts)) return null;
  return url.protocol === 'http:' ? 'the link must start with https:// (plain http is allowed only for hosts in OUTBOUND_HTTP_HOSTS)' : 'the link must start with https://';
}
