'use strict';
/**
 * `npm install` ends here (package.json "postinstall"): builds the SQLite module, compiles the
 * sources once and bundles the Flows page's editor, so the first `npm start` only starts. In a
 * Docker build stage the sources are copied after the install; the compile and bundle steps are
 * then skipped (the Dockerfile runs `npm run build`).
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureSqlite } = require('./native');
const { ensureBuilt } = require('./build');
const { ensureEditor } = require('./editor');

if (!ensureSqlite()) process.exit(1);
if (fs.existsSync(path.resolve(__dirname, '../../src')) && !ensureBuilt()) process.exit(1);
ensureEditor().then((ok) => process.exit(ok ? 0 : 1));
