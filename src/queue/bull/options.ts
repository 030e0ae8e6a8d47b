import type { Logger } from '../../observability/logger';

/** Settings of the bull adapter. Only `redisUrl` and `logger` are required. */
export interface BullQueueOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  redisUrl: string;
  logger: Logger;
  /**
   * First segment of every Redis key and channel this adapter uses (default `wabot`). Give each
   * deployment sharing one Redis its own. On Redis Cluster use a hash tag, e.g. `{wabot}`, so
   * every key of the adapter lands in one slot (the scripts touch several keys at once).
   */
  prefix?: string;
  /** How long a worker's claim on a bull job lasts without renewal (default 30 000). */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died (default 5 000). */
  stalledIntervalMs?: number;
  /** A bull job found stalled more often than this is failed by bull (default 3). Drain jobs are then rescheduled. */
  maxStalledCount?: number;
  /** How long a job id is remembered to ignore a redelivery (default 7 days, Meta's webhook retry window). */
  seenTtlSeconds?: number;
  /** How long a finished job stays visible to waitFor (default 3 600). */
  doneTtlSeconds?: number;
  /** First retry delay; doubles on every further failure (default 1 000). */
  backoffMs?: number;
  /** Upper bound of the retry delay of a keyed job (default 300 000). */
  maxBackoffMs?: number;
  /** add() and ping() give up after this long when Redis does not answer (default 2 000). */
  commandTimeoutMs?: number;
  /** Items one drain job runs before it queues a fresh drain job for the rest, so one busy customer cannot hold a slot forever (default 100). */
  drainBatch?: number;
  /** Finished and failed bull jobs kept per topic for inspection (default 1 000). */
  keepFinishedJobs?: number;
}

export type ResolvedOptions = Required<BullQueueOptions>;

const DEFAULTS = {
  prefix: 'wabot',
  lockDurationMs: 30_000,
  stalledIntervalMs: 5_000,
  maxStalledCount: 3,
  seenTtlSeconds: 7 * 24 * 3600,
  doneTtlSeconds: 3600,
  backoffMs: 1_000,
  maxBackoffMs: 300_000,
  commandTimeoutMs: 2_000,
  drainBatch: 100,
  keepFinishedJobs: 1_000,
};

export function resolveOptions(options: BullQueueOptions): ResolvedOptions {
  if (!/^rediss?:\/\//.test(options.redisUrl)) throw new Error(`BullQueue: redisUrl must start with redis:// or rediss:// (got "${redactUrl(options.redisUrl)}")`);
  const resolved: ResolvedOptions = { ...DEFAULTS, ...stripUndefined(options) } as ResolvedOptions;
  for (const name of ['lockDurationMs', 'stalledIntervalMs', 'seenTtlSeconds', 'doneTtlSeconds', 'backoffMs', 'maxBackoffMs', 'commandTimeoutMs', 'drainBatch'] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value <= 0) throw new Error(`BullQueue: ${name} must be a positive integer (got ${String(value)})`);
  }
  for (const name of ['maxStalledCount', 'keepFinishedJobs'] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < 0) throw new Error(`BullQueue: ${name} must be a non-negative integer (got ${String(value)})`);
  }
  if (resolved.lockDurationMs <= resolved.stalledIntervalMs) {
    // bull renews a lock every lockDuration/2; a stalled check shorter than that would still be
    // safe, but a lock shorter than the check interval makes crash recovery depend on luck.
    throw new Error('BullQueue: lockDurationMs must be longer than stalledIntervalMs');
  }
  return resolved;
}

/** host:port of a Redis URL without credentials, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
