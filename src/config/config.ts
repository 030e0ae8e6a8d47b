import path from 'node:path';
import type { Env } from './schema';

/** The one typed configuration object the whole process reads. */
export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  role: Env['PROCESS_ROLE'];
  dataDir: string;
  flowsDir: string;
  snapshotIntervalMs: number;
  publicUrl: string;
  demoOrders: boolean;
  simulator: boolean;
  nlu: { kind: Env['NLU']; threshold: number };
  missesBeforeHuman: number;
  lookupTimeoutMs: number;
  maxTextLength: number;
  mongodbUri?: string;
  redisUrl?: string;
}

export function toConfig(env: Env, cwd: string): Config {
  return {
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    role: env.PROCESS_ROLE,
    dataDir: path.resolve(cwd, env.DATA_DIR),
    flowsDir: path.resolve(cwd, env.FLOWS_DIR),
    snapshotIntervalMs: env.SNAPSHOT_INTERVAL_MS,
    publicUrl: (env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, ''),
    demoOrders: env.DEMO_ORDERS,
    simulator: env.SIMULATOR,
    nlu: { kind: env.NLU, threshold: env.NLU_THRESHOLD },
    missesBeforeHuman: env.MISSES_BEFORE_HUMAN,
    lookupTimeoutMs: env.LOOKUP_TIMEOUT_MS,
    maxTextLength: env.MAX_TEXT_LENGTH,
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
  };
}
