// The Flows page (ops, supervisors, admins): the files ops edit, in a checked YAML editor or a
// form, tried in a test chat, saved over the version they were opened at (the second of two
// editors is shown the difference instead), with their history and one-click restore.
import { api, describeError, ApiError } from './api.js';
import { h, fill, formatTime } from './ui.js';
import { createFileList, setupNewFlowDialog } from './flowsFiles.js';
import { createFormView } from './flowsForm.js';
import { createHistoryView, renderDiff, describeVersion } from './flowsHistory.js';
import { createTestChat, runSpecs } from './flowsChat.js';

/**
 * @typedef {{ file: string, line: number, column: number, message: string, hint?: string }} Problem
 * @typedef {{ file: string, kind: string, hash: string | null, saved: string | null, text: string }} OpenFile
 */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const status = byId('status');
const problemsPanel = byId('problems');
const conflictPanel = byId('conflict');
const saveStatus = byId('save-status');
const saveForm = /** @type {HTMLFormElement} */ (byId('save-form'));
const message = /** @type {HTMLInputElement} */ (byId('save-message'));
const tabs = /** @type {HTMLButtonElement[]} */ (['tab-yaml', 'tab-form', 'tab-history'].map(byId));

/** @type {OpenFile | null} */
let open = null;
/** @type {import('./editor/yamlEditor.js').YamlEditor | null} */
let editor = null;
const triable = () => open !== null && (open.kind === 'flow' || open.kind === 'out-of-scope');
const dirty = () => open !== null && open.text !== open.saved;
const draft = () => (open ? { file: open.file, text: open.text } : null);

const files = createFileList({
  rows: byId('file-rows'), deleted: /** @type {HTMLDetailsElement} */ (byId('deleted-files')), deletedRows: byId('deleted-rows'),
  onOpen: (file) => openFile(file),
  onRestoreDeleted: async (file, seq) => {
    try {
      await api.restoreFlowFile(file, { seq, baseHash: null, message: 'Brought back' });
      await files.load();
      await openFile(file);
    } catch (error) {
      showFailure(error);
    }
  },
});
const form = createFormView({ root: byId('panel-form'), getDraft: draft, setText: (text) => editor?.setText(text), getFlowIds: () => files.flowIds() });
const history = createHistoryView({
  root: byId('panel-history'),
  getFile: () => (open ? { file: open.file, hash: open.hash } : null),
  onRestored: async (result) => {
    await files.load();
    await openFile(/** @type {OpenFile} */ (open).file, { force: true, tab: 'tab-history' });
    saveStatus.textContent = `Restored: now version ${result.version?.seq ?? ''}, live.`;
  },
});
const chat = createTestChat({
  log: /** @type {HTMLOListElement} */ (byId('chat-log')), form: /** @type {HTMLFormElement} */ (byId('chat-form')),
  input: /** @type {HTMLInputElement} */ (byId('chat-say')), newChat: /** @type {HTMLButtonElement} */ (byId('new-chat')), getDraft: draft,
});
setupNewFlowDialog({
  dialog: /** @type {HTMLDialogElement} */ (byId('new-flow-dialog')), form: /** @type {HTMLFormElement} */ (byId('new-flow-form')),
  opener: /** @type {HTMLButtonElement} */ (byId('new-flow')), onDraft: (file, text) => openFile(file, { draftText: text }),
});

/**
 * @param {string} file
 * @param {{ draftText?: string, force?: boolean, tab?: string }} [options] draftText: a new file's text, not saved yet
 */
