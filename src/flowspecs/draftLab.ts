import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { Config } from '../config/config';
import { listOpsFiles, opsFileKind, opsFilePath } from '../flowfiles/editing/opsFiles';
import { FlowLoadError } from '../flowfiles/model';
import { listTrainingFiles } from '../flowfiles/trainingFile';
import type { Logger } from '../observability/logger';
import { DraftRefused, type Draft, type DraftChatRequest, type DraftChatTurn, type DraftSpecRun, type DraftTrials } from '../opsfiles/draftTrials';
import { loadSpecFiles } from './parseSpecFile';
import { formatConversation } from './report';
import { runSpecs, startSpecBot, type SpecBot } from './runSpecs';

export interface DraftLabOptions {
  /** The live flows folder: the draft replaces one of its files. */
  flowsDir: string;
  /** The live bot's settings: teams, business hours, limits and NLU threshold carry over. */
  live: Config;
  logger: Logger;
  /** Draft bots kept running at once (each holds a trained model); the least recently used stops first. */
  maxBots?: number;
  /** A draft bot nobody wrote to for this long stops. */
  idleMs?: number;
}

interface DraftBot {
  bot: Promise<SpecBot>;
  dir: string;
  lastUsed: number;
  /** Test chats that have written to this bot. */
  chats: Set<string>;
}

const CANDIDATES = 3;

/**
 * The Flows page's trials of a draft (opsfiles/draftTrials.ts). A draft folder is the live flows
 * folder copied to a temporary folder with the draft in place of its file; a draft bot is the
 * whole bot started on it (flowspecs' spec bot: embedded store and queue, its own trained model,
 * the demo order API), so training it never touches the live registry or model. Bots are kept
 * per draft content and shared by test chats on the same draft; the spec run gets a fresh one.
 */
