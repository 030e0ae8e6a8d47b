/**
 * A redis-server on a port of our choosing, for the test that stops Redis and starts it again
 * on the same port (the harness's startRedis() picks a new port each time). Same flags as the
 * harness; fails loudly with the server's output when it cannot start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { isPortOpen } from '../../../support/services';

export interface RedisAtPort {
  url: string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startRedisAt(port: number): Promise<RedisAtPort> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      output += `\n${error.message}`;
      exited = true;
      live.delete(child);
      resolve();
    });
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) throw new Error(`redis-server on port ${port} exited at start (run \`bash scripts/setup-services.sh\` if it is missing):\n${output}`);
    if (await isPortOpen(port, 200)) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      const ok = await probe.connect().then(() => probe.ping()).then((r) => r === 'PONG', () => false);
      probe.disconnect();
      if (ok) break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} not ready within 10 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exit;
      clearTimeout(timer);
      child.stdout!.destroy();
      child.stderr!.destroy();
    },
  };
}
