/**
 * A FerretDB process this test controls itself, for what the shared harness (startMongo) does not
 * offer: stopping the server and starting it again on the same port and data directory.
 * Same binary and flags as test/support/services.ts; fails with the reason, never skips.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FERRETDB_BIN, ferretDbArgs, isPortOpen } from '../../support/services';

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;

// Kills the server if this (jest worker) process dies without stopping it.
const WATCHDOG = 'W=$1; S=$2; while kill -0 "$W" 2>/dev/null && kill -0 "$S" 2>/dev/null; do sleep 0.5; done; kill -9 "$S" 2>/dev/null';

export class FerretDbServer {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly watchdog: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(port: number, dataDir: string): Promise<FerretDbServer> {
    if (!existsSync(FERRETDB_BIN)) throw new Error(`${FERRETDB_BIN} does not exist; run \`bash scripts/setup-services.sh\``);
    const child = spawn(
      FERRETDB_BIN,
      ferretDbArgs(dataDir, port),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    const watchdog = spawn('sh', ['-c', WATCHDOG, 'watchdog', String(process.pid), String(child.pid)], { stdio: 'ignore', detached: true });
    watchdog.unref();
    const server = new FerretDbServer(child, watchdog, exited);
    const keep = (chunk: Buffer): void => {
      server.output = (server.output + chunk.toString()).slice(-2000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await isPortOpen(port, 250)) return server;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.stop();
    throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms\n${server.output}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    this.watchdog.kill('SIGKILL');
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