async function openFile(file, { draftText, force = false, tab = 'tab-yaml' } = {}) {
  if (!force && dirty() && !window.confirm(`Your changes to ${open?.file} are not saved. Drop them?`)) return;
  status.textContent = `Opening ${file}…`;
  try {
    const [data, schema] = await Promise.all([draftText === undefined ? api.flowFile(file) : { file, kind: 'flow', text: null, hash: null }, api.flowSchema(file)]);
    const text = draftText ?? data.text ?? '';
    open = { file, kind: data.kind, hash: data.hash, saved: data.text, text };
    // The bundle of ./editor/yamlEditor.js (scripts/setup/editor.js), served from dist/.
    const bundle = './bundle/yamlEditor.js';
    const { createYamlEditor } = /** @type {typeof import('./editor/yamlEditor.js')} */ (await import(bundle));
    editor?.destroy();
    editor = createYamlEditor({ parent: byId('panel-yaml'), text, schema, label: `YAML of ${file}`, check, onChange });
    byId('file-title').textContent = file;
    byId('file-meta').textContent = data.lastChange ? `Last change: ${describeVersion(data.lastChange)}${data.lastChange.message ? ` — ${data.lastChange.message}` : ''}` : draftText !== undefined ? 'New file: not saved yet' : '';
    byId('workspace').hidden = false;
    byId('test-chat').hidden = !triable();
    byId('run-specs').hidden = !triable();
    byId('delete-file').hidden = data.kind !== 'flow' || open.saved === null;
    conflictPanel.hidden = true;
    byId('spec-results').hidden = true;
    chat.reset();
    files.select(file);
    selectTab(tab);
    location.hash = `file=${encodeURIComponent(file)}`;
    showDirty();
    status.textContent = '';
  } catch (error) {
    status.textContent = error instanceof ApiError && error.code === 'EDITOR_NOT_BUILT' ? error.message : `Could not open ${file}: ${describeError(error)}`;
  }
}

/** The editor asks while typing: every problem is listed below it, this file's are marked inline. @param {string} text */
async function check(text) {
  if (!open) return [];
  const file = open.file;
  /** @type {{ problems: Problem[] }} */
  const { problems } = await api.checkFlowFile(file, text);
  if (open?.file === file && open.text === text) showProblems(problems);
  return problems.filter((p) => p.file === file);
}

/** @param {Problem[]} problems */
function showProblems(problems) {
  if (!open) return;
  const mine = problems.filter((p) => p.file === open?.file);
  const others = problems.filter((p) => p.file !== open?.file);
  fill(problemsPanel, problems.length === 0
    ? h('p', { class: 'ok' }, '✓ No problems: this draft passes every check.')
    : h('ul', null,
      mine.map((p) => h('li', null, h('button', { type: 'button', onclick: () => editor?.reveal(p.line, p.column) }, `${p.line}:${p.column}  ${p.message}${p.hint ? ` (${p.hint})` : ''}`))),
      others.map((p) => h('li', { class: 'other' }, `${p.file}:${p.line}:${p.column}  ${p.message}`))));
}

/** @param {string} text */
function onChange(text) {
  if (!open) return;
  open.text = text;
  showDirty();
}

function showDirty() {
  saveStatus.textContent = dirty() ? 'Unsaved changes (the test chat runs them).' : open?.saved === null ? 'New file: not saved yet.' : 'Saved: this is the live version.';
}

/** @param {string} id */
function selectTab(id) {
  for (const tab of tabs) {
    tab.setAttribute('aria-selected', String(tab.id === id));
    byId(/** @type {string} */ (tab.getAttribute('aria-controls'))).hidden = tab.id !== id;
  }
  if (id === 'tab-form') form.show();
  if (id === 'tab-history') history.show();
}
for (const tab of tabs) tab.addEventListener('click', () => selectTab(tab.id));

saveForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!open) return;
  const saving = open;
  saveStatus.textContent = 'Checking and saving…';
  try {
    const result = await api.saveFlowFile(saving.file, { text: saving.text, baseHash: saving.hash, message: message.value.trim() || undefined });
    saving.hash = result.hash;
    saving.saved = saving.text;
    message.value = '';
    conflictPanel.hidden = true;
    byId('delete-file').hidden = saving.kind !== 'flow';
    await files.load();
    files.select(saving.file);
    saveStatus.textContent = result.changed ? `Saved as version ${result.version.seq}: live now in every process.` : 'Nothing changed.';
    if (!byId('panel-history').hidden) history.show();
  } catch (error) {
    showFailure(error);
  }
});

