// "Records" in the customer details: the conversation's transcript as CSV or as a printable
// page for every agent who sees the chat; for admins, everything held about the customer as a
// download, and the erasure of it all after a typed confirmation (docs/PRIVACY.md).
import { h } from './ui.js';
import { openDialog } from './forms.js';

/** What the admin types to confirm an erasure: deliberate, and the same in every language of the shop. */
const CONFIRM_WORD = 'ERASE';

const enc = encodeURIComponent;

/**
 * @param {import('./context.js').HandoffContext} ctx
 * @param {{ isAdmin: boolean, onErase: (customerId: string) => Promise<void> }} options
 */
export function recordsSection(ctx, { isAdmin, onErase }) {
  const conversationId = ctx.conversation && ctx.conversation.id;
  const customerId = ctx.customer && ctx.customer.id;
  /** @type {HTMLElement[]} */
  const links = [];
  if (conversationId) {
    links.push(
      h('a', { class: 'btn btn-small', href: `/api/conversations/${enc(conversationId)}/transcript?format=csv`, download: '', dataset: { testid: 'transcript-csv' } }, 'Transcript (CSV)'),
      h('a', { class: 'btn btn-small', href: `transcript.html?conversation=${enc(conversationId)}`, target: '_blank', rel: 'noopener', dataset: { testid: 'transcript-print' } }, 'Printable transcript'));
  }
  if (isAdmin && customerId) {
    links.push(h('a', { class: 'btn btn-small', href: `/api/customers/${enc(customerId)}/export`, download: '', dataset: { testid: 'customer-export' } }, 'Download data'));
    links.push(h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', dataset: { testid: 'customer-erase' }, onclick: () => eraseDialog(ctx, onErase) }, 'Erase data…'));
  }
  return h('section', { class: 'ctx-section', 'aria-labelledby': 'ctx-records' },
    h('h3', { id: 'ctx-records' }, 'Records'),
    links.length ? h('div', { class: 'record-links' }, links) : h('p', { class: 'muted' }, 'Nothing to export.'));
}

/**
 * Erasing cannot be undone: the admin types the word to confirm it.
 * @param {import('./context.js').HandoffContext} ctx
 * @param {(customerId: string) => Promise<void>} onErase
 */
function eraseDialog(ctx, onErase) {
  const customer = ctx.customer;
  const who = customer.name ? `${customer.name} (${customer.address})` : customer.address;
  const typed = h('input', { type: 'text', id: 'erase-confirm', name: 'confirm', required: true, autocomplete: 'off', spellcheck: 'false' });
  return openDialog({
    title: 'Erase this customer’s data?',
    description: `Every transcript, collected value, name, number, note and media reference of ${who} is removed for good. Reports keep only anonymous figures. Confirm with the customer first; download the data if they asked for a copy.`,
    testid: 'erase-dialog',
    danger: true,
    fields: [h('div', { class: 'field' }, h('label', { for: 'erase-confirm' }, `Type ${CONFIRM_WORD} to confirm`), typed)],
    submitLabel: 'Erase for good',
    onSubmit: async () => {
      if (typed.value.trim() !== CONFIRM_WORD) throw new Error(`Type ${CONFIRM_WORD} in capitals to confirm.`);
      await onErase(customer.id);
    },
  });
}
