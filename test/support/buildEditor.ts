// A plain script, like the rest of scripts/setup/ (npm runs it before anything is compiled).
const { ensureEditor } = require('../../scripts/setup/editor') as { ensureEditor: (options?: { log?: (line: string) => void }) => Promise<boolean> };

/** Jest's global setup: the browser tests of the Flows page load the bundled editor. */
export default async function buildEditor(): Promise<void> {
  if (!(await ensureEditor({ log: () => undefined }))) throw new Error('the Flows page editor could not be bundled: run node scripts/setup/editor.js to see why');
}
