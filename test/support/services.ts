/**
 * Real, throw-away backing services for integration tests.
 *
 *   const redis = await startRedis();   // redis://127.0.0.1:PORT
 *   const mongo = await startMongo();   // mongodb://127.0.0.1:PORT/<random db>?maxPoolSize=1
 *   ...
 *   await mongo.stop(); await redis.stop();
 *
 * - Redis: a private `redis-server` on a free loopback port (no persistence).
 * - Mongo: FerretDB v1.24.2 (MongoDB wire protocol, SQLite backend) built by
 *   `bash scripts/setup-services.sh` into `.cache/bin/ferretdb`, with its data
 *   in a fresh temp directory that is removed on stop. The URI carries
 *   `?maxPoolSize=1` because FerretDB's updates are only atomic per connection
 *   (see FERRETDB_URI_OPTIONS) — keep one mongoose connection per test process.
 * - `REDIS_URL` / `MONGODB_URI` in the environment override the spawned servers
 *   (for Mongo a unique database name is substituted, and dropped on stop).
 *
 * Nothing is ever skipped silently: when a service cannot be started the
 * promise rejects with the reason, the server's output tail and the fix.
 *
 * Spawned servers die with the test process: on stop() (SIGTERM, SIGKILL after
 * 3 s); and otherwise through a small detached watchdog shell per server that
 * SIGKILLs it (and removes its temp dir) within ~0.5 s once this process dies
 * or is orphaned by its parent (jest parent killed) — see spawnWatchdog. Outside
 * jest, 'exit'/SIGTERM/SIGINT hooks additionally kill servers synchronously.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import mongoose from 'mongoose';

export interface RedisService {
  /** e.g. `redis://127.0.0.1:41234` */
  url: string;
  stop(): Promise<void>;
}

export interface MongoService {
  /**
   * e.g. `mongodb://127.0.0.1:41235/test_ab12cd34ef56?maxPoolSize=1` — database name is unique
   * per call; the query string is only added for the spawned FerretDB (see FERRETDB_URI_OPTIONS).
   */
  uri: string;
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FERRETDB_BIN = path.join(REPO_ROOT, '.cache', 'bin', 'ferretdb');
const SETUP_HINT = 'Run `bash scripts/setup-services.sh` to install/build the test services.';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;
const OUTPUT_TAIL_BYTES = 4_000;
/** Attempts when the chosen port is taken between freePort() and the server's bind. */
const START_ATTEMPTS = 3;
const PORT_IN_USE = /address already in use|EADDRINUSE/i;

// ---------------------------------------------------------------------------
// process bookkeeping
// ---------------------------------------------------------------------------

interface Managed {
  name: string;
  child: ChildProcess;
  watchdog: ChildProcess | undefined;
  output: () => string;
  /** Directory removed once the process is dead (also by the exit hooks/watchdog). */
  cleanupDir: string | undefined;
  exited: Promise<void>;
  hasExited: () => boolean;
}

const live = new Set<Managed>();

// Hooks are installed while at least one server is alive and removed when the
// last one stops, so listeners do not pile up across test files in a worker.
const signalHandlers = new Map<NodeJS.Signals, () => void>();
let hooksInstalled = false;

function killAllSync(): void {
  for (const m of live) {
    try {
      m.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    try {
      m.watchdog?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    if (m.cleanupDir) rmSync(m.cleanupDir, { recursive: true, force: true });
  }
  live.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllSync);
  // In a jest worker (child process with an IPC channel) the channel closes when
  // the parent jest process dies; the worker itself would otherwise linger.
  if (process.send !== undefined) process.on('disconnect', killAllSync);
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    // Only take over the signal when nobody else handles it, and re-raise it
    // afterwards so the default behaviour (terminate) still happens.
    if (process.listenerCount(sig) > 0) continue;
    const handler = (): void => {
      killAllSync();
      removeExitHooks();
      process.kill(process.pid, sig);
    };
    signalHandlers.set(sig, handler);
    process.once(sig, handler);
  }
}

function removeExitHooks(): void {
  if (!hooksInstalled) return;
  hooksInstalled = false;
  process.removeListener('exit', killAllSync);
  process.removeListener('disconnect', killAllSync);
  for (const [sig, handler] of signalHandlers) process.removeListener(sig, handler);
  signalHandlers.clear();
}

/**
 * Last line of defence, outside this process: a detached `sh` loop that polls
 * (every 0.5 s, via /proc) whether this process is still alive and still the
 * child of the same parent. As soon as this process dies (even by SIGKILL) or
 * is orphaned (e.g. the jest parent was SIGKILLed and left the worker behind),
 * it SIGKILLs the server and removes `cleanupDir`.
 *
 * This is what actually protects jest runs: test files see a *copy* of
 * `process` (jest-util createProcessObject) whose 'exit'/signal/'disconnect'
 * listeners never fire; the in-process hooks above only help outside jest
 * (tsx scripts). Best effort: returns undefined if `sh` cannot be spawned.
 */
const WATCHDOG_SCRIPT = `
W=$1; P=$2; S=$3; D=$4
owner_ok() {
  if [ -r /proc/$W/stat ]; then
    st=$(sed 's/.*) //' /proc/$W/stat 2>/dev/null) || return 1
    set -- $st
    [ "$1" != Z ] && [ "$2" = "$P" ]
  elif [ -d /proc/self ]; then
    return 1
  else
    kill -0 "$W" 2>/dev/null
  fi
}
while owner_ok && kill -0 "$S" 2>/dev/null; do sleep 0.5; done
kill -9 "$S" 2>/dev/null
sleep 0.2
if [ -n "$D" ]; then rm -rf -- "$D"; fi
`;

function spawnWatchdog(serverPid: number, cleanupDir: string | undefined): ChildProcess | undefined {
  try {
    const args = ['-c', WATCHDOG_SCRIPT, 'watchdog', String(process.pid), String(process.ppid), String(serverPid), cleanupDir ?? ''];
    const wd = spawn('sh', args, { stdio: 'ignore', detached: true });
    wd.on('error', () => undefined);
    wd.unref();
    return wd;
  } catch {
    return undefined;
  }
}

function spawnManaged(name: string, command: string, args: string[], cleanupDir?: string): Managed {
  installExitHooks();
  let tail = '';
  const append = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
  };
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: cleanupDir });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      append(Buffer.from(`\n[${name} exited: code=${String(code)} signal=${String(signal)}]\n`));
      resolve();
    });
    child.once('error', (err) => {
      exited = true;
      append(Buffer.from(`\n[${name} failed to spawn: ${err.message}]\n`));
      resolve();
    });
  });

  const managed: Managed = {
    name,
    child,
    watchdog: child.pid !== undefined ? spawnWatchdog(child.pid, cleanupDir) : undefined,
    output: () => tail.trim(),
    cleanupDir,
    exited: exitedPromise,
    hasExited: () => exited,
  };
  live.add(managed);
  return managed;
}