export class DraftLab implements DraftTrials {
  private readonly bots = new Map<string, DraftBot>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: DraftLabOptions) {
    this.sweeper = setInterval(() => void this.sweep(Date.now() - (options.idleMs ?? 10 * 60_000)), 60_000);
    this.sweeper.unref();
  }

  async chat(request: DraftChatRequest): Promise<DraftChatTurn> {
    const sources = this.draftSources(request);
    const key = sources.key;
    let entry = this.bots.get(key);
    if (!entry) {
      const dir = writeFolder(sources.files);
      entry = { bot: this.start(dir, this.chatSettings()), dir, lastUsed: Date.now(), chats: new Set() };
      this.bots.set(key, entry);
      await this.sweep(-Infinity, this.options.maxBots ?? 3);
    }
    entry.lastUsed = Date.now();
    const bot = await entry.bot.catch((error) => {
      this.forget(key);
      throw error;
    });
    const fresh = !entry.chats.has(request.chatId);
    entry.chats.add(request.chatId);
    const phone = chatPhone(request.chatId);
    const content = request.press ? { type: 'button' as const, id: request.press.id, title: request.press.title } : { type: 'text' as const, text: request.say ?? '' };
    const turn = await bot.chat(phone, content);
    const candidates = content.type === 'text' ? (await bot.runtime.nlu.detect({ text: content.text, conversationId: `draft-${request.chatId}` })).candidates.slice(0, CANDIDATES) : [];
    return {
      draft: key.slice(0, 12),
      fresh,
      replies: turn.replies,
      understood: { intent: turn.intent, confidence: turn.confidence, candidates: candidates.map((c) => ({ intent: c.intent, confidence: c.confidence })) },
      steps: turn.steps.map(({ flowId, stepId, kind, event }) => ({ flowId, stepId, kind, event })),
      values: turn.conversation?.values ?? {},
      owner: turn.conversation?.owner ?? 'bot',
      handoff: turn.handoff ? { team: turn.handoff.team, reason: turn.handoff.reason } : undefined,
    };
  }

  async runSpecs(draft: Draft): Promise<DraftSpecRun> {
    const started = Date.now();
    const dir = writeFolder(this.draftSources(draft).files);
    try {
      const files = loadSpecFiles(path.join(this.options.flowsDir, 'tests'));
      const problems = files.flatMap((f) => f.problems);
      const draftFlows = flowIdsOf(draft);
      let results;
      try {
        results = await runSpecs(files.flatMap((f) => f.specs), { flowsDir: dir, configure: (config) => this.carryOver(config, false) });
      } catch (error) {
        throw error instanceof FlowLoadError ? new DraftRefused(error.problems) : error;
      }
      const specs = results.map((r) => ({
        name: r.name,
        file: path.basename(r.at.file),
        line: r.at.line,
        ok: r.ok,
        touchesDraft: draftFlows === 'all' || r.steps.some((s) => (s.flows ?? []).some((f) => draftFlows.has(f))),
        failure: r.failure,
        conversation: formatConversation(r),
      }));
      return { passed: specs.filter((s) => s.ok).length, failed: specs.filter((s) => !s.ok).length, ms: Date.now() - started, specs, problems };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sweep(Infinity, 0);
  }

  private async start(dir: string, configure: (config: Config) => Config): Promise<SpecBot> {
    try {
      return await startSpecBot({ flowsDir: dir, env: { WATCH_FLOWS: 'false' }, configure });
    } catch (error) {
      throw error instanceof FlowLoadError ? new DraftRefused(error.problems) : error;
    }
  }

  private chatSettings(): (config: Config) => Config {
    return (config) => this.carryOver(config, true);
  }

  /**
   * The live bot's settings that change what a customer sees; the test chat keeps the live
   * business hours, a spec run the spec bot's "always open" (specs do not depend on the hour).
   */
  private carryOver(config: Config, liveHours: boolean): Config {
    const live = this.options.live;
    return {
      ...config,
      missesBeforeHuman: live.missesBeforeHuman,
      maxTextLength: live.maxTextLength,
      lookupTimeoutMs: live.lookupTimeoutMs,
      nlu: { kind: 'local', threshold: live.nlu.threshold },
      outbound: { privateHosts: [...config.outbound.privateHosts, ...live.outbound.privateHosts], httpHosts: [...config.outbound.httpHosts, ...live.outbound.httpHosts] },
      handoff: { ...live.handoff, ...(liveHours ? {} : { businessHours: config.handoff.businessHours }) },
    };
  }

  /** The live folder's flow files with the draft in place, and a key of their content. */
  private draftSources(draft: Draft): { key: string; files: { file: string; text: string }[] } {
    const kind = opsFileKind(draft.file);
    if (kind !== 'flow' && kind !== 'out-of-scope') throw new Error(`${draft.file} is not a flow: only flows and the out-of-scope messages can be tried`);
    const hash = createHash('sha256');
    const names = [...new Set([...listOpsFiles(this.options.flowsDir), draft.file])].filter((f) => ['flow', 'out-of-scope'].includes(opsFileKind(f)!)).sort();
    const files = names.map((file) => ({ file, text: file === draft.file ? draft.text : fs.readFileSync(opsFilePath(this.options.flowsDir, file), 'utf8') }));
    // The intents' training files are not ops files, but the live model learns from them: a draft
    // bot without them would understand less than the live bot and fail specs the draft never touched.
    for (const file of listTrainingFiles(this.options.flowsDir)) {
      files.push({ file: path.relative(this.options.flowsDir, file).split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') });
    }
    for (const { file, text } of files) hash.update(`${file}\0${text}\0`);
    return { key: hash.digest('hex'), files };
  }

  /** Stops bots idle since before `idleBefore`, and the least recently used beyond `keep`. */
  private async sweep(idleBefore: number, keep = Infinity): Promise<void> {
    const byUse = [...this.bots.entries()].sort(([, a], [, b]) => b.lastUsed - a.lastUsed);
    const stale = byUse.filter(([, entry], i) => entry.lastUsed < idleBefore || i >= keep);
    await Promise.all(stale.map(([key]) => this.forget(key)));
  }

  private async forget(key: string): Promise<void> {
    const entry = this.bots.get(key);
    if (!entry) return;
    this.bots.delete(key);
    fs.rmSync(entry.dir, { recursive: true, force: true });
    const bot = await entry.bot.catch(() => undefined);
    await bot?.stop().catch((error: Error) => this.options.logger.warn('a draft bot did not stop cleanly', { error: error.message }));
  }
}

/** Names come from draftSources: ops files (checked by opsFileKind) and the live folder's training files. */
function writeFolder(files: { file: string; text: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'draft-flows-'));
  for (const { file, text } of files) {
    const target = path.join(dir, ...file.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return dir;
}

/** A simulator number per test chat, in a range no real customer has. */
function chatPhone(chatId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(chatId).digest('hex').slice(0, 12)}`) % 10_000_000n;
  return `8800099${String(digits).padStart(7, '0')}`;
}

/** The flows a draft file defines; the out-of-scope list touches every conversation. */
function flowIdsOf(draft: Draft): Set<string> | 'all' {
  if (opsFileKind(draft.file) === 'out-of-scope') return 'all';
  try {
    const id = (parse(draft.text) as { id?: unknown } | null)?.id;
    return new Set(typeof id === 'string' ? [id] : []);
  } catch {
    return new Set();
  }
}
