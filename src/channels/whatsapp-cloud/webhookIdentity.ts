import { identifierOfAddress, normalizeUsername, unionIdentifiers, type CustomerIdentifier, type CustomerIdentity } from '../../domain/identity';
import { readArray, readRecord, readString, type JsonRecord } from '../../meta/jsonShape';

/**
 * Who a webhook message is from, or a status is about, in every identifier Meta sends
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids):
 * - messages: `from` (phone; omitted for a customer whose username hides it), `from_user_id`
 *   (BSUID), `from_parent_user_id` (parent BSUID, when the business enabled them);
 * - statuses: `recipient_id` (phone; omitted when we sent to a BSUID), `recipient_user_id`,
 *   `recipient_parent_user_id` (some SDKs read `parent_recipient_user_id`);
 * - `contacts[]` beside either: `wa_id`, `user_id`, `parent_user_id`, `profile.name` and
 *   `profile.username`, matched to a message or status by phone or BSUID.
 */
interface WebhookContact {
  waId?: string;
  userId?: string;
  parentUserId?: string;
  name?: string;
  username?: string;
}

export function readWebhookContacts(value: JsonRecord): WebhookContact[] {
  return readArray(value, 'contacts').map((contact) => {
    const profile = readRecord(contact, 'profile');
    return {
      waId: readString(contact, 'wa_id'),
      userId: readString(contact, 'user_id'),
      parentUserId: readString(contact, 'parent_user_id'),
      name: readString(profile, 'name'),
      username: readString(profile, 'username'),
    };
  });
}

interface Sighting {
  phone?: string;
  bsuid?: string;
  parent?: string;
}

function contactFor(contacts: WebhookContact[], seen: Sighting): WebhookContact | undefined {
  return contacts.find((c) => (seen.phone !== undefined && c.waId === seen.phone) || (seen.bsuid !== undefined && c.userId === seen.bsuid) || (seen.parent !== undefined && c.parentUserId === seen.parent));
}

/** The address a webhook field holds, by its form: old deliveries and odd ones included. */
function addressIdentifier(value: string | undefined): CustomerIdentifier[] {
  return value ? [identifierOfAddress(value)] : [];
}

function tagged(kind: 'bsuid' | 'parent-bsuid', value: string | undefined): CustomerIdentifier[] {
  return value ? [{ kind, value }] : [];
}

function identityOf(seen: Sighting, contacts: WebhookContact[]): CustomerIdentity | undefined {
  const contact = contactFor(contacts, seen);
  const identifiers = unionIdentifiers(
    [...addressIdentifier(seen.phone ?? contact?.waId), ...tagged('bsuid', seen.bsuid ?? contact?.userId)],
    tagged('parent-bsuid', seen.parent ?? contact?.parentUserId),
  );
  if (identifiers.length === 0) return undefined;
  const identity: CustomerIdentity = { identifiers };
  const username = normalizeUsername(contact?.username);
  if (username) identity.username = username;
  if (contact?.name) identity.profileName = contact.name;
  return identity;
}

/**
 * The sender of one `messages[]` item, or undefined when it names none (nobody to answer).
 * A system notice of a changed number or BSUID adds the new identifier: the same person.
 */
export function senderIdentity(message: JsonRecord, contacts: WebhookContact[]): CustomerIdentity | undefined {
  const identity = identityOf(
    { phone: readString(message, 'from'), bsuid: readString(message, 'from_user_id'), parent: readString(message, 'from_parent_user_id') },
    contacts,
  );
  if (!identity || readString(message, 'type') !== 'system') return identity;
  const system = readRecord(message, 'system');
  const changed = [
    ...addressIdentifier(readString(system, 'wa_id') ?? readString(system, 'new_wa_id')),
    ...tagged('bsuid', readString(system, 'user_id')),
    ...tagged('parent-bsuid', readString(system, 'parent_user_id')),
  ];
  return { ...identity, identifiers: unionIdentifiers(identity.identifiers, changed) };
}

/** The recipient of one `statuses[]` item (a group's statuses name no customer). */
export function recipientIdentity(status: JsonRecord, contacts: WebhookContact[]): CustomerIdentity | undefined {
  if (readString(status, 'recipient_type') === 'group') return undefined;
  return identityOf(
    {
      phone: readString(status, 'recipient_id'),
      bsuid: readString(status, 'recipient_user_id'),
      parent: readString(status, 'recipient_parent_user_id') ?? readString(status, 'parent_recipient_user_id'),
    },
    contacts,
  );
}

/**
 * The customer of one `user_preferences[]` item: `wa_id`, and for a customer with a username
 * `user_id` / `parent_user_id` as in `contacts[]` (the phone may be missing).
 */
export function preferenceIdentity(preference: JsonRecord, contacts: WebhookContact[]): CustomerIdentity | undefined {
  return identityOf(
    { phone: readString(preference, 'wa_id'), bsuid: readString(preference, 'user_id'), parent: readString(preference, 'parent_user_id') },
    contacts,
  );
}
