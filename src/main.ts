import http from 'node:http';
import { ConfigError, loadConfig } from './config/load';
import { FlowLoadError } from './flowfiles/model';
import { createLogger } from './observability/logger';
import { createRuntime } from './runtime/runtime';
import { createHttpApp } from './http/createHttpApp';
import { DraftLab } from './flowspecs/draftLab';

/** Starts the bot: web + workers in one process unless PROCESS_ROLE says otherwise. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  let runtime;
  try {
    runtime = await createRuntime(config, logger);
  } catch (error) {
    if (error instanceof FlowLoadError) {
      console.error(error.message);
      process.exit(3);
    }
    throw error;
  }
  if (config.role !== 'web') runtime.startWorkers();

  let server: http.Server | undefined;
  // The Flows page tries drafts on bots of their own, started in the web process on demand.
  const drafts = config.role === 'worker' ? undefined : new DraftLab({ flowsDir: config.flowsDir, live: config, logger });
  {
    // Workers listen too, for health checks and /metrics.
    const app = createHttpApp(runtime, { drafts });
    server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, resolve);
    });
    logger.info('listening', { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`, simulator: config.simulator ? `/simulator` : undefined });
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await drafts?.stop();
    await runtime.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A bug in one handler must not take the whole bot down; it is logged and the process serves on.
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: (reason as Error)?.message ?? String(reason) }));
}

main().catch((error) => {
  console.error('start-up failed:', error);
  process.exit(1);
});
