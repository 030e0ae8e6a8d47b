/**
 * The one place that reaches into bull's internals, so that our Lua scripts can create a bull
 * job in the same atomic step as our own bookkeeping (dedupe + per-key list + drain owner),
 * tell whether a bull job is still alive, and check bull's lock of a job. Checked against the
 * installed bull (4.16.5) by test/unit/queue/bullInternals.test.ts, which fails when an
 * upgrade changes any of it.
 *
 * We do not re-implement bull's job format: the Lua body is bull's own `addJob` script (from
 * the installed bull, includes already inlined) wrapped as a Lua function, and its KEYS/ARGV
 * are built by bull's own `scripts.addJob` argument builder, captured instead of sent. If a
 * bull upgrade changes either shape, `assertCompatible()` fails at construction with a clear
 * message instead of corrupting jobs.
 */
import type Bull from 'bull';

interface BullJobInstance {
  opts: Bull.JobOptions;
  toData(): Record<string, unknown>;
}
type BullJobConstructor = new (queue: Bull.Queue, name: string, data: unknown, opts: Bull.JobOptions) => BullJobInstance;
interface BullScripts {
  addJob(
    client: { addJob(args: unknown[]): unknown },
    queue: Bull.Queue,
    job: Record<string, unknown>,
    opts: { lifo?: boolean; customJobId?: string; priority?: number },
  ): unknown;
}
export interface BullScriptSource {
  name: string;
  content: string;
  keys: number;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const BullJob = require('bull/lib/job') as BullJobConstructor;
const bullScripts = require('bull/lib/scripts') as BullScripts;
const addJobSource = require('bull/lib/scripts/addJob-6') as BullScriptSource;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Number of KEYS and ARGV bull's addJob script takes (bull 4.16). */
export const BULL_ADD_JOB_KEYS = 6;
export const BULL_ADD_JOB_ARGS = 14;

export type ScriptArg = string | number | Buffer;

export interface BullAddJobCall {
  keys: string[];
  args: ScriptArg[];
}

/**
 * Lua functions our scripts call (lua/*.lua): `bullAddJob(KEYS, ARGV)`, bull's addJob script
 * wrapped as a function (shadowing the globals), and `bullJobAlive(queueKeyPrefix, jobId)`,
 * true while bull has the job and has not finished it (moveToFinished sets `finishedOn` on
 * the job's hash, `<queueKeyPrefix><jobId>`). queueKeyPrefix is addJob's first ARGV.
 */
export function bullLuaFunctions(): string {
  return `local function bullAddJob(KEYS, ARGV)
${addJobSource.content}
end
local function bullJobAlive(queueKeyPrefix, jobId)
  local jobKey = queueKeyPrefix .. jobId
  if redis.call('EXISTS', jobKey) == 0 then return false end
  return redis.call('HEXISTS', jobKey, 'finishedOn') == 0
end
`;
}

/** bull's lock of a job (Job.prototype.lockKey): `<prefix>:<queue name>:<job id>:lock`. */
export function bullJobLockKey(prefix: string, queueName: string, jobId: string): string {
  return `${prefix}:${queueName}:${jobId}:lock`;
}

/**
 * The KEYS and ARGV bull would send to create this job. `jobId` is always given: we choose
 * unique bull ids ourselves, the deduplication by the caller's job id is ours.
 */
export function bullAddJobCall(queue: Bull.Queue, name: string, data: unknown, opts: Bull.JobOptions & { jobId: string }): BullAddJobCall {
  const job = new BullJob(queue, name, data, opts);
  let captured: unknown[] | undefined;
  const capture = {
    addJob(args: unknown[]): unknown {
      captured = args;
      return undefined;
    },
  };
  bullScripts.addJob(capture, queue, job.toData(), { customJobId: opts.jobId, lifo: opts.lifo, priority: opts.priority });
  if (!captured || captured.length !== BULL_ADD_JOB_KEYS + BULL_ADD_JOB_ARGS) {
    throw new Error(`BullQueue: bull's addJob arguments have an unexpected shape (${captured?.length ?? 'none'}); this bull version is not supported`);
  }
  const normalized = captured.map((value) => (value === null || value === undefined ? '' : value)) as ScriptArg[];
  return { keys: normalized.slice(0, BULL_ADD_JOB_KEYS) as string[], args: normalized.slice(BULL_ADD_JOB_KEYS) };
}

/** The lock value bull writes for jobs this Queue instance is processing. */
export function bullQueueToken(queue: Bull.Queue): string {
  const token = (queue as unknown as { token?: unknown }).token;
  if (typeof token !== 'string') throw new Error('BullQueue: bull queue has no token; this bull version is not supported');
  return token;
}

/** Throws, before any job is touched, when the installed bull's addJob script is not the one this file knows. */
export function assertCompatible(addJob: BullScriptSource = addJobSource): void {
  const ok =
    addJob.name === 'addJob' &&
    addJob.keys === BULL_ADD_JOB_KEYS &&
    addJob.content.includes('ARGV[14]') &&
    !addJob.content.includes('@include') &&
    typeof bullScripts.addJob === 'function';
  if (!ok) throw new Error("BullQueue: the installed bull's addJob script differs from bull 4.16's; this bull version is not supported");
}
