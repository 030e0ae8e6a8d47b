/**
 * How fast the WhatsApp webhook answers Meta's biggest deliveries: batches of 1,000 updates
 * (about 1.8 MB) POSTed, signed, to a real web process, one after another, and how long each
 * takes to be answered 200 (Meta wants a fast answer; the bot's target is 250 ms). Also
 * breaks one batch down into its steps (signature, JSON, normalising, queuing) measured in
 * this process, so a slow answer says where its time went. Writes bench/results/webhook.json.
 *   npm run bench:webhook -- [--batches 20] [--updates 1000] [--text 1150] [--mode bull|embedded|both]
 * bull: PROCESS_ROLE=web with Redis (REDIS_URL or a redis-server started here) and the
 * MongoDB-wire store a web process needs (MONGODB_URI or FerretDB started here), nothing
 * consuming, so only the webhook is measured. embedded: the first-run single process, which
 * also answers every message; each batch is sent once it has answered the one before.
 * Speed is measured here, never asserted in tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startMongo, startRedis, freePort, type MongoService } from '../test/support/services';
import { deliveryJobs, normalizeWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from '../src/channels/whatsapp-cloud';
import { BullQueue } from '../src/queue/bull';
import { createLogger } from '../src/observability/logger';
import { startGraphStandIn } from './support/graphStandIn';
import { bigDelivery } from './support/bigDelivery';
import { signedBody } from './support/webhookPayload';
import { percentile } from './support/stats';
import { buildDist, startBotProcess, waitReady } from './support/botProcess';

const APP_SECRET = 'bench-app-secret';
const METRICS_TOKEN = 'bench-metrics-token-0123';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const round = (n: number) => Math.round(n * 10) / 10;

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), max: round(sorted[sorted.length - 1] ?? 0) };
}


/** The steps of one delivery, each timed alone in this process (the queue: bull on a real Redis). */
async function breakdown(redisUrl: string, updates: number, textChars: number) {
  const queue = new BullQueue({ redisUrl, logger: createLogger({ level: 'error' }) });
  const rows: Record<string, number[]> = { signature: [], jsonParse: [], normalize: [], queueAdds: [] };
  try {
    for (let run = 0; run < 5; run++) {
      const { body, signature } = signedBody(bigDelivery({ updates, textChars, seed: `b${run}` }), APP_SECRET);
      const raw = Buffer.from(body);
      let t = performance.now();
      verifyWebhookSignature(raw, signature, APP_SECRET);
      rows.signature.push(performance.now() - t);
      t = performance.now();
      const parsed = JSON.parse(raw.toString('utf8'));
      rows.jsonParse.push(performance.now() - t);
      t = performance.now();
      const normalized = normalizeWebhook(parsed);
      rows.normalize.push(performance.now() - t);
      // What the router does with them: every message and receipt onto the queue.
      t = performance.now();
      await queue.addMany(deliveryJobs(normalized));
      rows.queueAdds.push(performance.now() - t);
    }
  } finally {
    await queue.close();
  }
  return Object.fromEntries(Object.entries(rows).map(([name, samples]) => [name, summary(samples.slice(1))]));
}

/** CPU time (user + system) a process has used so far, in ms: what a batch cost it, whatever else runs. */
function cpuMs(pid: number | undefined): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

/** Until the bot's queues are empty (its /metrics says so): it answered every message it was given. */
async function drained(url: string, timeoutMs = 300_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const depths = [...metrics.matchAll(/^wabot_queue_depth\{topic="(inbound|outbound|status)"\} (\d+)/gm)].map((m) => Number(m[2]));
    if (depths.length > 0 && depths.every((depth) => depth === 0)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the bot did not finish its messages within ${timeoutMs} ms`);
}

async function postBatches(url: string, pid: number | undefined, batches: number, updates: number, textChars: number, label: string, settle: () => Promise<void>) {
  const answers: number[] = [];
  const cpu: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  for (let i = 0; i < batches; i++) {
    const { body, signature } = signedBody(bigDelivery({ updates, textChars, seed: `${label}${i}` }), APP_SECRET);
    bytes = Buffer.byteLength(body);
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    const res = await fetch(`${url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
    await res.arrayBuffer();
    answers.push(performance.now() - t0);
    cpu.push(cpuMs(pid) - cpu0);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    // Meta does not fire the next delivery the instant the last one is answered.
    await new Promise((r) => setTimeout(r, 200));
    await settle();
  }
  // CPU: the web process's own time while the request was in flight (ticks of 10 ms).
  return { bodyBytes: bytes, answers: statuses, answerMs: summary(answers.slice(1)), webProcessCpuMs: summary(cpu.slice(1)) };
}

async function main(): Promise<void> {
  const batches = arg('batches', 20);
  const updates = arg('updates', 1000);
  const textChars = arg('text', 1150);
  const mode = option('mode', 'both');

  if (!process.argv.includes('--no-build')) {
    console.log('building…');
    await buildDist();
  }
  const redis = await startRedis();
  const mongo: MongoService | undefined = mode === 'embedded' ? undefined : await startMongo();
  const graph = await startGraphStandIn();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhook-'));
  const common = {
    SESSION_SECRET: 'b'.repeat(40), LOG_LEVEL: 'warn', WATCH_FLOWS: 'false', SIMULATOR: 'false', HOST: '127.0.0.1', DATA_DIR: dataDir,
    WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'bench', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_ACCESS_TOKEN: 'bench-token', WHATSAPP_API_URL: graph.url, INLINE_QUEUE_LIMIT: String(batches * updates * 2),
    METRICS_TOKEN, OUTBOUND_PRIVATE_HOSTS: '127.0.0.1',
  };
  const results: Record<string, unknown> = {};
  try {
    console.log('timing the steps of one delivery…');
    results.stepsMs = await breakdown(redis.url, updates, textChars);
    for (const which of mode === 'both' ? ['bull', 'embedded'] : [mode]) {
      const port = await freePort();
      const child = startBotProcess(which === 'bull' ? 'web' : 'all', { ...common, ...(which === 'bull' ? { REDIS_URL: redis.url, MONGODB_URI: mongo!.uri } : {}), PORT: String(port) });
      try {
        await waitReady(`http://127.0.0.1:${port}`, 60_000);
        console.log(`${which}: ${batches} deliveries of ${updates} updates…`);
        // The single process also answers every message of a batch; the next one waits until it has
        // (otherwise the backlog of earlier batches is what is measured, not the webhook).
        results[which] = await postBatches(`http://127.0.0.1:${port}`, child.pid, batches, updates, textChars, which, which === 'embedded' ? () => drained(`http://127.0.0.1:${port}`) : async () => {});
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await new Promise((r) => child.once('exit', r));
        }
      }
    }
  } finally {
    await graph.close();
    await redis.stop();
    await mongo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const result = {
    benchmark: 'webhook: signed deliveries of 1,000 updates (messages and statuses) answered by a web process',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map(round) },
    target: { batches, updates, textChars, answerMsTarget: 250 },
    ...results,
  };
  const out = path.resolve('bench/results/webhook.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
