import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const READY_TIMEOUT_MS = 60_000;

export interface BotProcess {
  child: ChildProcess;
  /** The end of what it wrote to stderr (warnings and errors), for failure messages. */
  stderr(): string;
  /** SIGKILL: no shutdown code runs, as in a crash or a power cut. */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** `npm start`'s bot (src/main.ts through tsx) in its own process, resolved once /readyz answers 200. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode} before it was ready:\n${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`bot not ready after ${READY_TIMEOUT_MS} ms:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stderr: () => stderr,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
