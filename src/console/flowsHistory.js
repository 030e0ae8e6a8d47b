// The Flows page's History tab: every version of the open file (who, when, why), the difference
// between any two (or a version and the file now), and one click to restore one.
import { api, describeError } from './api.js';
import { h, fill, formatTime } from './ui.js';

/**
 * @typedef {{ file: string, seq: number, at: number, actor?: { id: string, name: string }, action: string, message: string, hash: string | null, restoredFrom?: number }} VersionSummary
 * @typedef {{ hunks: { oldStart: number, newStart: number, lines: string[] }[], added: number, removed: number }} TextDiff
 */

const ACTIONS = /** @type {Record<string, string>} */ ({
  save: 'saved', create: 'created', delete: 'deleted', restore: 'restored', teach: 'taught an example', outside: 'outside the console', first: 'first seen',
});

/**
 * A diff as lines: hunk headers, then lines marked added or removed.
 * @param {TextDiff} diff
 * @param {string} [same] what to say when nothing differs
 */
export function renderDiff(diff, same = 'No difference.') {
  if (diff.hunks.length === 0) return h('div', { class: 'diff' }, h('p', { class: 'same' }, same));
  return h(
    'div',
    { class: 'diff', role: 'region', 'aria-label': `Difference: ${diff.added} lines added, ${diff.removed} removed` },
    diff.hunks.flatMap((hunk) => [
      h('div', { class: 'hunk' }, `line ${hunk.oldStart} → ${hunk.newStart}`),
      ...hunk.lines.map((line) => h('div', { class: `line${line[0] === '+' ? ' added' : line[0] === '-' ? ' removed' : ''}` }, line)),
    ]),
  );
}

/** @param {VersionSummary} v */
export const describeVersion = (v) =>
  `v${v.seq} · ${formatTime(v.at)} · ${v.actor ? v.actor.name : 'outside the console'} · ${ACTIONS[v.action] ?? v.action}${v.restoredFrom ? ` v${v.restoredFrom}` : ''}`;

/**
 * @param {{ root: HTMLElement, getFile: () => { file: string, hash: string | null } | null, onRestored: (result: import('./api.js').ApiData) => Promise<void> }} options
 */
export function createHistoryView({ root, getFile, onRestored }) {
  /** @type {VersionSummary[]} */
  let versions = [];
  const diffArea = h('div', { class: 'history-diff' });

  /** @param {number | 'current'} from @param {number | 'current'} to */
  async function compare(from, to) {
    const open = getFile();
    if (!open) return;
    fill(diffArea, h('p', { class: 'muted' }, 'Comparing…'));
    try {
      const diff = await api.flowDiff(open.file, from, to);
      fill(diffArea, h('h3', null, `${from === 'current' ? 'now' : `v${from}`} → ${to === 'current' ? 'now' : `v${to}`}`), renderDiff(diff));
    } catch (error) {
      fill(diffArea, h('p', { class: 'form-error' }, describeError(error)));
    }
  }

  /** @param {VersionSummary} version */
  async function restore(version) {
    const open = getFile();
    if (!open) return;
    const what = version.hash === null ? 'delete the file again' : `put version ${version.seq} back`;
    if (!window.confirm(`Restore: ${what}? It is checked like any save and recorded in the history.`)) return;
    try {
      await onRestored(await api.restoreFlowFile(open.file, { seq: version.seq, baseHash: open.hash }));
    } catch (error) {
      fill(diffArea, h('p', { class: 'form-error', role: 'alert' }, `Not restored: ${describeError(error)}`));
    }
  }

  /** @param {number} seq */
  const picker = (seq) =>
    h('select', { 'aria-label': 'Compare with' }, h('option', { value: 'current' }, 'now'), versions.filter((v) => v.seq !== seq).map((v) => h('option', { value: String(v.seq) }, `v${v.seq}`)));

  /** @param {VersionSummary} v */
  function row(v) {
    const other = picker(v.seq);
    return h(
      'tr',
      { dataset: { seq: String(v.seq) } },
      h('td', null, `v${v.seq}`),
      h('td', null, formatTime(v.at)),
      h('td', null, v.actor ? v.actor.name : h('em', null, 'outside the console')),
      h('td', null, `${ACTIONS[v.action] ?? v.action}${v.restoredFrom ? ` v${v.restoredFrom}` : ''}`, v.message ? h('div', { class: 'muted' }, v.message) : null),
      h(
        'td',
        { class: 'actions' },
        h('span', { class: 'compare' },
          other,
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => compare(v.seq, other.value === 'current' ? 'current' : Number(other.value)) }, 'Compare'),
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => restore(v) }, 'Restore'),
        ),
      ),
    );
  }

  return {
    async show() {
      const open = getFile();
      if (!open) return;
      fill(root, h('p', { class: 'muted' }, 'Loading the history…'));
      try {
        ({ versions } = await api.flowVersions(open.file));
        const table = h('table', null,
          h('thead', null, h('tr', null, ['Version', 'When', 'Who', 'What', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, versions.map(row)));
        fill(root, versions.length ? table : h('p', { class: 'muted' }, 'No versions yet.'), diffArea);
        fill(diffArea);
      } catch (error) {
        fill(root, h('p', { class: 'form-error' }, describeError(error)));
      }
    },
  };
}
