import type { ChannelName } from './message';
import type { Locale } from './locale';
import { identifierOf, unionIdentifiers, type CustomerIdentifier } from './identity';

export interface Customer {
  /** `${channel}:${address}` of the first contact; opaque afterwards (identifiers find it). */
  id: string;
  channel: ChannelName;
  /** The address of the first contact: a phone number, or a BSUID for a username-only customer. */
  address: string;
  /**
   * Every identifier the channel sent for this customer (phone, BSUID, parent BSUID, a
   * page-scoped id): messages and receipts find the customer by any of them (domain/identity.ts).
   */
  identifiers: CustomerIdentifier[];
  /** WhatsApp username, without "@". */
  username?: string;
  /**
   * A phone number the customer typed when a flow asked for it. Not checked by WhatsApp, so it
   * never addresses or identifies them (anyone can type anyone's number); agents see it as typed.
   */
  statedPhone?: string;
  profileName?: string;
  locale?: Locale;
  tags: string[];
  /** The customer wrote "stop": no surveys or follow-ups until they write again. */
  optedOut: boolean;
  /**
   * What the customer chose in WhatsApp's settings about this shop's marketing messages (the
   * `user_preferences` webhook). `stopped`: marketing templates are not sent to them; service
   * replies inside the 24-hour window still are. No value: they never said (allowed).
   */
  marketing?: { status: 'stopped' | 'resumed'; at: number; detail?: string };
  createdAt: number;
  lastSeenAt: number;
}

/** The phone number the channel gave for this customer, if any. */
export function customerPhone(customer: Pick<Customer, 'identifiers'>): string | undefined {
  return identifierOf(customer.identifiers, 'phone');
}

/**
 * WhatsApp withholds this customer's number: known by a BSUID and no phone (a username).
 * Channels that never have numbers (a Messenger page-scoped id) withhold nothing.
 */
export function phoneWithheld(customer: Pick<Customer, 'identifiers'>): boolean {
  return !customerPhone(customer) && customer.identifiers.some((id) => id.kind === 'bsuid' || id.kind === 'parent-bsuid');
}

/**
 * The survivor of two records of one person: its own fields first, what it lacks from the
 * other; every identifier and tag of both; opted out if either was; the newer marketing choice
 * (the person made it, whichever record heard it); first and last seen of both.
 */
export function mergedCustomer(survivor: Customer, absorbed: Customer): Customer {
  const marketing = [survivor.marketing, absorbed.marketing].reduce((newest, next) => (next && (!newest || next.at > newest.at) ? next : newest), undefined);
  return {
    ...absorbed,
    ...Object.fromEntries(Object.entries(survivor).filter(([, value]) => value !== undefined)),
    id: survivor.id,
    identifiers: unionIdentifiers(survivor.identifiers, absorbed.identifiers),
    tags: [...new Set([...survivor.tags, ...absorbed.tags])],
    optedOut: survivor.optedOut || absorbed.optedOut,
    ...(marketing ? { marketing } : {}),
    createdAt: Math.min(survivor.createdAt, absorbed.createdAt),
    lastSeenAt: Math.max(survivor.lastSeenAt, absorbed.lastSeenAt),
  } as Customer;
}
