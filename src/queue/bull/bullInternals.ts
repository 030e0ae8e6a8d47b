/**
 * The one place that reaches into bull's internals, so that our Lua scripts can create a bull
 * job in the same atomic step as our own bookkeeping (dedupe + per-key list + drain owner).
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
interface BullScriptSource {
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

/** bull's addJob script as a Lua function `bullAddJob(KEYS, ARGV)` (shadowing the globals). */
export function bullAddJobLuaFunction(): string {
  return `local function bullAddJob(KEYS, ARGV)\n${addJobSource.content}\nend\n`;
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

export function assertCompatible(): void {
  const ok =
    addJobSource.name === 'addJob' &&
    addJobSource.keys === BULL_ADD_JOB_KEYS &&
    addJobSource.content.includes('ARGV[14]') &&
    !addJobSource.content.includes('@include') &&
    typeof bullScripts.addJob === 'function';
  if (!ok) throw new Error("BullQueue: the installed bull's addJob script differs from bull 4.16's; this bull version is not supported");
}
