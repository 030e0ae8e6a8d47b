import type { ConnectOptions, Connection } from 'mongoose';

/** How long `init()` waits for a server before giving up (and every operation, while none answers). */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;
/** Connections per process when the URI does not say (`?maxPoolSize=`). */
export const DEFAULT_MAX_POOL_SIZE = 20;
/** `ping()` answers /readyz: fail fast rather than hang the probe. */
export const PING_TIMEOUT_MS = 2_000;

export interface ConnectionSettings {
  uri: string;
  /** Overrides the URI's `maxPoolSize`; without either, DEFAULT_MAX_POOL_SIZE. */
  maxPoolSize?: number;
  serverSelectionTimeoutMS?: number;
}

/** Mongoose connection states, by `readyState`. */
const STATES: Record<number, string> = { 0: 'disconnected', 1: 'connected', 2: 'connecting', 3: 'disconnecting', 99: 'uninitialized' };

export function connectionState(connection: Connection): string {
  return STATES[connection.readyState] ?? `state ${connection.readyState}`;
}

/** The URI without credentials or query string, for logs and error messages. */
export function describeTarget(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1').replace(/\?.*$/, '');
}

function uriSetsPoolSize(uri: string): boolean {
  const query = uri.split('?')[1] ?? '';
  return query.split('&').some((pair) => pair.split('=')[0]?.toLowerCase() === 'maxpoolsize');
}

export function connectOptions(settings: ConnectionSettings): ConnectOptions {
  const timeout = settings.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  const options: ConnectOptions = {
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
    // Models are compiled before the connection opens; indexes are built once, awaited, in init().
    autoIndex: false,
    autoCreate: false,
    // Fail an operation issued before init() (or after close()) instead of queueing it silently.
    bufferCommands: false,
    // Optional domain fields are often present as `undefined`: store them as absent, never as null.
    ignoreUndefined: true,
    appName: 'wa-handoff-bot',
  };
  // An explicit option wins over the URI; the URI wins over the default (the test harness pins
  // FerretDB to ?maxPoolSize=1, see docs/STORE_MONGO.md).
  if (settings.maxPoolSize !== undefined) options.maxPoolSize = settings.maxPoolSize;
  else if (!uriSetsPoolSize(settings.uri)) options.maxPoolSize = DEFAULT_MAX_POOL_SIZE;
  return options;
}

/** Opens the store's own connection; on failure closes it again (no retry timers left behind) and says why. */
export async function openConnection(connection: Connection, settings: ConnectionSettings): Promise<void> {
  const options = connectOptions(settings);
  try {
    await connection.openUri(settings.uri, options);
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw new Error(
      `MongoDB store: cannot connect to ${describeTarget(settings.uri)} within ${options.serverSelectionTimeoutMS} ms: ${(error as Error).message}`,
    );
  }
}

/** The `ping` admin command, bounded by PING_TIMEOUT_MS; throws with the connection state and the cause. */
export async function pingServer(connection: Connection, uri: string): Promise<void> {
  try {
    const reply = await connection.getClient().db('admin').command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS });
    if (reply.ok !== 1) throw new Error(`ping replied ${JSON.stringify(reply)}`);
  } catch (error) {
    throw new Error(`MongoDB store: ${describeTarget(uri)} does not answer ping (connection ${connectionState(connection)}): ${(error as Error).message}`);
  }
}

export interface ServerInfo {
  version: string;
  /** Set when the server is FerretDB (its buildInfo says so). */
  ferretdbVersion?: string;
}

export async function serverInfo(connection: Connection): Promise<ServerInfo> {
  const info = await connection.getClient().db('admin').command({ buildInfo: 1 });
  return { version: String(info.version), ferretdbVersion: typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined };
}

/** The pool size the driver actually uses (URI and options merged). */
export function effectivePoolSize(connection: Connection): number {
  return Number(connection.getClient().options.maxPoolSize);
}
