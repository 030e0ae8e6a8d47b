// The Flows page's Form tab: the common edits without YAML. Texts in each language, the example
// phrases of each intent, the buttons of each reply. Every change goes to the server, which
// writes it into the same YAML (only the characters of that value change; comments and layout
// stay), and the editor takes the new text: both views always show one draft.
import { api, describeError } from './api.js';
import { h, fill } from './ui.js';

/**
 * @typedef {(string | number)[]} YamlPath
 * @typedef {{ path: YamlPath, label: string, values: { en?: string, bn?: string, all?: string } }} FormText
 * @typedef {{ path: YamlPath, label: string, en: string[], bn: string[] }} FormExamples
 * @typedef {{ path: YamlPath, label: string, items: { id: string, title: string, does: string }[] }} FormButtons
 * @typedef {{ texts: FormText[], examples: FormExamples[], buttons: FormButtons[], steps: string[] }} FormModel
 * @typedef {{ op: 'set' | 'append', path: YamlPath, value: string } | { op: 'remove', path: YamlPath } | { op: 'appendItem', path: YamlPath, item: Record<string, unknown> }} FormEdit
 */

const LANGUAGES = /** @type {const} */ ([['en', 'English'], ['bn', 'বাংলা']]);

/**
 * @param {{ root: HTMLElement, getDraft: () => { file: string, text: string } | null, setText: (text: string) => void, getFlowIds: () => string[] }} options
 */
export function createFormView({ root, getDraft, setText, getFlowIds }) {
  const status = h('p', { class: 'muted', role: 'status' });
  /** Example lists left open, kept open when the form is drawn again after an edit. */
  const opened = new Set();

  /** @param {FormEdit[]} edits */
  async function apply(edits) {
    const draft = getDraft();
    if (!draft) return;
    status.textContent = 'Writing into the YAML…';
    try {
      const { text, form } = await api.applyFlowForm(draft.file, draft.text, edits);
      setText(text);
      render(form);
      status.textContent = 'Changed in the draft (not saved yet).';
    } catch (error) {
      status.textContent = describeError(error);
    }
  }

  /** @param {FormText} text */
  function textField(text) {
    /** @param {string} lang @param {string} name @param {string | undefined} value @param {YamlPath} path */
    const area = (lang, name, value, path) =>
      h('label', { class: 'lang' }, h('span', { class: 'sr-only' }, `${text.label} (${name})`),
        h('textarea', {
          rows: value && value.length > 60 ? 3 : 1, lang: lang === 'all' ? undefined : lang, placeholder: value === undefined ? `Add the ${name} text` : '',
          'aria-label': `${text.label} (${name})`,
          onchange: (/** @type {Event} */ e) => apply([{ op: 'set', path, value: /** @type {HTMLTextAreaElement} */ (e.target).value }]),
        }, value ?? ''));
    const fields = 'all' in text.values && text.values.all !== undefined
      ? [h('span', null, 'all'), area('all', 'every language', text.values.all, text.path)]
      : LANGUAGES.flatMap(([lang, name]) => [h('span', null, lang), area(lang, name, /** @type {Record<string, string | undefined>} */ (text.values)[lang], [...text.path, lang])]);
    return h('div', { class: 'text-field' }, h('span', { class: 'field-label' }, text.label), fields);
  }

  /** @param {FormExamples} group */
  function examplesField(group) {
    return LANGUAGES.map(([lang, name]) => {
      const list = group[lang];
      const input = h('input', { lang, 'aria-label': `New ${name} example for ${group.label}`, placeholder: `Another way to ask, in ${name}` });
      const add = () => input.value.trim() && apply([{ op: 'append', path: [...group.path, lang], value: input.value.trim() }]);
      const key = `${group.path.join('.')}.${lang}`;
      return h('details', { open: opened.has(key), ontoggle: (/** @type {Event} */ e) => (/** @type {HTMLDetailsElement} */ (e.target).open ? opened.add(key) : opened.delete(key)) },
        h('summary', null, `${group.label}: ${list.length} in ${name}`),
        h('ul', { class: 'examples' }, list.map((example, i) => h('li', null, h('span', { lang }, example),
          h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove example "${example}"`, onclick: () => apply([{ op: 'remove', path: [...group.path, lang, i] }]) }, '×')))),
        h('div', { class: 'add-row' }, input, h('button', { type: 'button', class: 'btn btn-small', onclick: add }, 'Add')));
    });
  }

  /** @param {FormButtons} group @param {string[]} steps */
  function buttonsField(group, steps) {
    const en = h('input', { 'aria-label': `New button title in English (${group.label})`, placeholder: 'Title (English)', maxlength: 20 });
    const bn = h('input', { lang: 'bn', 'aria-label': `New button title in Bengali (${group.label})`, placeholder: 'শিরোনাম (বাংলা)', maxlength: 20 });
    const target = h('select', { 'aria-label': 'What the new button does' },
      h('option', { value: 'menu:' }, 'Show the main menu'),
      steps.map((s) => h('option', { value: `goto:${s}` }, `Go to step ${s}`)),
      getFlowIds().map((f) => h('option', { value: `flow:${f}` }, `Start flow ${f}`)));
    const add = () => {
      if (!en.value.trim() || !bn.value.trim()) return;
      const [kind, to] = target.value.split(':');
      const id = en.value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || `button_${group.items.length + 1}`;
      apply([{ op: 'appendItem', path: group.path, item: { id, title: { en: en.value.trim(), bn: bn.value.trim() }, ...(kind === 'menu' ? { menu: true } : { [kind]: to }) } }]);
    };
    return h('div', null,
      h('p', { class: 'field-label' }, `${group.label}: buttons (WhatsApp shows at most 3)`),
      h('ul', { class: 'buttons' }, group.items.map((b, i) => h('li', null, h('span', null, `${b.title} — ${b.does}`),
        h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Remove button "${b.title}"`, onclick: () => apply([{ op: 'remove', path: [...group.path, i] }]) }, 'Remove')))),
      group.items.length < 3 ? h('div', { class: 'add-row' }, en, bn, target, h('button', { type: 'button', class: 'btn btn-small', onclick: add }, 'Add button')) : null);
  }

  /** @param {FormModel} form */
  function render(form) {
    fill(root,
      status,
      form.texts.length ? h('section', null, h('h3', null, 'Texts'), form.texts.map(textField)) : null,
      form.buttons.length ? h('section', null, h('h3', null, 'Buttons'), form.buttons.map((b) => buttonsField(b, form.steps))) : null,
      form.examples.length ? h('section', null, h('h3', null, 'Examples: how customers ask'), form.examples.flatMap(examplesField)) : null,
      !form.texts.length && !form.examples.length ? h('p', { class: 'muted' }, 'Nothing to show as a form: the YAML does not parse, or has no texts. Use the YAML tab.') : null);
  }

  return {
    async show() {
      const draft = getDraft();
      if (!draft) return;
      fill(root, h('p', { class: 'muted' }, 'Reading the draft…'));
      try {
        render(await api.flowForm(draft.file, draft.text));
      } catch (error) {
        fill(root, h('p', { class: 'form-error' }, describeError(error)));
      }
    },
  };
}
