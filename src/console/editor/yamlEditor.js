// The Flows page's YAML editor: CodeMirror 6 with YAML highlighting, the file's JSON Schema for
// completion and hover help (codemirror-json-schema), and the server's flows:check problems as
// inline diagnostics at their line and column while typing.
//
// This file is the source; the browser gets it bundled (scripts/setup/editor.js, esbuild, from
// the npm packages) at /console/bundle/yamlEditor.js.
//
// CSP: CodeMirror writes its styles at run time. In a document it would add a <style> element,
// which `style-src 'self'` refuses; inside a shadow root it uses a constructed style sheet
// (adoptedStyleSheets) instead, which the policy does not govern. So the editor lives in one.
import { basicSetup } from 'codemirror';
import { EditorView } from '@codemirror/view';
import { Compartment, EditorState } from '@codemirror/state';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { linter, lintGutter, forceLinting } from '@codemirror/lint';
import { hoverTooltip } from '@codemirror/view';
import { stateExtensions, updateSchema } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';

/**
 * A problem the checks found, as the API gives it.
 * @typedef {{ line: number, column: number, message: string, hint?: string }} Problem
 */

/**
 * @typedef {object} YamlEditor
 * @property {() => string} getText
 * @property {(text: string) => void} setText replaces the whole text (undoable)
 * @property {(schema: object) => void} setSchema
 * @property {(line: number, column: number) => void} reveal moves the cursor there and scrolls to it
 * @property {() => void} recheck runs the checks again now
 * @property {() => void} focus
 * @property {() => void} destroy
 */

const sizing = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono", "Noto Sans Bengali", monospace' },
  '.cm-content': { tabSize: '2' },
});

/**
 * @param {object} options
 * @param {HTMLElement} options.parent
 * @param {string} options.text
 * @param {object | null} options.schema the file's JSON Schema (completion and hover)
 * @param {(text: string) => Promise<Problem[]>} options.check this file's problems for a draft
 * @param {(text: string) => void} options.onChange
 * @param {string} [options.label] the editor's accessible name
 * @returns {YamlEditor}
 */
export function createYamlEditor({ parent, text, schema, check, onChange, label = 'YAML' }) {
  const root = parent.shadowRoot ?? parent.attachShadow({ mode: 'open' });
  const host = document.createElement('div');
  host.className = 'yaml-editor';
  root.append(host);
  const readOnly = new Compartment();

  const diagnostics = linter(
    async (view) => {
      const draft = view.state.doc.toString();
      const problems = await check(draft).catch(() => []);
      // The text moved on while the server answered: these positions are stale.
      if (view.state.doc.toString() !== draft) return [];
      return problems.map((p) => {
        const line = view.state.doc.line(Math.min(Math.max(1, p.line), view.state.doc.lines));
        const from = Math.min(line.from + Math.max(0, p.column - 1), line.to);
        const to = from < line.to ? line.to : Math.min(from + 1, view.state.doc.length);
        return { from, to, severity: /** @type {'error'} */ ('error'), message: p.hint ? `${p.message} (${p.hint})` : p.message, source: 'flows:check' };
      });
    },
    { delay: 400 },
  );

  const view = new EditorView({
    parent: host,
    root,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
        hoverTooltip(yamlSchemaHover()),
        stateExtensions(/** @type {any} */ (schema ?? {})),
        diagnostics,
        lintGutter(),
        sizing,
        readOnly.of([]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    getText: () => view.state.doc.toString(),
    setText(next) {
      if (next === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    setSchema: (next) => updateSchema(view, /** @type {any} */ (next)),
    reveal(line, column) {
      const at = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
      const pos = Math.min(at.from + Math.max(0, column - 1), at.to);
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      view.focus();
    },
    recheck: () => forceLinting(view),
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      host.remove();
    },
  };
}
