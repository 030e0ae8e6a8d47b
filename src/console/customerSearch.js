// "Find a customer" in the left column: by phone number, WhatsApp username or business-scoped
// id (GET /api/customers?q=). Each result lists the customer's chats this agent may open.
import { api, describeError } from './api.js';
import { h, fill, formatTime } from './ui.js';
import { customerSubtitles, customerTitle } from './customerLabel.js';

/**
 * @typedef {{ id: string, status: string, team: string, queuedAt: string }} CustomerChat
 * @typedef {import('./customerLabel.js').CustomerNames & { lastSeenAt?: string, handoffs: CustomerChat[] }} FoundCustomer
 */

/**
 * @param {{ root: HTMLElement, onOpen: (handoffId: string) => void }} options
 */
export function createCustomerSearch({ root, onOpen }) {
  const form = /** @type {HTMLFormElement} */ (root.querySelector('#customer-search'));
  const input = /** @type {HTMLInputElement} */ (root.querySelector('#customer-query'));
  const results = /** @type {HTMLElement} */ (root.querySelector('#customer-results'));

  /** @param {FoundCustomer} customer */
  function result(customer) {
    return h('li', { class: 'qitem', dataset: { testid: 'customer-result' } },
      h('p', { class: 'qitem-reason' }, customerTitle(customer)),
      h('p', { class: 'qitem-summary' }, [...customerSubtitles(customer), customer.channel || ''].filter(Boolean).join(' · ')),
      customer.handoffs.length
        ? h('ul', { class: 'chips' }, customer.handoffs.map((chat) =>
            h('li', {}, h('button', { type: 'button', class: 'btn btn-small', onclick: () => onOpen(chat.id) }, `${chat.team} · ${chat.status} · ${formatTime(chat.queuedAt)}`))))
        : h('p', { class: 'muted' }, 'No chats with people you can open.'));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return fill(results);
    fill(results, h('li', { class: 'muted' }, 'Searching…'));
    try {
      const { customers } = /** @type {{ customers: FoundCustomer[] }} */ (await api.searchCustomers(query));
      fill(results, ...(customers.length ? customers.map(result) : [h('li', { class: 'muted' }, 'No customer found.')]));
    } catch (error) {
      fill(results, h('li', { class: 'form-error', role: 'alert' }, describeError(error)));
    }
  });
}
