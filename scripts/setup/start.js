'use strict';
/**
 * `npm start` (and `npm run web` / `npm run worker`): runs the compiled bot, compiling first
 * only when the sources changed since the last build (scripts/setup/build.js).
 */
const path = require('node:path');
const { ensureSqlite } = require('./native');
const { ensureBuilt } = require('./build');

if (!ensureBuilt() || !ensureSqlite()) process.exit(1);
require(path.resolve(__dirname, '../../dist/src/main.js'));
