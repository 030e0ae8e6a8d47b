'use strict';
/**
 * Builds better-sqlite3's native module, the one dependency that needs a build. npm does not
 * run its install script (package.json `allowScripts` denies it, as it denies puppeteer's
 * browser download): that script asks GitHub for a prebuilt binary, then runs node-gyp, which
 * downloads Node's headers from nodejs.org. Here the build uses the headers installed with
 * Node itself when they are there, so a machine that reaches only the npm registry can build.
 * Needs python3, make and a C++ compiler (Debian: build-essential python3), about a minute.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

/** Whether the installed module loads and opens a database (in a child: a failed load is cached). */
function sqliteLoads() {
  const probe = "new (require('better-sqlite3'))(':memory:').close()";
  return spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, stdio: 'ignore' }).status === 0;
}

function packageDir() {
  return path.dirname(require.resolve('better-sqlite3/package.json', { paths: [ROOT] }));
}

/** npm's own node-gyp: npm names it in lifecycle scripts; otherwise it sits beside npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    path.resolve(path.dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [ROOT] }));
  } catch {
    /* not installed locally */
  }
  return candidates.find((file) => file && fs.existsSync(file));
}

/** The headers of the running Node (Debian's nodejs, NodeSource and the official tarballs install them). */
function localHeaders() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include/node/node_api.h')) ? prefix : undefined;
}

/** Runs a build step quietly; its output is shown only when it fails. */
function run(command, args, cwd, log) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  if (result.status === 0) return true;
  log(`${[result.stdout, result.stderr, result.error?.message].filter(Boolean).join('\n').trim().split('\n').slice(-25).join('\n')}`);
  return false;
}

/** Returns true when better-sqlite3 loads, building it first if needed. */
function ensureSqlite(log = console.log) {
  if (sqliteLoads()) return true;
  const dir = packageDir();
  log('==> building better-sqlite3 (the embedded store), once: about a minute');
  // A prebuilt binary when GitHub can be reached: seconds, no compiler needed.
  const prebuild = require.resolve('prebuild-install/bin.js', { paths: [dir] });
  if (run(process.execPath, [prebuild], dir, () => log('    no prebuilt binary to download; compiling it')) && sqliteLoads()) return true;
  const gyp = nodeGyp();
  if (!gyp) {
    log('node-gyp not found (it comes with npm); run `npm rebuild better-sqlite3 --foreground-scripts`.');
    return false;
  }
  const headers = localHeaders();
  const args = [gyp, 'rebuild', '--release', ...(headers ? [`--nodedir=${headers}`] : [])];
  if (run(process.execPath, args, dir, log) && sqliteLoads()) return true;
  log('Could not build better-sqlite3. It needs python3, make and g++ (Debian: apt-get install -y build-essential python3).');
  return false;
}

module.exports = { ensureSqlite, sqliteLoads };

if (require.main === module) process.exit(ensureSqlite() ? 0 : 1);
