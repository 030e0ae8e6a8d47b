// The right column: what the bot learned before the handoff (collected values, intents,
// reason, mood), who the customer is, their earlier chats, and the agents' private notes.
import { h, fill, flatten, formatTime, sentimentLabel, channelName, LANGUAGE_NAMES } from './ui.js';
import { recordsSection } from './records.js';
import { customerNumber } from './customerLabel.js';

/** @type {Record<string, string>} */
const TRIGGER_LABEL = {
  'customer-request': 'Customer asked for a person',
  flow: 'A flow handed over',
  misunderstood: 'The bot did not understand',
  'ask-failed': 'The customer could not answer a question',
  sentiment: 'The customer seemed upset',
  rule: 'A rule handed over',
  'erasure-request': 'The customer asked to delete their data',
};

/**
 * @param {string} title
 * @param {string} id
 * @param {...import('./ui.js').Child} body
 */
function section(title, id, ...body) {
  return h('section', { class: 'ctx-section', 'aria-labelledby': id },
    h('h3', { id }, title),
    ...body);
}

/**
 * @param {string[][]} rows [label, value] pairs
 * @param {{ testid?: string }} [options]
 */
function definitionList(rows, { testid } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, 'Nothing yet.');
  return h('dl', { class: 'kv', dataset: testid ? { testid } : undefined },
    rows.map(([key, value]) => [h('dt', {}, key), h('dd', { lang: /[\u0980-\u09FF]/.test(value) ? 'bn' : undefined }, value)]));
}

/**
 * What GET /api/handoffs/{id} answers (src/http/api/handoffContext.ts).
 * @typedef {import('./api.js').ApiData} HandoffContext
 */

/**
 * @param {{ root: HTMLElement, getMeId: () => string | null, isAdmin: () => boolean, onAddNote: (text: string) => Promise<void>, onErase: (customerId: string) => Promise<void>, onCloseDrawer: () => void }} options
 */