/** A refused save, delete or restore: the problems inline, or the other person's change to merge. @param {unknown} error */
function showFailure(error) {
  if (error instanceof ApiError && (error.code === 'FLOW_CHECK_FAILED' || error.code === 'DRAFT_CHECK_FAILED')) {
    showProblems(/** @type {Problem[]} */ (error.detail.diagnostics ?? []));
    saveStatus.textContent = `Not saved: ${error.detail.problems?.length ?? 'some'} problem(s), listed below the editor.`;
    editor?.recheck();
  } else if (error instanceof ApiError && error.code === 'EDIT_CONFLICT') {
    showConflict(error);
  } else {
    saveStatus.textContent = `Not saved: ${describeError(error)}`;
  }
}

/** @param {ApiError} error */
function showConflict(error) {
  if (!open) return;
  const { current, currentHash, lastChange, diff } = error.detail;
  const who = lastChange ? `${lastChange.actor ? lastChange.actor.name : 'Someone outside the console'} saved it at ${formatTime(lastChange.at)}${lastChange.message ? ` ("${lastChange.message}")` : ''}` : 'It changed';
  saveStatus.textContent = 'Not saved: someone else changed this file after you opened it.';
  conflictPanel.hidden = false;
  fill(conflictPanel,
    h('p', { role: 'alert' }, h('strong', null, `${who} after you opened it. Your draft was not saved.`), ' Below: how the saved file differs from your draft (− yours, + theirs). Merge by hand, then save again.'),
    renderDiff(diff, 'The saved file is the same as your draft.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => {
        if (!open) return;
        open.saved = current;
        open.hash = currentHash;
        editor?.setText(current ?? '');
        conflictPanel.hidden = true;
        showDirty();
      } }, 'Load the saved version (drop my draft)'),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => {
        if (!open) return;
        open.saved = current;
        open.hash = currentHash;
        conflictPanel.hidden = true;
        showDirty();
        saveStatus.textContent = 'Your draft now replaces their version when you save.';
      } }, 'Keep my draft (save it over theirs)')));
}

byId('revert').addEventListener('click', () => open && editor?.setText(open.saved ?? ''));
byId('run-specs').addEventListener('click', () => {
  const current = draft();
  if (current) runSpecs(byId('spec-results'), current);
});
byId('delete-file').addEventListener('click', async () => {
  if (!open || open.hash === null || !window.confirm(`Delete ${open.file}? It stays in the history and can be brought back.`)) return;
  try {
    await api.deleteFlowFile(open.file, { baseHash: open.hash, message: message.value.trim() || undefined });
    editor?.destroy();
    editor = null;
    open = null;
    byId('workspace').hidden = true;
    byId('test-chat').hidden = true;
    await files.load();
    status.textContent = 'Deleted. It is listed under "Deleted files" to bring back.';
  } catch (error) {
    showFailure(error);
  }
});
// The ops role has no other page to log out from.
byId('logout').addEventListener('click', async () => {
  await api.logout().catch(() => undefined);
  location.assign('/console/');
});
window.addEventListener('beforeunload', (e) => {
  if (dirty()) e.preventDefault();
});

try {
  const { agent } = await api.me();
  byId('whoami').textContent = `${agent.name} (${agent.role})`;
  if (agent.role === 'agent') throw new ApiError(403, { error: { message: 'Only ops, supervisors and admins edit flows.' } });
  byId('console-link').hidden = agent.role === 'ops';
  await files.load();
  byId('flows').hidden = false;
  status.textContent = 'Pick a file to edit, or start a new flow.';
  const wanted = new URLSearchParams(location.hash.slice(1)).get('file');
  if (wanted) await openFile(wanted);
} catch (error) {
  const refused = /** @type {{ status?: number } | undefined} */ (error);
  fill(status, refused?.status === 401 ? ['Log in at the ', h('a', { href: '/console/' }, 'agent console'), ' first.'] : describeError(error));
}
