/**
 * Manual check of the whatsapp-web channel on a real phone (never run in CI: it needs Chromium,
 * internet access to web.whatsapp.com and a person holding the phone).
 *
 *   apt-get install -y chromium             # once; WHATSAPP_WEB_CHROMIUM overrides /usr/bin/chromium
 *   npx tsx scripts/whatsapp-web-link.ts    # [--wait-minutes 5] [--listen-seconds 60]
 *
 * Starts only the whatsapp-web channel (no engine, no queue workers: nothing is answered or
 * sent), draws the QR code in the terminal, waits until the phone is linked (WhatsApp >
 * Settings > Linked devices > Link a device), prints the linked number, then for a minute prints
 * the type of every message that arrives. The session is kept in DATA_DIR/whatsapp-web (default
 * ./data/whatsapp-web), the same place `WHATSAPP_MODE=web npm start` uses, so a link made here
 * is reused by the bot. Ctrl-C closes the browser.
 */
import { WhatsAppWebChannel } from '../src/channels/whatsapp-web';
import { loadConfig } from '../src/config/load';
import type { InboundMessage } from '../src/domain/message';
import { createLogger } from '../src/observability/logger';
import type { Queue } from '../src/queue/port';

function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** Stands in for the inbound queue: prints what would have been queued. */
const printingQueue: Queue = {
  kind: 'print',
  async add<T>(_topic: string, payload: T) {
    const message = payload as unknown as InboundMessage;
    const detail = message.content.type === 'media' ? ` (${message.content.media.kind})` : message.content.type === 'unsupported' ? ` (${message.content.originalType})` : '';
    console.log(`← ${new Date(message.timestamp).toISOString()} from ${message.from}: ${message.content.type}${detail}`);
  },
  async addMany(jobs) {
    for (const job of jobs) await this.add(job.topic, job.payload);
  },
  process() {},
  async waitFor() {},
  async ping() {},
  async close() {},
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const waitMinutes = numberArg('wait-minutes', 5);
  const listenSeconds = numberArg('listen-seconds', 60);
  const config = loadConfig({ env: { METRICS_PUBLIC: 'true', ...process.env, WHATSAPP_MODE: 'web' } }) // serves no /metrics;
  const web = config.whatsapp.web!;
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  const channel = new WhatsAppWebChannel({ queue: printingQueue, logger, sessionDir: web.sessionDir, chromiumPath: web.chromiumPath });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await channel.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));

  console.log(`Chromium: ${web.chromiumPath}\nSession:  ${web.sessionDir}\nStarting WhatsApp Web… (a QR code appears here unless this folder already holds a linked session)`);
  await channel.start();

  const deadline = Date.now() + waitMinutes * 60_000;
  let lastState = '';
  while (channel.state() !== 'ready') {
    if (Date.now() > deadline) {
      console.error(`Not linked after ${waitMinutes} minutes (state: ${channel.state()}).`);
      return stop(1);
    }
    if (channel.state() !== lastState) console.log(`state: ${(lastState = channel.state())}`);
    await sleep(1000);
  }
  console.log(`Linked: +${channel.linkedNumber() ?? 'unknown'}. Send this number a text, a photo, a voice note or a location; listening for ${listenSeconds} s…`);
  await sleep(listenSeconds * 1000);
  console.log('Done.');
  await stop(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
