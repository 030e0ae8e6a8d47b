import http from 'node:http';
import type net from 'node:net';
import { Writable } from 'node:stream';
import winston from 'winston';
import { loadConfig } from '../config/load';
import type { Config } from '../config/config';
import type { FlowStepTrace } from '../engine/flowRunner';
import type { CollectedValues, Conversation } from '../domain/conversation';
import { customerIdOf } from '../domain/conversation';
import { identifierOfAddress, normalizeUsername } from '../domain/identity';
import type { Handoff } from '../domain/handoff';
import type { Locale } from '../domain/locale';
import { storedMessageId, type InboundMessage } from '../domain/message';
import { foldForCompare } from '../domain/text';
import { readPath } from '../flowfiles/interpolate';
import { toSimulatorReply } from '../channels/simulator';
import { createHttpApp } from '../http/createHttpApp';
import { createLogger } from '../observability/logger';
import { createRuntime, type Runtime } from '../runtime/runtime';
import type { ConversationSpec, SpecLocation } from './parseSpecFile';
import type { SpecExpectation } from './specSchema';

/** A bot message as the customer sees it. */
export interface BotReply {
  /** text, list, image, document, template... (a text with buttons is "text"). */
  type: string;
  text: string;
  /** Buttons or list rows offered with it. */
  options: { id: string; title: string }[];
  /** The label of the button that opens a list. */
  listButton?: string;
  locale?: Locale;
}

export interface StepResult {
  number: number;
  at: SpecLocation;
  /** What the customer did: a text, or a tap on a button (its title and id; no id when nothing matched). */
  sent: { kind: 'say'; text: string } | { kind: 'press'; title: string; id?: string } | { kind: 'share'; phone: string };
  replies: BotReply[];
  ok: boolean;
  /** Each unmet expectation, in words. */
  failures: string[];
  /** The flows whose steps this message ran, answered or pressed. */
  flows?: string[];
  ms: number;
}

export interface SpecResult {
  name: string;
  at: SpecLocation;
  customer: string;
  ok: boolean;
  /** The steps that ran: all of them when it passed, up to the first failing one otherwise. */
  steps: StepResult[];
  /** The failing step's message (what was expected, what the bot said), when it failed. */
  failure?: string;
  ms: number;
}

export interface SpecBotOptions {
  /** The flows folder the bot loads. */
  flowsDir: string;
  /** Extra settings (environment variable names), e.g. `{ MISSES_BEFORE_HUMAN: '3' }`. */
  env?: Record<string, string>;
  /** Adjusts the settings once read (a draft bot takes the live bot's teams, hours and limits). */
  configure?: (config: Config) => Config;
  /** How long one message may take before the step fails. */
  messageTimeoutMs?: number;
}

/** What one customer message did: the replies, what the NLU made of it, the flow steps it ran. */
export interface ChatTurn {
  replies: BotReply[];
  /** The engine finished with the message (false: it failed; the logs say why). */
  handled: boolean;
  intent?: string;
  confidence?: number;
  steps: FlowStepTrace[];
  /** The customer's open conversation after the message, and its handoff. */
  conversation: Conversation | null;
  handoff: Handoff | null;
}

export interface SpecBot {
  url: string;
  runtime: Runtime;
  /** Plays one spec as a new customer (or the spec's `customer`). Never throws for a failing spec. */
  run(spec: ConversationSpec): Promise<SpecResult>;
  /** One message from a customer of the simulator, as the bot handles it. */
  chat(phone: string, content: InboundMessage['content'], profileName?: string): Promise<ChatTurn>;
  stop(): Promise<void>;
}

interface LogLine {
  level: string;
  message: string;
  [key: string]: unknown;
}

/**
 * Starts the whole bot once for many specs: the embedded adapters, the given flows, nothing
 * written to disk, and the HTTP app on a free loopback port, so flows that look things up on
 * the bot itself (`/demo/orders/...`) work as in production.
 */
