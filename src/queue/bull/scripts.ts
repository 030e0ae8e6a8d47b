import type Redis from 'ioredis';
import type { BullAddJobCall, ScriptArg } from './bullInternals';
import { loadLuaScripts, type LuaScript } from './luaScripts';

/**
 * The adapter's state changes, each one Lua script = one atomic step on the Redis server
 * (the BullMQ lesson in STYLE.md), kept in lua/<name>-<number of keys>.lua. Invariants they
 * keep, per topic and key:
 *  - `sched` exists  ⇔  `list` is non-empty, and it names the one drain job that owns the key;
 *  - an item leaves `list` only after its handler finished (or was given up);
 *  - a job id is accepted at most once while its `seen` marker lives.
 */
const SCRIPT_NAMES = ['wabotAdd', 'wabotPush', 'wabotClaim', 'wabotFinish', 'wabotReschedule', 'wabotMarkDone'] as const;

// Read and checked once per process, when the first BullQueue starts.
let loaded: Map<string, LuaScript> | undefined;
const scripts = () => (loaded ??= loadLuaScripts(SCRIPT_NAMES));

type ScriptName = (typeof SCRIPT_NAMES)[number];
type ScriptFn = (...args: ScriptArg[]) => Promise<unknown>;

/** One script call, built but not sent (several go to Redis in one round trip: runAll). */
export interface ScriptCall {
  name: ScriptName;
  keys: string[];
  args: ScriptArg[];
}

export type ClaimResult = { kind: 'lost' } | { kind: 'unlocked' } | { kind: 'empty' } | { kind: 'item'; raw: string; attempt: number };

/** Typed calls of the scripts on one ioredis client (ioredis caches them by SHA and resends on NOSCRIPT). */
export class QueueScripts {
  constructor(private readonly client: Redis) {
    for (const script of scripts().values()) {
      client.defineCommand(script.name, { numberOfKeys: script.keys, lua: script.lua });
    }
  }

  static addCall(k: { seen: string; pending: string }, seenTtl: number, jobId: string, dueAt: number, bull: BullAddJobCall): ScriptCall {
    return { name: 'wabotAdd', keys: [k.seen, k.pending, ...bull.keys], args: [seenTtl, jobId, dueAt, ...bull.args] };
  }

  static pushCall(k: { dedupe: string; list: string; sched: string; pending: string }, dedupeTtl: number, item: { id: string; raw: string }, drainId: string, now: number, bull: BullAddJobCall): ScriptCall {
    return { name: 'wabotPush', keys: [k.dedupe, k.list, k.sched, k.pending, ...bull.keys], args: [dedupeTtl, item.raw, drainId, now, item.id, ...bull.args] };
  }

  /** Runs one built call. */
  run(call: ScriptCall): Promise<unknown> {
    return this.call(call.name, call.keys, call.args);
  }

  /**
   * Sends every call in one pipeline (one write, one round trip) instead of one by one: a
   * webhook delivery of 1,000 messages is 1,000 adds. Each call stays its own atomic step;
   * rejects with the first failure once all have answered (the others took effect).
   */
  async runAll(calls: ScriptCall[]): Promise<void> {
    if (calls.length === 0) return;
    const pipeline = this.client.pipeline() as unknown as Record<string, ScriptFn> & { exec(): Promise<[Error | null, unknown][] | null> };
    for (const call of calls) {
      this.checkKeys(call.name, call.keys);
      pipeline[call.name].call(pipeline, ...call.keys, ...call.args);
    }
    const results = await pipeline.exec();
    if (!results) throw new Error('the Redis pipeline was discarded');
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
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
    this.checkKeys(name, keys);
    const fn = (this.client as unknown as Record<string, ScriptFn>)[name];
    return fn.call(this.client, ...keys, ...args);
  }

  private checkKeys(name: ScriptName, keys: string[]): void {
    const expected = scripts().get(name)!.keys;
    if (keys.length !== expected) throw new Error(`${name}: expected ${expected} keys, got ${keys.length}`);
  }
}
