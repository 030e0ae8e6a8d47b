import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load';
import type { Config } from '../../src/config/config';
import { storedMessageId, type InboundContent, type InboundMessage } from '../../src/domain/message';
import type { OutboundEntry } from '../../src/domain/transcript';
import { createSilentLogger, type Logger } from '../../src/observability/logger';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/runtime/runtime';

export interface TestBot {
  runtime: Runtime;
  config: Config;
  /** Sends a customer message through the queue and engine; resolves with the bot's replies. */
  send(from: string, content: InboundContent | string, options?: { id?: string; name?: string }): Promise<OutboundEntry[]>;
  press(from: string, buttonId: string): Promise<OutboundEntry[]>;
  stop(): Promise<void>;
}

let counter = 0;

/**
 * A whole bot on the embedded adapters, reading flows from the given folder or from YAML
 * sources written to a temporary folder.
 */
export async function startTestBot(options: {
  flowsDir?: string;
  flows?: Record<string, string>;
  env?: Record<string, string>;
  overrides?: RuntimeOverrides;
  logger?: Logger;
} = {}): Promise<TestBot> {
  let flowsDir = options.flowsDir ?? path.resolve(__dirname, '../../flows');
  let temp: string | undefined;
  if (options.flows) {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
    for (const [name, source] of Object.entries(options.flows)) fs.writeFileSync(path.join(temp, name), source);
    flowsDir = temp;
  }
  const config = loadConfig({
    dotenv: false,
    env: { FLOWS_DIR: flowsDir, SQLITE_FILE: ':memory:', LOG_LEVEL: 'error', ...options.env },
  });
  const runtime = await createRuntime(config, options.logger ?? createSilentLogger(), options.overrides);
  runtime.startWorkers();

  const send: TestBot['send'] = async (from, content, opts = {}) => {
    const message: InboundMessage = {
      id: opts.id ?? `test-${++counter}-${Date.now()}`,
      channel: 'simulator',
      from,
      profileName: opts.name,
      timestamp: Date.now(),
      content: typeof content === 'string' ? { type: 'text', text: content } : content,
    };
    const jobId = `simulator:${message.id}`;
    await runtime.queue.add('inbound', message, { key: `simulator:${from}`, jobId });
    await runtime.queue.waitFor('inbound', jobId, 10000);
    return runtime.store.messages.listReplies(storedMessageId(message));
  };

  return {
    runtime,
    config,
    send,
    press: (from, buttonId) => send(from, { type: 'button', id: buttonId }),
    async stop() {
      await runtime.stop();
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** The text of a reply, whatever its kind. */
export function textOf(entry: OutboundEntry): string {
  const c = entry.content;
  if (c.type === 'media') return c.media.caption ?? '';
  if (c.type === 'template') return c.name;
  return c.text;
}

export function buttonsOf(entry: OutboundEntry): { id: string; title: string }[] {
  const c = entry.content;
  if (c.type === 'buttons') return c.buttons;
  if (c.type === 'list') return c.sections.flatMap((s) => s.rows);
  return [];
}