export function createContextPanel({ root, getMeId, isAdmin, onAddNote, onErase, onCloseDrawer }) {
  /** @type {Map<string, string>} */
  let agentNames = new Map();
  let draft = '';

  /** @param {HandoffContext} ctx */
  function notesSection(ctx) {
    /** @type {{ agentId: string, text: string, at: number }[]} */
    const notes = [...(ctx.handoff.notes || [])].sort((a, b) => a.at - b.at);
    const textarea = h('textarea', { id: 'note-text', name: 'note', rows: 2, required: true, maxlength: 4000, placeholder: 'Only agents see notes', oninput: (/** @type {InputEvent} */ e) => { draft = /** @type {HTMLTextAreaElement} */ (e.target).value; } });
    textarea.value = draft;
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn-small' }, 'Add note');
    const form = h('form', { class: 'note-form', onsubmit: async (/** @type {SubmitEvent} */ e) => {
      e.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        error.textContent = 'Write the note first.';
        error.hidden = false;
        textarea.focus();
        return;
      }
      submit.disabled = true;
      error.hidden = true;
      try {
        await onAddNote(text);
        draft = '';
        textarea.value = '';
      } catch (err) {
        error.textContent = /** @type {Error} */ (err).message;
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    } },
      h('label', { for: 'note-text', class: 'sr-only' }, 'New private note'),
      textarea, error, submit);
    // Only the agent holding the chat writes in it (the server refuses anyone else too).
    const mayWrite = ctx.handoff.status !== 'queued' && ctx.handoff.agentId === getMeId();
    const holder = ctx.handoff.agent && ctx.handoff.agent.name;
    return section('Private notes', 'ctx-notes',
      notes.length
        ? h('ul', { class: 'notes', dataset: { testid: 'notes' } }, notes.map((n) => h('li', { class: 'note' },
            h('p', { class: 'note-text', lang: /[\u0980-\u09FF]/.test(n.text) ? 'bn' : undefined }, n.text),
            h('p', { class: 'note-meta' }, `${agentNames.get(n.agentId) || 'An agent'} · ${formatTime(n.at)}`))))
        : h('p', { class: 'muted', dataset: { testid: 'notes' } }, 'No notes yet.'),
      mayWrite ? form : h('p', { class: 'muted', dataset: { testid: 'notes-readonly' } }, ctx.handoff.status === 'queued' ? 'Claim this chat to add notes.' : `Only ${holder || 'the agent holding this chat'} can add notes.`));
  }

  /** @param {HandoffContext} ctx */
  function render(ctx) {
    const { handoff, conversation, customer, previous } = ctx;
    const values = conversation ? flatten(conversation.values || {}) : [];
    /** @type {{ intent: string, confidence: number, at: number }[]} */
    const intents = conversation ? [...(conversation.intents || [])].reverse() : [];
    const lang = (customer && customer.locale) || (conversation && conversation.locale) || handoff.locale;
    fill(root,
      // Only shown when the panel is a drawer (narrow screens).
      h('div', { class: 'context-drawer-head' },
        h('button', { type: 'button', class: 'btn btn-small context-close', onclick: () => onCloseDrawer() }, 'Close details')),
      section('Handoff', 'ctx-handoff', definitionList([
        ['Reason', handoff.reason],
        ['Trigger', TRIGGER_LABEL[handoff.trigger] || handoff.trigger],
        ['Team', handoff.team],
        ['Priority', handoff.priority],
        ['Sentiment', sentimentLabel(conversation ? conversation.sentiment ?? handoff.sentiment : handoff.sentiment)],
        ['Queued', formatTime(handoff.queuedAt)],
        ...(handoff.resolution ? [['Resolution', handoff.resolution]] : []),
      ])),
      section('Collected values', 'ctx-values', definitionList(values, { testid: 'values' })),
      section('Intents matched', 'ctx-intents', intents.length
        ? h('ul', { class: 'chips' }, intents.map((i) => h('li', { class: 'chip', title: `${formatTime(i.at)}, confidence ${Math.round(i.confidence * 100)}%` }, `${i.intent} · ${Math.round(i.confidence * 100)}%`)))
        : h('p', { class: 'muted' }, 'None.')),
      section('Customer', 'ctx-customer', customer
        ? definitionList([
            ['Name', customer.name || '(no name)'],
            ...(customer.username ? [['Username', '@' + customer.username]] : []),
            [customer.channel === 'messenger' || customer.channel === 'instagram' ? 'Id on the channel' : 'Number', customerNumber(customer) || 'unknown'],
            ['Channel', channelName(customer.channel)],
            ['Language', LANGUAGE_NAMES[lang] || lang || 'unknown'],
            ['Tags', customer.tags && customer.tags.length ? customer.tags.join(', ') : 'none'],
            ['First seen', formatTime(customer.firstSeenAt)],
            // Set in WhatsApp by the customer (user_preferences); marketing templates are refused while stopped.
            ['Marketing messages', customer.marketing ? `${customer.marketing.status === 'stopped' ? 'stopped by the customer' : 'resumed'} · ${formatTime(customer.marketing.at)}` : 'allowed'],
          ], { testid: 'customer' })
        : h('p', { class: 'muted' }, 'Unknown customer.')),
      section('Previous conversations', 'ctx-previous', previous && previous.length
        ? h('ul', { class: 'previous' }, previous.map((/** @type {{ team: string, queuedAt: string, status: string, csat?: number, reason: string, resolution?: string }} */ p) => h('li', {},
            h('p', { class: 'prev-top' }, h('span', { class: 'badge badge-team' }, p.team), ` ${formatTime(p.queuedAt)} · ${p.status}`, p.csat ? ` · rated ${p.csat}/5` : ''),
            h('p', {}, p.reason),
            p.resolution ? h('p', { class: 'muted' }, `Resolution: ${p.resolution}`) : null)))
        : h('p', { class: 'muted' }, 'First time with a person.')),
      notesSection(ctx),
      recordsSection(ctx, { isAdmin: isAdmin(), onErase }));
  }

  return {
    /** @param {{ id: string, name: string }[]} agents */
    setAgents(agents) {
      agentNames = new Map(agents.map((a) => [a.id, a.name]));
    },
    /** @param {HandoffContext} ctx */
    render(ctx) {
      // Keep the note being typed (and its focus) across live re-renders.
      const typing = document.activeElement && document.activeElement.id === 'note-text';
      render(ctx);
      if (typing) /** @type {HTMLElement} */ (root.querySelector('#note-text')).focus();
    },
    reset() {
      draft = '';
      root.replaceChildren();
    },
  };
}
