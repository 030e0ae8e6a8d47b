import type Redis from 'ioredis';
import { bullAddJobLuaFunction, type BullAddJobCall, type ScriptArg } from './bullInternals';

/**
 * The adapter's state changes, each one Lua script = one atomic step on the Redis server
 * (the BullMQ lesson in STYLE.md). Invariants they keep, per topic and key:
 *  - `sched` exists  ⇔  `list` is non-empty, and it names the one drain job that owns the key;
 *  - an item leaves `list` only after its handler finished (or was given up);
 *  - a job id is accepted at most once while its `seen` marker lives.
 */
const PRELUDE = `
local rcall = redis.call
${bullAddJobLuaFunction()}
local function slice(t, from, to)
  local r = {}
  for i = from, to do r[#r + 1] = t[i] end
  return r
end
-- A drain job is alive while bull still has it and has not finished it (completed or failed).
local function drainAlive(bullPrefix, drainId)
  local jobKey = bullPrefix .. drainId
  if rcall('EXISTS', jobKey) == 0 then return false end
  return rcall('HEXISTS', jobKey, 'finishedOn') == 0
end
`;

const SCRIPTS = {
  /** KEYS: seen, pending, bull×6. ARGV: seenTtl, jobId, dueAt, bull×14. → 0 duplicate, 1 added. */
  wabotAdd: {
    keys: 8,
    body: `
if not rcall('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
rcall('ZADD', KEYS[2], ARGV[3], ARGV[2])
bullAddJob(slice(KEYS, 3, 8), slice(ARGV, 4, 17))
return 1`,
  },
  /**
   * KEYS: dedupe, list, sched, pending, bull×6. ARGV: dedupeTtl, item, newDrainId, now, itemId, bull×14 (for newDrainId).
   * → 0 duplicate, 1 queued behind the key's live drain job, 2 queued and a drain job created.
   */
  wabotPush: {
    keys: 10,
    body: `
if not rcall('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
rcall('RPUSH', KEYS[2], ARGV[2])
rcall('ZADD', KEYS[4], 'NX', ARGV[4], ARGV[5])
local bullArgv = slice(ARGV, 6, 19)
local owner = rcall('GET', KEYS[3])
if owner and drainAlive(bullArgv[1], owner) then return 1 end
rcall('SET', KEYS[3], ARGV[3])
bullAddJob(slice(KEYS, 5, 10), bullArgv)
return 2`,
  },
  /**
   * KEYS: sched, list, attempts, bull lock of the drain job. ARGV: drainId, lock token.
   * → {'lost'} another drain owns the key, {'unlocked'} bull gave our job to another worker,
   *   {'empty'} nothing left (owner flag removed), {'item', raw, attempt}.
   */
  wabotClaim: {
    keys: 4,
    body: `
if rcall('GET', KEYS[1]) ~= ARGV[1] then return {'lost'} end
if rcall('GET', KEYS[4]) ~= ARGV[2] then return {'unlocked'} end
local head = rcall('LINDEX', KEYS[2], 0)
if not head then
  rcall('DEL', KEYS[1], KEYS[3])
  return {'empty'}
end
local attempt = rcall('HINCRBY', KEYS[3], cjson.decode(head)['id'], 1)
return {'item', head, attempt}`,
  },
  /**
   * KEYS: list, attempts, done, sched, pending. ARGV: itemId, doneTtl, doneChannel, drainId.
   * Idempotent: pops only if the head is that item. When that empties the list, the owner
   * releases the key in the same step, so the job is never announced finished while the key
   * still looks busy. → 1 items remain, 0 the key is drained and released.
   */
  wabotFinish: {
    keys: 5,
    body: `
local head = rcall('LINDEX', KEYS[1], 0)
if head and cjson.decode(head)['id'] == ARGV[1] then rcall('LPOP', KEYS[1]) end
rcall('HDEL', KEYS[2], ARGV[1])
rcall('ZREM', KEYS[5], ARGV[1])
local drained = rcall('LLEN', KEYS[1]) == 0 and rcall('GET', KEYS[4]) == ARGV[4]
if drained then rcall('DEL', KEYS[4], KEYS[2]) end
rcall('SET', KEYS[3], '1', 'EX', ARGV[2])
rcall('PUBLISH', ARGV[3], ARGV[1])
if drained then return 0 end
return 1`,
  },
  /**
   * Hands a key to a fresh drain job. mode 'yield': the owner gives the rest of its list up
   * (batch limit, shutdown). mode 'revive': the owner died for good (bull failed or removed it).
   * KEYS: sched, list, attempts, bull×6. ARGV: expectedOwner, newDrainId, mode, bull×14.
   * → 1 new drain job created, 0 nothing to do.
   */
  wabotReschedule: {
    keys: 9,
    body: `
if rcall('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local bullArgv = slice(ARGV, 4, 17)
if ARGV[3] == 'revive' and drainAlive(bullArgv[1], ARGV[1]) then return 0 end
if rcall('LLEN', KEYS[2]) == 0 then
  rcall('DEL', KEYS[1], KEYS[3])
  return 0
end
rcall('SET', KEYS[1], ARGV[2])
bullAddJob(slice(KEYS, 4, 9), bullArgv)
return 1`,
  },
  /** KEYS: done, pending. ARGV: doneTtl, doneChannel, jobId. */
  wabotMarkDone: {
    keys: 2,
    body: `
rcall('ZREM', KEYS[2], ARGV[3])
rcall('SET', KEYS[1], '1', 'EX', ARGV[1])
rcall('PUBLISH', ARGV[2], ARGV[3])
return 1`,
  },
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptFn = (...args: ScriptArg[]) => Promise<unknown>;

export type ClaimResult = { kind: 'lost' } | { kind: 'unlocked' } | { kind: 'empty' } | { kind: 'item'; raw: string; attempt: number };

/** Typed calls of the scripts on one ioredis client (ioredis caches them by SHA and resends on NOSCRIPT). */
export class QueueScripts {
  constructor(private readonly client: Redis) {
    for (const [name, script] of Object.entries(SCRIPTS)) {
      client.defineCommand(name, { numberOfKeys: script.keys, lua: PRELUDE + script.body });
    }
  }

  async add(k: { seen: string; pending: string }, seenTtl: number, jobId: string, dueAt: number, bull: BullAddJobCall): Promise<boolean> {
    return (await this.call('wabotAdd', [k.seen, k.pending, ...bull.keys], [seenTtl, jobId, dueAt, ...bull.args])) === 1;
  }

  async push(k: { dedupe: string; list: string; sched: string; pending: string }, dedupeTtl: number, item: { id: string; raw: string }, drainId: string, now: number, bull: BullAddJobCall): Promise<0 | 1 | 2> {
    return (await this.call('wabotPush', [k.dedupe, k.list, k.sched, k.pending, ...bull.keys], [dedupeTtl, item.raw, drainId, now, item.id, ...bull.args])) as 0 | 1 | 2;
  }

  async claim(k: { sched: string; list: string; attempts: string; lock: string }, drainId: string, token: string): Promise<ClaimResult> {
    const reply = (await this.call('wabotClaim', [k.sched, k.list, k.attempts, k.lock], [drainId, token])) as [string, string?, number?];
    if (reply[0] === 'item') return { kind: 'item', raw: reply[1]!, attempt: Number(reply[2]) };
    return { kind: reply[0] as 'lost' | 'unlocked' | 'empty' };
  }

  /** → true when the key is drained and released (nothing left to claim). */
  async finish(k: { list: string; attempts: string; done: string; sched: string; pending: string }, itemId: string, doneTtl: number, channel: string, drainId: string): Promise<boolean> {
    return (await this.call('wabotFinish', [k.list, k.attempts, k.done, k.sched, k.pending], [itemId, doneTtl, channel, drainId])) === 0;
  }

  async reschedule(k: { sched: string; list: string; attempts: string }, expectedOwner: string, mode: 'yield' | 'revive', drainId: string, bull: BullAddJobCall): Promise<boolean> {
    return (await this.call('wabotReschedule', [k.sched, k.list, k.attempts, ...bull.keys], [expectedOwner, drainId, mode, ...bull.args])) === 1;
  }

  async markDone(k: { done: string; pending: string }, doneTtl: number, channel: string, jobId: string): Promise<void> {
    await this.call('wabotMarkDone', [k.done, k.pending], [doneTtl, channel, jobId]);
  }

  private call(name: ScriptName, keys: string[], args: ScriptArg[]): Promise<unknown> {
    if (keys.length !== SCRIPTS[name].keys) throw new Error(`${name}: expected ${SCRIPTS[name].keys} keys, got ${keys.length}`);
    const fn = (this.client as unknown as Record<string, ScriptFn>)[name];
    return fn.call(this.client, ...keys, ...args);
  }
}