/** A stop that does its work the first time only: suites may stop a service twice (test and afterAll). */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
}

async function stopManaged(m: Managed): Promise<void> {
  if (!m.hasExited()) {
    m.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      m.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), STOP_GRACE_MS);
      }),
    ]);
    if (timer) clearTimeout(timer);
    if (timedOut && !m.hasExited()) {
      m.child.kill('SIGKILL');
      await m.exited;
    }
  }
  try {
    m.watchdog?.kill('SIGKILL');
  } catch {
    /* already gone */
  }
  m.child.stdout?.destroy();
  m.child.stderr?.destroy();
  if (m.cleanupDir) rmSync(m.cleanupDir, { recursive: true, force: true });
  live.delete(m);
  if (live.size === 0) removeExitHooks();
}

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/** Bind port 0 on loopback, read the assigned port, release it. */
export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = addr;
      srv.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export async function isPortOpen(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (open: boolean): void => {
      sock.destroy();
      resolve(open);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function uniqueDbName(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function failure(what: string, reason: string, m?: Managed): Error {
  const out = m?.output();
  return new Error(
    `${what}: ${reason}\n${SETUP_HINT}` + (out ? `\n--- ${m?.name} output (tail) ---\n${out}` : ''),
  );
}

/**
 * Wait until the server accepts TCP connections on `port` (cheap, polled every
 * 20 ms), then poll the protocol-level `probe` until it succeeds, the process
 * exits, or the deadline passes. Returns undefined on success, otherwise the
 * failure reason.
 */
async function waitReady(
  m: Managed,
  port: number,
  probe: () => Promise<void>,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'port never opened';
  while (Date.now() < deadline) {
    if (m.hasExited()) return `process exited before becoming ready (${lastError})`;
    if (await isPortOpen(port, 250)) break;
    await sleep(20);
  }
  while (Date.now() < deadline) {
    if (m.hasExited()) return `process exited before becoming ready (last probe error: ${lastError})`;
    try {
      await probe();
      return undefined;
    } catch (err) {
      lastError = errorMessage(err);
    }
    await sleep(50);
  }
  return `not ready after ${timeoutMs} ms (last error: ${lastError})`;
}

// ---------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------

/** PING the server; when `expectPid` is given also check that it is *our* process. */
async function pingRedis(url: string, timeoutMs = 1_000, expectPid?: number): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await client.connect().catch((err: unknown) => {
      // ioredis often rejects with "Connection is closed."; the 'error' event has the cause.
      throw lastError ?? err;
    });
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply: ${pong}`);
    if (expectPid !== undefined) {
      const info = await client.info('server');
      const pid = /process_id:(\d+)/.exec(info)?.[1];
      if (Number(pid) !== expectPid) throw new Error(`port answered by another redis (pid ${pid}, ours ${expectPid})`);
    }
  } finally {
    client.disconnect();
  }
}

export async function startRedis(): Promise<RedisService> {
  const external = process.env.REDIS_URL;
  if (external) {
    try {
      await pingRedis(external, 5_000);
    } catch (err) {
      throw new Error(`REDIS_URL=${external} is set but does not answer PING: ${errorMessage(err)}`);
    }
    return { url: external, stop: async () => undefined };
  }

  let lastFailure: Error | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const m = spawnManaged('redis-server', 'redis-server', [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      '--loglevel', 'warning',
    ]);
    const notReady = await waitReady(m, port, () => pingRedis(url, 1_000, m.child.pid), READY_TIMEOUT_MS);
    if (notReady === undefined) {
      return { url, stop: once(() => stopManaged(m)) };
    }
    await stopManaged(m);
    const missing = /ENOENT/.test(m.output());
    lastFailure = failure(
      'could not start redis-server',
      missing ? 'redis-server is not installed (not found on PATH)' : notReady,
      m,
    );
    if (!PORT_IN_USE.test(m.output()) && !/another redis/.test(notReady)) break;
  }
  throw lastFailure ?? new Error('could not start redis-server');
}

// ---------------------------------------------------------------------------
// Mongo (FerretDB)
// ---------------------------------------------------------------------------

/** Replace (or add) the database path segment of a mongodb:// or mongodb+srv:// URI. */
export function withDatabase(uri: string, dbName: string): string {
  const schemeEnd = uri.indexOf('://');
  if (schemeEnd < 0) throw new Error(`not a MongoDB URI: ${uri}`);
  const authorityStart = schemeEnd + 3;
  const queryIdx = uri.indexOf('?', authorityStart);
  const end = queryIdx < 0 ? uri.length : queryIdx;
  const slashIdx = uri.indexOf('/', authorityStart);
  const authorityEnd = slashIdx >= 0 && slashIdx < end ? slashIdx : end;
  return `${uri.slice(0, authorityEnd)}/${dbName}${uri.slice(end)}`;
}

/** `ping` the server; when `expectPid` is given also check (serverStatus.pid) that it is *our* process. */
async function pingMongo(uri: string, timeoutMs = 1_000, expectPid?: number): Promise<void> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await conn.asPromise();
    const res = await conn.getClient().db('admin').command({ ping: 1 });
    if (res.ok !== 1) throw new Error(`ping replied ${JSON.stringify(res)}`);
    if (expectPid !== undefined) {
      const status = await conn.getClient().db('admin').command({ serverStatus: 1 });
      if (Number(status.pid) !== expectPid) {
        throw new Error(`port answered by another server (pid ${String(status.pid)}, ours ${expectPid})`);
      }
    }
  } finally {
    await conn.close(true).catch(() => undefined);
  }
}

async function dropDatabase(uri: string): Promise<void> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await conn.asPromise();
    await conn.dropDatabase();
  } finally {
    await conn.close(true).catch(() => undefined);
  }
}

/**
 * FerretDB v1 (SQLite backend) implements findAndModify/update as "query, then
 * write back by _id" with no compare-and-set, so concurrent requests on
 * *different connections* race: measured with a warm pool of 100, 20 concurrent
 * guarded `findOneAndUpdate({_id, state:'queued'}, {$set:{state:'claimed'}})`
 * produced several winners in 100/100 rounds and 20 concurrent `$inc` lost
 * updates in 100/100 rounds. FerretDB serves the requests of one connection
 * strictly in order, so with a single pooled connection per client every
 * single-document update is atomic, as on real MongoDB (0/100 failures).
 * An explicit `maxPoolSize` in the client options overrides this URI option.
 */
/**
 * FerretDB on SQLite in `dataDir`, on loopback only. `--debug-addr=-` keeps parallel servers
 * from fighting over the debug port 8088.
 */
export function ferretDbArgs(dataDir: string, port: number): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=WARN',
  ];
}

export const FERRETDB_URI_OPTIONS = 'maxPoolSize=1';

export async function startMongo(): Promise<MongoService> {
  const dbName = uniqueDbName();
  const external = process.env.MONGODB_URI;
  if (external) {
    const uri = withDatabase(external, dbName);
    try {
      await pingMongo(uri, 5_000);
    } catch (err) {
      throw new Error(`MONGODB_URI=${external} is set but ping failed: ${errorMessage(err)}`);
    }
    return { uri, stop: once(() => dropDatabase(uri)) };
  }

  if (!existsSync(FERRETDB_BIN)) {
    throw new Error(`could not start FerretDB: ${FERRETDB_BIN} does not exist.\n${SETUP_HINT}`);
  }
  let lastFailure: Error | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-test-'));
    const port = await freePort();
    // maxPoolSize=1 is deliberate, see FERRETDB_URI_OPTIONS.
    const uri = `mongodb://127.0.0.1:${port}/${dbName}?${FERRETDB_URI_OPTIONS}`;
    const m = spawnManaged(
      'ferretdb',
      FERRETDB_BIN,
      ferretDbArgs(dataDir, port),
      dataDir,
    );
    const notReady = await waitReady(m, port, () => pingMongo(uri, 1_000, m.child.pid), READY_TIMEOUT_MS);
    if (notReady === undefined) {
      return { uri, stop: once(() => stopManaged(m)) }; // stopping also removes dataDir
    }
    await stopManaged(m); // also removes dataDir
    lastFailure = failure('could not start FerretDB', notReady, m);
    if (!PORT_IN_USE.test(m.output()) && !/another server/.test(notReady)) break;
  }
  throw lastFailure ?? new Error('could not start FerretDB');
}
