// "Records" in the customer details: the conversation's transcript as CSV or as a printable
// page for every agent who sees the chat; for admins, everything held about the customer as a
// download (docs/PRIVACY.md).
import { h } from './ui.js';

const enc = encodeURIComponent;

/**
 * @param {import('./context.js').HandoffContext} ctx
 * @param {{ isAdmin: boolean, extra?: import('./ui.js').Child }} options extra: more admin tools after the links
 */
export function recordsSection(ctx, { isAdmin, extra }) {
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
  }
  return h('section', { class: 'ctx-section', 'aria-labelledby': 'ctx-records' },
    h('h3', { id: 'ctx-records' }, 'Records'),
    links.length ? h('div', { class: 'record-links' }, links) : h('p', { class: 'muted' }, 'Nothing to export.'),
    isAdmin ? extra : null);
}
