'use strict';
/**
 * `npm install` ends here (package.json "postinstall"): builds the SQLite module and compiles
 * the sources once, so the first `npm start` only starts. In a Docker build stage the sources
 * are copied after the install; the compile step is then skipped (the Dockerfile compiles).
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureSqlite } = require('./native');
const { ensureBuilt } = require('./build');

if (!ensureSqlite()) process.exit(1);
if (fs.existsSync(path.resolve(__dirname, '../../src')) && !ensureBuilt()) process.exit(1);
