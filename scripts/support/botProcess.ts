import fs from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';

// The Node options `npm start` runs the bot with (package.json), so the figures are npm start's.
const START_FLAGS: string[] = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start.match(/--[\w-]+=\S+/g) ?? [];

/** The bot as the benchmarks run it: the built `dist/` with npm start's flags, one process per role, errors echoed. */
export function startBotProcess(role: 'web' | 'worker' | 'all', env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [...START_FLAGS, 'dist/src/main.js'], { env: { ...process.env, ...env, PROCESS_ROLE: role }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    const line = d.toString();
    if (/"level":"error"/.test(line)) process.stderr.write(`[${role}] ${line.slice(0, 300)}\n`);
  });
  return child;
}

/** Resolves once the process answers /readyz with 200. */
export async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** npm start's build (scripts/setup/build.js): the benchmarks run what `npm start` runs. */
export function buildDist(): Promise<void> {
  return new Promise<void>((resolve, reject) => spawn(process.execPath, ['scripts/setup/build.js'], { stdio: 'inherit' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error('build failed')))));
}
