'use strict';
/**
 * Bundles the Flows page's YAML editor (src/console/editor/yamlEditor.js: CodeMirror 6 and its
 * YAML, lint and JSON Schema extensions, from node_modules) into one browser module with
 * esbuild: dist/console/bundle/yamlEditor.js, which the server sends at
 * /console/bundle/yamlEditor.js. Nothing is fetched from a CDN and nothing built is committed.
 * `npm install` (postinstall), `npm start`, `npm run build` and jest's global setup run it; it
 * does nothing while the bundle is newer than its sources.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'src/console/editor/yamlEditor.js');
const BUNDLE = path.join(ROOT, 'dist/console/bundle/yamlEditor.js');

/** What the bundle is made from: our editor files, the installed packages (the lock file) and this script. */
function sources() {
  const dir = path.dirname(ENTRY);
  return [...fs.readdirSync(dir).map((f) => path.join(dir, f)), path.join(ROOT, 'package-lock.json'), __filename];
}

function isStale() {
  if (!fs.existsSync(BUNDLE)) return true;
  const built = fs.statSync(BUNDLE).mtimeMs;
  return sources().some((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs > built);
}

/** esbuild is a dev dependency: an install without it (a pruned production image) keeps the bundle it shipped with. */
function esbuild() {
  try {
    return require(require.resolve('esbuild', { paths: [ROOT] }));
  } catch {
    return undefined;
  }
}

// codemirror-json-schema renders descriptions as markdown with a WebAssembly highlighter (which
// the console's CSP refuses); ours are plain sentences, shown as text by plainText.js.
const plainTextDescriptions = {
  name: 'plain-text-descriptions',
  setup(bundler) {
    bundler.onResolve({ filter: /utils\/markdown(\.js)?$/ }, (args) =>
      args.importer.includes(`${path.sep}codemirror-json-schema${path.sep}`) ? { path: path.join(path.dirname(ENTRY), 'plainText.js') } : undefined,
    );
  },
};

/**
 * Builds the bundle when it is missing or older than its sources. Resolves false (after saying
 * why) when it cannot: the bot still runs, and the Flows page says the editor is not built.
 */
async function ensureEditor({ force = false, log = console.log } = {}) {
  // No sources: an installed build (its bundle shipped in dist/), or a Docker stage before they are copied.
  if (!fs.existsSync(ENTRY)) return true;
  if (!force && !isStale()) return true;
  const bundler = esbuild();
  if (!bundler) {
    log('The Flows page editor cannot be bundled: esbuild is missing (run `npm install` with dev dependencies).');
    return fs.existsSync(BUNDLE);
  }
  log('==> bundling the Flows page editor (esbuild)');
  try {
    await bundler.build({
      entryPoints: [ENTRY],
      outfile: BUNDLE,
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'linked',
      logLevel: 'warning',
      plugins: [plainTextDescriptions],
    });
    return true;
  } catch (error) {
    log(`The Flows page editor could not be bundled: ${error.message}`);
    return false;
  }
}

module.exports = { ensureEditor, EDITOR_BUNDLE: BUNDLE };

if (require.main === module) {
  ensureEditor({ force: process.argv.includes('--force') }).then((ok) => process.exit(ok ? 0 : 1));
}
