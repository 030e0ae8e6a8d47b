import type { ChannelName } from './message';
import { toAsciiDigits } from './text';

/**
 * How a channel knows a customer. One customer record holds every identifier its channel ever
 * sent for them, and a message or a delivery receipt finds the record by any of them.
 *
 * WhatsApp sends a phone number (`wa_id`, `from`) unless the customer adopted a username and
 * hides it, a business-scoped user id (BSUID, `user_id` / `from_user_id`, e.g.
 * `BD.1427730559018264`), and for businesses that enabled it a parent BSUID shared across their
 * portfolios (`US.ENT.11815799212886844830`)
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids).
 * Messenger and Instagram know a person by a page-scoped id: just another kind of identifier.
 */
export type IdentifierKind = 'phone' | 'bsuid' | 'parent-bsuid' | 'psid' | 'igsid' | 'id';

export interface CustomerIdentifier {
  kind: IdentifierKind;
  value: string;
}

/** What a channel said about who sent (or received) a message. */
export interface CustomerIdentity {
  /** Every identifier the channel gave; the first is the one the channel addressed. */
  identifiers: CustomerIdentifier[];
  /** WhatsApp username (without "@"): shown to agents, searchable, never used to address. */
  username?: string;
  profileName?: string;
}

// A BSUID: an ISO country code, a dot, then letters and digits (a parent BSUID has `ENT.` inside).
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?$/;
const PARENT_BSUID = /^[A-Z]{2}\.ENT\.[A-Za-z0-9]+$/;
const PHONE = /^\+?\d{6,20}$/;

export function isBsuid(value: string): boolean {
  return BSUID.test(value);
}

/**
 * Channels whose addresses are always one kind of id, whatever they look like: Meta's
 * page-scoped ids are digits, and must never be taken for phone numbers.
 */
const ADDRESS_KIND: Readonly<Record<string, IdentifierKind>> = { messenger: 'psid', instagram: 'igsid' };

/**
 * The identifier a bare address stands for: by its channel where that says (ADDRESS_KIND),
 * else by its form. How customers stored before identifiers existed, and channels that send
 * nothing more than an address, are read.
 */
export function identifierOfAddress(address: string, channel?: ChannelName): CustomerIdentifier {
  const kind = channel === undefined ? undefined : ADDRESS_KIND[channel];
  if (kind) return { kind, value: address };
  if (PHONE.test(address)) return { kind: 'phone', value: address.replace(/^\+/, '') };
  if (PARENT_BSUID.test(address)) return { kind: 'parent-bsuid', value: address };
  if (BSUID.test(address)) return { kind: 'bsuid', value: address };
  return { kind: 'id', value: address };
}

/** The identifiers given, or, when there are none, the one the address stands for: how every record and message is known. */
export function identifiersOrAddress(identifiers: readonly CustomerIdentifier[] | undefined, address: string, channel?: ChannelName): CustomerIdentifier[] {
  return identifiers?.length ? [...identifiers] : [identifierOfAddress(address, channel)];
}

export function sameIdentifier(a: CustomerIdentifier, b: CustomerIdentifier): boolean {
  return a.kind === b.kind && a.value === b.value;
}

/** `a` plus those of `b` it lacks, in order. */
export function unionIdentifiers(a: readonly CustomerIdentifier[], b: readonly CustomerIdentifier[]): CustomerIdentifier[] {
  const all = [...a];
  for (const id of b) if (!all.some((known) => sameIdentifier(known, id))) all.push(id);
  return all;
}

export function identifierOf(identifiers: readonly CustomerIdentifier[] | undefined, kind: IdentifierKind): string | undefined {
  return identifiers?.find((id) => id.kind === kind)?.value;
}

/** A username as agents see it and search it: without "@", lower case (WhatsApp usernames are). */
export function normalizeUsername(username: string | undefined): string | undefined {
  const bare = username?.trim().replace(/^@+/, '').toLowerCase();
  return bare ? bare : undefined;
}

/** Digits of a phone number a customer shared or typed ("+880 1712-345678" → "8801712345678"). */
export function phoneDigits(phone: string): string | undefined {
  const digits = toAsciiDigits(phone.normalize('NFKC')).replace(/[\s().-]/g, '').replace(/^\+/, '');
  return /^\d{6,20}$/.test(digits) ? digits : undefined;
}
