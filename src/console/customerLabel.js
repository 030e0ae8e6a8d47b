// How the console names a customer: their WhatsApp profile name, their @username, their
// number, or that WhatsApp withholds the number (a customer known only by a username).
import { formatAddress } from './ui.js';

/**
 * The customer fields of GET /api/handoffs/{id} and GET /api/customers (docs/openapi.yaml).
 * @typedef {{ id?: string, name?: string, username?: string, phone?: string, phoneWithheld?: boolean, statedPhone?: string, address?: string, channel?: string }} CustomerNames
 */

/**
 * The number as agents read it: "+8801711000001"; "phone withheld" when WhatsApp does not
 * share it (with the number the customer typed, if they did); the address as its channel spells it otherwise.
 * @param {CustomerNames} customer
 * @returns {string | null}
 */
export function customerNumber(customer) {
  if (customer.phone) return formatAddress('whatsapp-cloud', customer.phone);
  if (customer.phoneWithheld) return customer.statedPhone ? `phone withheld (they typed ${customer.statedPhone})` : 'phone withheld';
  return customer.address ? formatAddress(customer.channel, customer.address) : null;
}

/**
 * The heading for a customer: name, else @username, else number.
 * @param {CustomerNames} customer
 */
export function customerTitle(customer) {
  if (customer.name) return customer.name;
  if (customer.username) return '@' + customer.username;
  return (customer.phone || !customer.phoneWithheld ? customerNumber(customer) : null) || 'Customer';
}

/**
 * What the heading does not already say: @username and the number (or "phone withheld").
 * @param {CustomerNames} customer
 * @returns {string[]}
 */
export function customerSubtitles(customer) {
  const title = customerTitle(customer);
  const number = customerNumber(customer);
  return [customer.username ? '@' + customer.username : null, number].filter((s) => s !== null && s !== title).map(String);
}
