// The Flows page's file list (intents, examples, last change and who) with the deleted files to
// bring back, and the "New flow" dialog (a template filled in, opened as an unsaved draft).
import { api, describeError } from './api.js';
import { h, fill, formatTime } from './ui.js';

/**
 * @typedef {{ file: string, kind: string, title?: string, intents: string[], examples: number, entries?: number, unreadable?: boolean, lastChange?: import('./flowsHistory.js').VersionSummary }} FileInfo
 */

/**
 * @param {{ rows: HTMLElement, deleted: HTMLDetailsElement, deletedRows: HTMLElement, onOpen: (file: string) => void, onRestoreDeleted: (file: string, seq: number) => void }} options
 */
export function createFileList({ rows, deleted, deletedRows, onOpen, onRestoreDeleted }) {
  /** @type {FileInfo[]} */
  let files = [];
  let current = '';

  /** @param {FileInfo} f */
  function row(f) {
    const change = f.lastChange;
    const holds = f.entries !== undefined ? `${f.entries} entries` : `${f.intents.length ? `intent ${f.intents.join(', ')} · ` : ''}${f.examples} examples`;
    return h('li', { 'aria-current': f.file === current ? 'true' : 'false', dataset: { file: f.file } },
      h('button', { type: 'button', class: 'file-link', onclick: () => onOpen(f.file) }, f.file),
      f.title ? h('span', { class: 'muted' }, ` ${f.title}`) : null,
      h('div', { class: 'holds' }, holds),
      f.unreadable ? h('div', { class: 'form-error' }, 'does not parse') : null,
      h('div', { class: 'change' }, change ? `${formatTime(change.at)} · ${change.actor ? change.actor.name : 'outside the console'}${change.message ? ` · ${change.message}` : ''}` : 'no change yet'));
  }

  return {
    /** Flow ids a button may start, from the file names. */
    flowIds: () => files.filter((f) => f.kind === 'flow').map((f) => f.file.replace(/\.ya?ml$/, '')),
    kindOf: (/** @type {string} */ file) => files.find((f) => f.file === file)?.kind,
    /** @param {string} file */
    select(file) {
      current = file;
      for (const item of rows.querySelectorAll('li')) item.setAttribute('aria-current', String(/** @type {HTMLElement} */ (item).dataset.file === file));
    },
    async load() {
      const list = await api.flowFiles();
      files = list.files;
      fill(rows, files.map(row));
      /** @type {import('./flowsHistory.js').VersionSummary[]} */
      const gone = list.deleted;
      deleted.hidden = gone.length === 0;
      fill(deletedRows, gone.map((v) => h('li', null, h('span', null, `${v.file} (${formatTime(v.at)}, ${v.actor ? v.actor.name : 'outside the console'})`),
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => onRestoreDeleted(v.file, v.seq - 1) }, 'Restore'))));
    },
  };
}

/**
 * @param {{ dialog: HTMLDialogElement, form: HTMLFormElement, opener: HTMLButtonElement, onDraft: (file: string, text: string) => void }} options
 */
export function setupNewFlowDialog({ dialog, form, opener, onDraft }) {
  const error = /** @type {HTMLElement} */ (form.querySelector('#new-flow-error'));
  const template = /** @type {HTMLSelectElement} */ (form.querySelector('#new-flow-template'));
  const team = /** @type {HTMLSelectElement} */ (form.querySelector('#new-flow-team'));
  /** @param {string} name */
  const value = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value.trim();

  opener.addEventListener('click', async () => {
    error.hidden = true;
    try {
      const { templates, teams } = await api.flowTemplates();
      fill(template, templates.map((/** @type {{ name: string, title: string, description: string }} */ t) => h('option', { value: t.name, title: t.description }, t.title)));
      fill(team, teams.map((/** @type {string} */ t) => h('option', { value: t }, t)));
      dialog.showModal();
    } catch (e) {
      window.alert(describeError(e));
    }
  });
  /** @type {HTMLButtonElement} */ (form.querySelector('#new-flow-cancel')).addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    try {
      const { file, text } = await api.newFlow({
        template: template.value, file: value('file'), team: team.value || undefined,
        title: { en: value('titleEn'), bn: value('titleBn') }, example: { en: value('exampleEn'), bn: value('exampleBn') }, answer: { en: value('answerEn'), bn: value('answerBn') },
      });
      dialog.close();
      form.reset();
      onDraft(file, text);
    } catch (err) {
      error.textContent = describeError(err);
      error.hidden = false;
    }
  });
}
