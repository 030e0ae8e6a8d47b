// One conversation on a page made to print (GET /api/conversations/{id}/transcript), opened from
// the console's customer details with ?conversation=<id>; the CSV link downloads the same lines.
import { api, describeError } from './api.js';
import { h, fill, langOf } from './ui.js';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const status = byId('status');

/**
 * @param {string | undefined} at ISO time
 */
const when = (at) => (at ? new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/**
 * @param {{ sender: string, agentName?: string }} line
 */
function from(line) {
  if (line.sender === 'customer') return 'Customer';
  if (line.sender === 'agent') return `Agent ${line.agentName || ''}`.trim();
  return line.sender === 'system' ? 'Bot (system)' : 'Bot';
}

async function show() {
  const id = new URLSearchParams(location.search).get('conversation');
  if (!id) {
    status.textContent = 'No conversation given: open this page from a chat\u2019s customer details.';
    return;
  }
  try {
    const transcript = await api.transcript(id);
    const customer = transcript.customer || {};
    document.title = `Transcript ${customer.name || customer.address || ''} — Agent console`.replace('  ', ' ');
    byId('title').textContent = `Conversation with ${customer.name || (customer.address ? '+' + customer.address : 'a customer')}`;
    const facts = [
      ['Customer', [customer.name, customer.address && '+' + customer.address].filter(Boolean).join(' · ') || '—'],
      ['Channel', transcript.conversation.channel],
      ['Started', when(transcript.conversation.createdAt)],
      ['Closed', transcript.conversation.closedAt ? when(transcript.conversation.closedAt) : 'still open'],
      ['Exported', `${when(transcript.exportedAt)} by ${transcript.exportedBy}`],
    ];
    fill(byId('facts'), facts.map(([key, value]) => [h('dt', {}, key), h('dd', {}, value)]));
    fill(byId('lines'), transcript.lines.map((/** @type {{ sender: string, agentName?: string, at: string, text: string, type: string }} */ line) =>
      h('tr', { class: line.sender === 'customer' ? 'from-customer' : '' },
        h('td', { class: 'when' }, when(line.at)),
        h('td', { class: 'who' }, from(line)),
        h('td', { class: 'text', lang: langOf(line.text) }, line.text || `(${line.type})`))));
    const csv = /** @type {HTMLAnchorElement} */ (byId('csv-link'));
    csv.href = `/api/conversations/${encodeURIComponent(id)}/transcript?format=csv`;
    csv.hidden = false;
    const print = byId('print');
    print.addEventListener('click', () => window.print());
    print.hidden = false;
    byId('sheet').hidden = false;
    status.textContent = `${transcript.lines.length} messages.`;
    status.classList.add('no-print');
  } catch (error) {
    const refused = /** @type {{ status?: number } | undefined} */ (error);
    status.textContent = refused?.status === 401 ? 'Log in at the agent console first.' : describeError(error);
  }
}

show();
