// Stands in for codemirror-json-schema's markdown renderer (utils/markdown.js) in the bundle:
// that one loads a code highlighter (shiki, WebAssembly, which the console's CSP refuses) for
// descriptions that are plain sentences here. The descriptions are escaped and shown as text.

/** @param {string} text */
export function renderMarkdown(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
