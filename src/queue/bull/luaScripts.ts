import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../files/projectRoot';
import { bullLuaFunctions } from './bullInternals';

/** The adapter's scripts: `<name>-<number of KEYS>.lua`, bull's convention for its own scripts. */
export const LUA_DIR = path.join(projectRoot(), 'src', 'queue', 'bull', 'lua');
const SCRIPT_FILE = /^([A-Za-z]\w*)-(\d+)\.lua$/;
/** Helpers every script may call; prepended after bull's functions. */
const SHARED_FILE = 'shared.lua';

export interface LuaScript {
  name: string;
  /** How many KEYS the script takes: the number in its file name. */
  keys: number;
  /** The whole source sent to Redis: bull's functions, the shared helpers, the script. */
  lua: string;
}

/** The highest KEYS index a script body uses (`KEYS[4]`, or `slice(KEYS, 5, 10)`), comments aside. */
function highestKeyUsed(body: string): number {
  const code = body.replace(/--.*$/gm, '');
  const indexes = [...code.matchAll(/\bKEYS\[(\d+)\]/g), ...code.matchAll(/\bslice\(\s*KEYS\s*,\s*\d+\s*,\s*(\d+)\s*\)/g)].map((m) => Number(m[1]));
  return Math.max(0, ...indexes);
}

/**
 * Reads the scripts the adapter calls from `dir`, and refuses to start (a thrown Error naming
 * the file) when one is missing, one is there that nothing calls, or a script's body uses a
 * different number of KEYS than its file name says: a wrong count would shift every key.
 */
export function loadLuaScripts(names: readonly string[], dir = LUA_DIR): Map<string, LuaScript> {
  const where = (file: string) => path.relative(projectRoot(), path.join(dir, file));
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.lua'));
  if (!files.includes(SHARED_FILE)) throw new Error(`BullQueue: ${where(SHARED_FILE)} is missing`);
  const prelude = bullLuaFunctions() + fs.readFileSync(path.join(dir, SHARED_FILE), 'utf8');
  const scripts = new Map<string, LuaScript>();
  for (const file of files.filter((f) => f !== SHARED_FILE)) {
    const match = SCRIPT_FILE.exec(file);
    if (!match) throw new Error(`BullQueue: ${where(file)} is not named <script>-<number of keys>.lua`);
    const [, name, keyCount] = match;
    if (!names.includes(name)) throw new Error(`BullQueue: ${where(file)} is not a script the adapter calls (${names.join(', ')})`);
    if (scripts.has(name)) throw new Error(`BullQueue: two files for script ${name} in ${where('')}`);
    const body = fs.readFileSync(path.join(dir, file), 'utf8');
    const used = highestKeyUsed(body);
    if (used !== Number(keyCount)) throw new Error(`BullQueue: ${where(file)} uses KEYS up to ${used}, but its name says ${keyCount}`);
    scripts.set(name, { name, keys: Number(keyCount), lua: `${prelude}\n${body}` });
  }
  const missing = names.filter((name) => !scripts.has(name));
  if (missing.length > 0) throw new Error(`BullQueue: no script file for ${missing.join(', ')} in ${where('')}`);
  return scripts;
}