export async function startSpecBot(options: SpecBotOptions): Promise<SpecBot> {
  const server = http.createServer();
  // Listening first gives a free port with no race; requests are served once the app exists.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          logs.push({ level: 'error', message: line });
        }
      }
      done();
    },
  });
  const logger = createLogger({ level: 'warn', transports: [new winston.transports.Stream({ stream: sink })] });
  const traces = new StepTraces();

  let runtime: Runtime;
  try {
    const config = loadConfig({
      dotenv: false,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: url,
        FLOWS_DIR: options.flowsDir,
        SQLITE_FILE: ':memory:',
        WHATSAPP_MODE: 'off',
        SIMULATOR: 'true',
        DEMO_ORDERS: 'true',
        LOG_LEVEL: 'warn',
        // Handoff texts then do not depend on the time of day the specs run at.
        BUSINESS_HOURS: 'always',
        ...options.env,
      },
    });
    runtime = await createRuntime(options.configure?.(config) ?? config, logger, { onFlowStep: (trace) => traces.push(trace) });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  runtime.startWorkers();
  server.on('request', createHttpApp(runtime));

  const timeoutMs = options.messageTimeoutMs ?? 10_000;
  let messages = 0;
  let customers = 0;
  const runId = Date.now().toString(36);

  const chat = async (phone: string, content: InboundMessage['content'], profileName?: string, username?: string): Promise<ChatTurn> => {
    const message: InboundMessage = {
      id: `spec-${runId}-${++messages}`,
      channel: 'simulator',
      from: phone,
      profileName,
      timestamp: Date.now(),
      content,
      identity: { identifiers: [identifierOfAddress(phone)], ...(username ? { username: normalizeUsername(username) } : {}) },
    };
    const jobId = `simulator:${message.id}`;
    await runtime.queue.add('inbound', message, { key: customerIdOf('simulator', phone), jobId });
    await runtime.queue.waitFor('inbound', jobId, timeoutMs);
    const handled = await runtime.store.messages.get(storedMessageId(message));
    const entries = await runtime.store.messages.listReplies(storedMessageId(message));
    const replies = entries.map((entry): BotReply => {
      const view = toSimulatorReply(entry);
      return {
        type: view.type,
        text: view.text,
        options: (view.buttons ?? view.rows ?? []).map((o) => ({ id: o.id, title: o.title })),
        listButton: view.button,
        locale: entry.locale,
      };
    });
    const inbound = handled?.direction === 'in' ? handled : undefined;
    // By identifier: the customer's record may have been merged into an older one.
    const [customer] = await runtime.store.customers.findByIdentifiers('simulator', [identifierOfAddress(phone)]);
    const conversation = await runtime.store.conversations.findOpen(customer?.id ?? customerIdOf('simulator', phone));
    const handoff = conversation?.handoffId ? await runtime.store.handoffs.get(conversation.handoffId) : null;
    return {
      replies,
      handled: inbound?.handledAt !== undefined,
      intent: inbound?.intent,
      confidence: inbound?.confidence,
      steps: inbound ? traces.takeNew(inbound.conversationId) : [],
      conversation,
      handoff,
    };
  };

  const run = async (spec: ConversationSpec): Promise<SpecResult> => {
    const started = Date.now();
    // Generated numbers cannot collide with a realistic Bangladeshi number a spec names. A
    // customer with a username and no phone is known by a business-scoped id, as on WhatsApp.
    const generated = String(++customers).padStart(6, '0');
    const phone = spec.customer?.phone?.replace(/^\+/, '') ?? (spec.customer?.username ? `BD.990000000${generated}` : `8800000${generated}`);
    const steps: StepResult[] = [];
    let offered: { id: string; title: string }[] = [];

    for (const step of spec.steps) {
      const stepStarted = Date.now();
      const logStart = logs.length;
      let sent: StepResult['sent'];
      let content: InboundMessage['content'];
      if (step.press !== undefined) {
        const option = findOption(offered, step.press);
        if (!option) {
          const failure = offered.length
            ? `cannot press "${step.press}": the bot's latest replies offer ${listTitles(offered)}`
            : `cannot press "${step.press}": the bot's latest replies offer no buttons or list rows`;
          steps.push({ number: step.number, at: step.at, sent: { kind: 'press', title: step.press }, replies: [], ok: false, failures: [failure], ms: 0 });
          return finish(spec, phone, steps, started);
        }
        sent = { kind: 'press', title: option.title, id: option.id };
        content = { type: 'button', id: option.id, title: option.title };
      } else if (step.share !== undefined) {
        sent = { kind: 'share', phone: step.share };
        content = { type: 'contacts', origin: 'contact_request', contacts: [{ name: spec.customer?.name ?? '', phones: [step.share] }] };
      } else {
        sent = { kind: 'say', text: step.say! };
        content = { type: 'text', text: step.say! };
      }

      let failures: string[] = [];
      let replies: BotReply[] = [];
      let flows: string[] = [];
      try {
        const outcome = await chat(phone, content, spec.customer?.name, spec.customer?.username);
        replies = outcome.replies;
        flows = [...new Set(outcome.steps.map((t) => t.flowId))];
        if (!outcome.handled) {
          failures.push(`the bot failed while handling this message${describeLogs(logs.slice(logStart))}`);
        } else if (step.expect) {
          failures = checkExpectations(step.expect, outcome);
          if (failures.length > 0 && logs.length > logStart) failures.push(`the bot logged${describeLogs(logs.slice(logStart))}`);
        }
      } catch (error) {
        failures.push(`no answer: ${(error as Error).message}${describeLogs(logs.slice(logStart))}`);
      }
      steps.push({ number: step.number, at: step.at, sent, replies, ok: failures.length === 0, failures, flows, ms: Date.now() - stepStarted });
      if (failures.length > 0) break;
      offered = replies.flatMap((r) => r.options);
    }
    return finish(spec, phone, steps, started);
  };

  return {
    url,
    runtime,
    run,
    chat,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.stop();
    },
  };
}

