'use strict';
/**
 * `npm start` (and `npm run web` / `npm run worker`): runs the compiled bot, compiling first
 * only when the sources changed since the last build (scripts/setup/build.js), and bundling the
 * Flows page's editor when its sources did (scripts/setup/editor.js).
 *
 * package.json starts Node with `--max-semi-space-size=4` (MB): under a steady stream of
 * messages V8 otherwise grows its young generation to its 16 MB default semi-spaces, which
 * measured about 60 MB more RSS on one machine for one shop, for scavenges that are no faster
 * (bench/results/pipeline-embedded.json).
 */
const path = require('node:path');
const { ensureSqlite } = require('./native');
const { ensureBuilt } = require('./build');
const { ensureEditor } = require('./editor');

if (!ensureBuilt() || !ensureSqlite()) process.exit(1);
// The Flows page's editor bundle: the bot starts without it (the page then says it is not built).
ensureEditor().then(() => require(path.resolve(__dirname, '../../dist/src/main.js')));
