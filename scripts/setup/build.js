'use strict';
/**
 * Compiles src/ to dist/ when the sources changed since the last build, so `npm start` runs
 * JavaScript without type-checking the project on every start. The stamp in dist/ is a hash
 * of every source file's path, size and modification time, and of the compiler settings.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|json)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function sourcesHash() {
  const hash = crypto.createHash('sha256');
  for (const file of [...INPUTS.map((f) => path.join(ROOT, f)), ...walk(path.join(ROOT, 'src'), []).sort()]) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(ROOT, file)}:${stat ? `${stat.size}:${stat.mtimeMs}` : '-'}\n`);
  }
  return hash.digest('hex');
}

function isStale() {
  if (!fs.existsSync(path.join(DIST, 'src/main.js'))) return true;
  if (!fs.existsSync(path.join(ROOT, 'src'))) return false; // an installed build without sources
  return !fs.existsSync(STAMP) || fs.readFileSync(STAMP, 'utf8').trim() !== sourcesHash();
}

function typescript() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

/** Builds when needed; returns false when there is nothing runnable in dist/. */
function ensureBuilt(log = console.log) {
  if (!isStale()) return true;
  const tsc = typescript();
  if (!tsc || !fs.existsSync(path.join(ROOT, 'src'))) {
    if (fs.existsSync(path.join(DIST, 'src/main.js'))) return true; // production install: dist/ as shipped
    log('No build in dist/ and no TypeScript compiler to make one: run `npm install` (with dev dependencies).');
    return false;
  }
  log('==> compiling the sources (once after each change; about 15 s)');
  const hash = sourcesHash();
  // From scratch, so a deleted source leaves no stale module behind.
  fs.rmSync(path.join(DIST, 'src'), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return false;
  fs.writeFileSync(STAMP, `${hash}\n`);
  return true;
}

module.exports = { ensureBuilt, isStale };

if (require.main === module) process.exit(ensureBuilt() ? 0 : 1);