/** The flow steps each conversation ran, handed out once: those since the previous message. */
class StepTraces {
  private readonly byConversation = new Map<string, FlowStepTrace[]>();

  push(trace: FlowStepTrace): void {
    const list = this.byConversation.get(trace.conversationId);
    if (list) list.push(trace);
    else this.byConversation.set(trace.conversationId, [trace]);
  }

  takeNew(conversationId: string): FlowStepTrace[] {
    const list = this.byConversation.get(conversationId) ?? [];
    this.byConversation.delete(conversationId);
    return list;
  }
}

/** Starts one bot, plays the specs one after another, stops the bot. */
export async function runSpecs(
  specs: ConversationSpec[],
  options: SpecBotOptions & { onResult?: (result: SpecResult) => void },
): Promise<SpecResult[]> {
  const bot = await startSpecBot(options);
  const results: SpecResult[] = [];
  try {
    for (const spec of specs) {
      const result = await bot.run(spec);
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    await bot.stop();
  }
  return results;
}

function finish(spec: ConversationSpec, phone: string, steps: StepResult[], started: number): SpecResult {
  const failed = steps.find((s) => !s.ok);
  return {
    name: spec.name,
    at: spec.at,
    customer: phone,
    ok: !failed,
    steps,
    failure: failed ? describeFailure(failed) : undefined,
    ms: Date.now() - started,
  };
}

/** A button or row by id, or by title in any case / spacing (the bot's replies are in one language). */
function findOption(offered: { id: string; title: string }[], wanted: string): { id: string; title: string } | undefined {
  const key = foldForCompare(wanted);
  return offered.find((o) => o.id === wanted) ?? offered.find((o) => foldForCompare(o.title) === key);
}

export interface Observation {
  replies: BotReply[];
  /** The customer's open conversation after the message. */
  conversation: Conversation | null;
  /** The conversation's current handoff, if any. */
  handoff: Handoff | null;
}

const LOCALE_NAMES: Record<Locale, string> = { en: 'English (en)', bn: 'Bengali (bn)' };

/** Every unmet expectation, in words a flow author understands; empty when all are met. */
export function checkExpectations(expect: SpecExpectation, seen: Observation): string[] {
  const failures: string[] = [];
  const joined = seen.replies.map((r) => r.text).join('\n');
  const haystack = fold(joined);
  const offered = seen.replies.flatMap((r) => r.options.map((o) => o.title));

  if (expect.noReply && seen.replies.length > 0) failures.push('expected no reply, but the bot replied');
  for (const wanted of expect.contains ?? []) {
    if (!haystack.includes(fold(wanted))) failures.push(seen.replies.length ? `expected the reply to contain "${wanted}"` : `expected the reply to contain "${wanted}", but the bot sent nothing`);
  }
  for (const unwanted of expect.notContains ?? []) {
    if (haystack.includes(fold(unwanted))) failures.push(`expected the reply not to contain "${unwanted}"`);
  }
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'iu').test(joined)) {
    failures.push(`expected the reply to match /${expect.matches}/i`);
  }
  if (expect.buttons) {
    const same = expect.buttons.length === offered.length && expect.buttons.every((t, i) => fold(t) === fold(offered[i]));
    if (!same) failures.push(`expected the buttons ${listTitles(expect.buttons)} (exactly, in this order), but the bot offered ${listTitles(offered)}`);
  }
  for (const wanted of expect.offers ?? []) {
    if (!offered.some((t) => fold(t) === fold(wanted))) failures.push(`expected a button or list row "${wanted}", but the bot offered ${listTitles(offered)}`);
  }
  if (expect.handoff !== undefined) failures.push(...checkHandoff(expect.handoff, seen));
  for (const [name, wanted] of Object.entries(expect.values ?? {})) {
    const actual = valueAt(seen.conversation?.values ?? {}, name);
    const missing = actual === undefined || actual === null || actual === '';
    if (wanted === null) {
      if (!missing) failures.push(`expected value "${name}" not to be set, but it is ${show(actual)}`);
    } else if (missing) {
      failures.push(`expected value "${name}" to be ${show(wanted)}, but it is not set (collected: ${show(seen.conversation?.values ?? {})})`);
    } else if (String(actual) !== String(wanted)) {
      failures.push(`expected value "${name}" to be ${show(wanted)}, but it is ${show(actual)}`);
    }
  }
  if (expect.locale) {
    const spoken = seen.replies.length > 0 ? [...new Set(seen.replies.map((r) => r.locale ?? seen.conversation?.locale ?? 'en'))] : [seen.conversation?.locale ?? 'en'];
    if (spoken.length !== 1 || spoken[0] !== expect.locale) {
      failures.push(`expected an answer in ${LOCALE_NAMES[expect.locale]}, but the bot answered in ${spoken.map((l) => LOCALE_NAMES[l]).join(' and ')}`);
    }
  }
  return failures;
}

