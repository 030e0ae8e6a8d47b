import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LUA_DIR, loadLuaScripts } from '../../../src/queue/bull/luaScripts';

const NAMES = ['wabotAdd', 'wabotPush', 'wabotClaim', 'wabotFinish', 'wabotReschedule', 'wabotMarkDone'];

/** A copy of the real script folder, changed by `change`, for the checks to refuse. */
function scriptDir(change: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lua-'));
  for (const file of fs.readdirSync(LUA_DIR)) fs.copyFileSync(path.join(LUA_DIR, file), path.join(dir, file));
  change(dir);
  return dir;
}

describe('the bull adapter\'s Lua scripts (src/queue/bull/lua)', () => {
  it('loads every script the adapter calls, with the key count of its file name and bull\'s functions before it', () => {
    const scripts = loadLuaScripts(NAMES);
    expect([...scripts.keys()].sort()).toEqual([...NAMES].sort());
    expect(scripts.get('wabotPush')!.keys).toBe(10);
    expect(scripts.get('wabotMarkDone')!.keys).toBe(2);
    for (const script of scripts.values()) {
      expect(script.lua).toContain('local function bullAddJob(KEYS, ARGV)');
      expect(script.lua).toContain('local function slice(');
    }
  });

  it('refuses a script whose body uses another number of keys than its name says', () => {
    const dir = scriptDir((d) => fs.renameSync(path.join(d, 'wabotClaim-4.lua'), path.join(d, 'wabotClaim-3.lua')));
    expect(() => loadLuaScripts(NAMES, dir)).toThrow(/wabotClaim-3\.lua uses KEYS up to 4, but its name says 3/);
  });

  it('refuses a missing script, a stray file and a file named without its key count', () => {
    expect(() => loadLuaScripts(NAMES, scriptDir((d) => fs.rmSync(path.join(d, 'wabotFinish-5.lua'))))).toThrow(/no script file for wabotFinish/);
    expect(() => loadLuaScripts(NAMES, scriptDir((d) => fs.writeFileSync(path.join(d, 'wabotOld-1.lua'), 'return 1')))).toThrow(/wabotOld-1\.lua is not a script the adapter calls/);
    expect(() => loadLuaScripts(NAMES, scriptDir((d) => fs.renameSync(path.join(d, 'wabotAdd-8.lua'), path.join(d, 'wabotAdd.lua'))))).toThrow(/wabotAdd\.lua is not named <script>-<number of keys>\.lua/);
  });
});
