import http from 'node:http';
import net from 'node:net';
import { loadConfig } from '../../src/config/load';
import { createHttpApp } from '../../src/http/createHttpApp';
import { createSilentLogger, type Logger } from '../../src/observability/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { DraftLab } from '../../src/flowspecs/draftLab';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpBot {
  url: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

/** The whole web + worker process on a real loopback port, configured from `env`. */
export async function startHttpBot(env: Record<string, string> = {}, logger: Logger = createSilentLogger(), app: Parameters<typeof createHttpApp>[1] = {}): Promise<HttpBot> {
  const port = await freePort();
  const config = loadConfig({ dotenv: false, env: { PORT: String(port), HOST: '127.0.0.1', SQLITE_FILE: ':memory:', ...env } });
  const runtime = await createRuntime(config, logger);
  if (config.role !== 'web') runtime.startWorkers();
  const drafts = new DraftLab({ flowsDir: config.flowsDir, live: config, logger });
  const server = http.createServer(createHttpApp(runtime, { ...app, drafts }));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await drafts.stop();
      await runtime.stop();
    },
  };
}

export async function until<T>(probe: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
