import { identifierOf, identifierOfAddress, type CustomerIdentifier } from '../../domain/identity';
import type { OutboundMessage } from '../../domain/message';

/**
 * Who a Graph API message goes to: `to` is a phone number, `recipient` a BSUID or parent BSUID.
 * When both are given Meta uses `to`, and Meta asks to send to the phone number whenever it is
 * known (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids):
 * so a customer with a phone gets `to`, and a customer known only by username gets `recipient`.
 */
export type GraphRecipient = { to: string; recipient?: string } | { to?: undefined; recipient: string };

export function graphRecipient(message: Pick<OutboundMessage, 'to' | 'identifiers'>): GraphRecipient {
  const known: CustomerIdentifier[] = [...(message.identifiers ?? []), identifierOfAddress(message.to)];
  const phone = identifierOf(known, 'phone');
  // The business's own BSUID before the parent one: it is the one this number's webhooks carry.
  const bsuid = identifierOf(known, 'bsuid') ?? identifierOf(known, 'parent-bsuid');
  if (phone) return bsuid ? { to: phone, recipient: bsuid } : { to: phone };
  if (bsuid) return { recipient: bsuid };
  // Neither form recognised: let Meta judge the address as it always did.
  return { to: message.to };
}