function checkHandoff(expected: NonNullable<SpecExpectation['handoff']>, seen: Observation): string[] {
  const owner = seen.conversation?.owner ?? 'bot';
  if (expected === false) {
    return owner === 'bot' ? [] : [`expected the bot to keep the chat, but it was handed to a person (${describeHandoff(seen.handoff)})`];
  }
  if (owner === 'bot') return ['expected the chat to be handed to a person (queued for the team), but the bot still owns it'];
  if (expected === true) return [];
  const failures: string[] = [];
  if (!seen.handoff) return ['expected a handoff record for this chat, but there is none'];
  if (expected.team && seen.handoff.team !== expected.team) {
    failures.push(`expected the handoff to go to team "${expected.team}", but it went to "${seen.handoff.team}" (${describeHandoff(seen.handoff)})`);
  }
  if (expected.priority && seen.handoff.priority !== expected.priority) {
    failures.push(`expected the handoff at priority "${expected.priority}", but it is "${seen.handoff.priority}" (${describeHandoff(seen.handoff)})`);
  }
  return failures;
}

function describeHandoff(handoff: Handoff | null): string {
  return handoff ? `team "${handoff.team}", priority "${handoff.priority}", reason "${handoff.reason}"` : 'no handoff record';
}

/** A value saved under its own name, or `order.status` inside a saved object. */
function valueAt(values: CollectedValues, name: string): unknown {
  return name in values ? values[name] : readPath(values, name);
}

function fold(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase().replace(/\s+/g, ' ');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function listTitles(titles: (string | { title: string })[]): string {
  return titles.length ? `[${titles.map((t) => `"${typeof t === 'string' ? t : t.title}"`).join(', ')}]` : 'nothing';
}

function describeLogs(lines: LogLine[]): string {
  if (lines.length === 0) return '';
  return `:\n${lines
    .slice(-5)
    .map((l) => `      ${l.level}: ${l.message}${l.error ? ` (${String(l.error)})` : l.reason ? ` (${String(l.reason)})` : ''}`)
    .join('\n')}`;
}

/** What the step did, what was expected and what the bot said. */
export function describeFailure(step: StepResult): string {
  const lines = [`step ${step.number} (${describeSent(step.sent)}) at ${step.at.file}:${step.at.line}:${step.at.column}`];
  for (const failure of step.failures) lines.push(`  ✗ ${failure}`);
  const cannotPress = step.sent.kind === 'press' && step.sent.id === undefined;
  if (!cannotPress) {
    lines.push(step.replies.length ? '  the bot replied:' : '  the bot replied nothing');
    for (const reply of step.replies) lines.push(...describeReply(reply).map((l) => `    ${l}`));
  }
  return lines.join('\n');
}

export function describeSent(sent: StepResult['sent']): string {
  if (sent.kind === 'share') return `share ${sent.phone}`;
  return sent.kind === 'say' ? `say ${JSON.stringify(sent.text)}` : `press ${JSON.stringify(sent.title)}`;
}

/** A reply as lines: its text, then what it offers. */
export function describeReply(reply: BotReply): string[] {
  const lines = reply.text.split('\n').map((l) => `│ ${l}`);
  if (reply.type !== 'text' && reply.type !== 'list') lines.unshift(`│ [${reply.type}]`);
  if (reply.options.length) {
    const titles = reply.options.map((o) => `[${o.title}]`).join(' ');
    lines.push(reply.listButton ? `│ ≡ ${reply.listButton}: ${titles}` : `│ ${titles}`);
  }
  return lines;
}
