// Modal forms (native <dialog>: focus stays inside, Esc cancels, focus returns afterwards)
// for transfer, close, hand back, attachments and WhatsApp templates; and the canned-replies
// picker that drops a reply into the reply box in the customer's language.
import { h, fill } from './ui.js';
import { describeError } from './api.js';

/**
 * Shows a form in a modal dialog. `onSubmit(form)` may throw: the message is shown in the
 * dialog, which stays open. Resolves true when submitted, false when cancelled.
 * @param {{ title: string, description?: string, fields: import('./ui.js').Child, submitLabel: string, danger?: boolean, onSubmit: (form: HTMLFormElement) => Promise<void>, testid?: string }} options
 * @returns {Promise<boolean>}
 */
export function openDialog({ title, description, fields, submitLabel, danger = false, onSubmit, testid }) {
  return new Promise((resolve) => {
    const opener = /** @type {HTMLElement | null} */ (document.activeElement);
    const titleId = 'dlg-title-' + Math.random().toString(36).slice(2);
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}` }, submitLabel);
    const cancel = h('button', { type: 'button', class: 'btn', onclick: () => finish(false) }, 'Cancel');
    const form = h('form', { class: 'dialog-form', novalidate: false },
      h('h2', { id: titleId }, title),
      description ? h('p', { class: 'dialog-desc' }, description) : null,
      fields,
      error,
      h('div', { class: 'dialog-actions' }, cancel, submit));
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, dataset: testid ? { testid } : undefined }, form);
    let done = false;

    /** @param {boolean} result */
    function finish(result) {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
      resolve(result);
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      submit.disabled = true;
      error.hidden = true;
      try {
        await onSubmit(form);
        finish(true);
      } catch (err) {
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    /** @type {HTMLElement | null} */
    const first = form.querySelector('input:not([type=hidden]):not([type=radio]), select, textarea, input[type=radio]:checked');
    (first || submit).focus();
  });
}

/**
 * A labelled control, with a hint the control is described by.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
function field(label, control, hint) {
  const id = control.id || (control.id = 'f-' + Math.random().toString(36).slice(2));
  const hintId = hint ? id + '-hint' : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

/** @param {{ onClose: (resolution: string) => Promise<void> }} options */
export function closeDialog({ onClose }) {
  const resolution = h('textarea', { name: 'resolution', rows: 3, required: true, maxlength: 500, placeholder: 'e.g. Shared the tracking code; delivery expected tomorrow' });
  const suggestions = ['Question answered', 'Order status shared', 'Refund started', 'Exchange arranged', 'Delivery rescheduled'];
  return openDialog({
    title: 'Close chat',
    description: 'The customer is then asked "How did we do?". Write what was done, for the record.',
    testid: 'close-dialog',
    fields: [
      field('Resolution (required)', resolution),
      h('div', { class: 'chips', role: 'group', 'aria-label': 'Common resolutions' },
        suggestions.map((s) => h('button', { type: 'button', class: 'chip chip-button', onclick: () => { resolution.value = s; resolution.focus(); } }, s))),
    ],
    submitLabel: 'Close chat',
    onSubmit: async () => {
      const text = resolution.value.trim();
      if (!text) throw new Error('Write the resolution first.');
      await onClose(text);
    },
  });
}

/** @param {{ title: string, description: string, submitLabel: string, onConfirm: () => Promise<void>, danger?: boolean }} options */
export function confirmDialog({ title, description, submitLabel, onConfirm, danger }) {
  return openDialog({ title, description, fields: [], submitLabel, danger, onSubmit: onConfirm });
}

/**
 * @param {{ teams: string[], agents: { id: string, name: string, role: string, teams: string[] }[], currentTeam: string, meId: string, onTransfer: (to: { team: string } | { agentId: string }) => Promise<void> }} options
 */
export function transferDialog({ teams, agents, currentTeam, meId, onTransfer }) {
  const others = agents.filter((a) => a.id !== meId);
  const toTeam = h('input', { type: 'radio', name: 'target', value: 'team', checked: true, id: 'tr-team-radio' });
  const toAgent = h('input', { type: 'radio', name: 'target', value: 'agent', id: 'tr-agent-radio', disabled: others.length === 0 });
  const team = h('select', { name: 'team', id: 'tr-team' }, teams.map((t) => h('option', { value: t, selected: t === currentTeam ? true : undefined }, t === currentTeam ? `${t} (current)` : t)));
  const agent = h('select', { name: 'agent', id: 'tr-agent', disabled: true },
    others.length ? others.map((a) => h('option', { value: a.id }, `${a.name} — ${a.role}, ${a.teams.join(', ')}`)) : h('option', { value: '' }, 'No other agent is active'));
  const sync = () => {
    team.disabled = !toTeam.checked;
    agent.disabled = !toAgent.checked;
  };
  toTeam.addEventListener('change', sync);
  toAgent.addEventListener('change', sync);
  return openDialog({
    title: 'Transfer chat',
    description: 'To a team: the chat goes back to that team\u2019s queue. To an agent: they hold it at once.',
    testid: 'transfer-dialog',
    fields: [
      h('fieldset', { class: 'radio-group' },
        h('legend', {}, 'Transfer to'),
        h('div', { class: 'radio-row' }, toTeam, h('label', { for: 'tr-team-radio' }, 'A team')), field('Team', team),
        h('div', { class: 'radio-row' }, toAgent, h('label', { for: 'tr-agent-radio' }, 'An agent')), field('Agent', agent)),
    ],
    submitLabel: 'Transfer',
    onSubmit: async () => {
      if (toTeam.checked) await onTransfer({ team: team.value });
      else {
        if (!agent.value) throw new Error('Choose an agent.');
        await onTransfer({ agentId: agent.value });
      }
    },
  });
}

/** @param {{ onSend: (attachment: import('./api.js').Attachment) => Promise<void> }} options */
export function attachmentDialog({ onSend }) {
  const kind = h('select', { name: 'kind' }, h('option', { value: 'image' }, 'Image'), h('option', { value: 'document' }, 'Document (PDF, invoice…)'));
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://…', maxlength: 2000 });
  const caption = h('input', { type: 'text', name: 'caption', maxlength: 1024 });
  const filename = h('input', { type: 'text', name: 'filename', maxlength: 200, placeholder: 'invoice-204518.pdf' });
  const filenameField = field('File name (shown to the customer)', filename);
  const sync = () => { filenameField.hidden = kind.value !== 'document'; };
  kind.addEventListener('change', sync);
  sync();
  return openDialog({
    title: 'Send an attachment',
    description: 'WhatsApp fetches the file from this address; it must be public (https).',
    testid: 'attachment-dialog',
    fields: [field('Kind', kind), field('File address (URL)', url), field('Caption (optional)', caption), filenameField],
    submitLabel: 'Send',
    onSubmit: async () => {
      /** @type {import('./api.js').Attachment} */
      const attachment = { kind: /** @type {'image' | 'document'} */ (kind.value), url: url.value.trim() };
      if (caption.value.trim()) attachment.caption = caption.value.trim();
      if (kind.value === 'document' && filename.value.trim()) attachment.filename = filename.value.trim();
      await onSend(attachment);
    },
  });
}

/**
 * An approved template as GET /api/templates lists it.
 * @typedef {{ name: string, language: string, title?: string, parameters: string[] }} ApprovedTemplate
 */

/**
 * `templates`: the approved ones ops listed (GET /api/templates). Picking one fills its name
 * and language and shows what each parameter is; "Other" leaves both to be typed.
 * @param {{ language?: string, explanation?: string, templates?: ApprovedTemplate[], onSend: (template: import('./api.js').TemplateMessage) => Promise<void> }} options
 */
export function templateDialog({ language, explanation, templates = [], onSend }) {
  const name = h('input', { type: 'text', name: 'name', required: true, pattern: '[a-z0-9_]+', placeholder: 'order_followup', autocomplete: 'off' });
  const lang = h('input', { type: 'text', name: 'language', required: true, minlength: 2, maxlength: 10, value: language || 'en' });
  const params = h('textarea', { name: 'parameters', rows: 3, placeholder: 'One per line, in order: {{1}}, {{2}}, …' });
  const label = (/** @type {ApprovedTemplate} */ t) => `${t.title || t.name} · ${t.name} (${t.language})`;
  const preferred = templates.findIndex((t) => t.language === language || t.language.startsWith(`${language}_`));
  const picker = h('select', { name: 'approved', onchange: () => choose(picker.value) },
    templates.map((t, i) => h('option', { value: String(i), selected: i === preferred ? true : undefined }, label(t))),
    h('option', { value: 'other', selected: templates.length === 0 || preferred < 0 ? true : undefined }, 'Other (type its name)'));
  /** @param {string} value */
  function choose(value) {
    const t = templates[Number(value)];
    name.readOnly = lang.readOnly = Boolean(t);
    if (!t) return;
    name.value = t.name;
    lang.value = t.language;
    params.placeholder = t.parameters.length ? t.parameters.map((p, i) => `{{${i + 1}}} ${p}`).join('\n') : 'This template has no parameters';
    params.rows = Math.max(2, t.parameters.length);
  }
  choose(picker.value);
  return openDialog({
    title: 'Send a WhatsApp template',
    description: explanation || 'The customer last wrote more than 24 hours ago. WhatsApp then allows only templates it approved beforehand.',
    testid: 'template-dialog',
    fields: [
      templates.length ? field('Approved template', picker, 'The ones listed in flows/canned/templates.yaml.') : null,
      field('Template name', name, 'As approved in WhatsApp Manager: lower-case letters, digits and _.'),
      field('Language code', lang, 'e.g. bn, en or en_US, as the template was approved.'),
      field('Parameters', params, 'One per line, in order.'),
    ],
    submitLabel: 'Send template',
    onSubmit: async () => {
      const parameters = params.value.split('\n').map((p) => p.trim()).filter(Boolean);
      await onSend({ name: name.value.trim(), language: lang.value.trim(), parameters });
    },
  });
}

/**
 * A canned reply of GET /api/canned-replies.
 * @typedef {{ id: string, title: string, text: { en?: string, bn?: string } }} CannedReply
 */

/**
 * A popover listing canned replies, filterable by typing; picking one inserts its text (in
 * `getLanguage()`, falling back to the other language) at the reply box's cursor.
 * @param {{ button: HTMLButtonElement, textarea: HTMLTextAreaElement, loadReplies: () => Promise<CannedReply[]>, getLanguage: () => string }} options
 */
export function createCannedPicker({ button, textarea, loadReplies, getLanguage }) {
  const popover = h('div', { class: 'canned', id: 'canned-picker', hidden: true, role: 'dialog', 'aria-label': 'Canned replies' });
  const search = h('input', { type: 'search', class: 'canned-search', placeholder: 'Filter replies…', 'aria-label': 'Filter canned replies', autocomplete: 'off' });
  const list = h('ul', { class: 'canned-list', role: 'listbox', 'aria-label': 'Canned replies' });
  popover.append(search, list);
  button.after(popover);
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'canned-picker');

  /** @type {CannedReply[]} */
  let replies = [];
  let active = 0;

  /** @param {CannedReply} reply */
  const textFor = (reply) => {
    const lang = getLanguage() === 'bn' ? 'bn' : 'en';
    return reply.text[lang] || reply.text[lang === 'bn' ? 'en' : 'bn'] || '';
  };

  function matches() {
    const q = search.value.trim().toLowerCase();
    return replies.filter((r) => !q || r.title.toLowerCase().includes(q) || (r.text.en || '').toLowerCase().includes(q) || (r.text.bn || '').includes(q));
  }

  function render() {
    const items = matches();
    active = Math.min(active, Math.max(0, items.length - 1));
    const lang = getLanguage() === 'bn' ? 'bn' : 'en';
    fill(list, items.length
      ? items.map((r, i) => h('li', { role: 'option', id: 'canned-' + i, class: 'canned-item' + (i === active ? ' is-active' : ''), 'aria-selected': i === active ? 'true' : 'false', dataset: { id: r.id }, onmousedown: (/** @type {MouseEvent} */ e) => e.preventDefault(), onclick: () => pick(r) },
          h('span', { class: 'canned-title' }, r.title),
          h('span', { class: 'canned-text', lang: r.text[lang] ? lang : undefined }, textFor(r))))
      : h('li', { class: 'empty' }, replies.length ? 'No reply matches.' : 'No canned replies yet (flows/canned/replies.yaml).'));
    search.setAttribute('aria-activedescendant', items.length ? 'canned-' + active : '');
  }

  /** @param {CannedReply} reply */
  function pick(reply) {
    const text = textFor(reply);
    const start = textarea.selectionStart ?? textarea.value.length;
    const end = textarea.selectionEnd ?? textarea.value.length;
    textarea.setRangeText(text, start, end, 'end');
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    hide();
    textarea.focus();
  }

  async function show() {
    popover.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    search.value = '';
    active = 0;
    fill(list, h('li', { class: 'empty' }, 'Loading…'));
    search.focus();
    try {
      replies = await loadReplies();
    } catch (err) {
      replies = [];
      fill(list, h('li', { class: 'empty' }, describeError(err)));
      return;
    }
    render();
  }

  function hide() {
    popover.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }

  button.addEventListener('click', () => (popover.hidden ? show() : hide()));
  search.addEventListener('input', () => { active = 0; render(); });
  search.addEventListener('keydown', (e) => {
    const items = matches();
    if (e.key === 'ArrowDown') { e.preventDefault(); active = Math.min(items.length - 1, active + 1); render(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); active = Math.max(0, active - 1); render(); }
    else if (e.key === 'Enter') { e.preventDefault(); if (items[active]) pick(items[active]); }
    else if (e.key === 'Escape') { e.preventDefault(); hide(); button.focus(); }
  });
  document.addEventListener('click', (e) => {
    if (!popover.hidden && !popover.contains(/** @type {Node | null} */ (e.target)) && e.target !== button) hide();
  });

  return { hide };
}
