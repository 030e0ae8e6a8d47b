/**
 * The whole production path under load: signed webhook deliveries at a set rate to a web
 * process, bull on Redis, a worker process, the MongoDB-wire server, and a Graph API
 * stand-in on loopback that records the replies. Writes bench/results/pipeline-<store>.json.
 *   npm run bench:pipeline -- [--rate 500] [--seconds 60] [--workers 1] [--store mongo|embedded]
 * --store embedded is the one-process setup a shop runs (`npm start`): SQLite store and
 * durable queue in DATA_DIR, no Redis. It first seeds --history past conversations (default
 * 100,000) into the SQLite file, then measures the start on that file, and the traffic at
 * --rate (default 200/s) from returning customers, against the targets in TARGETS.
 * Uses MONGODB_URI / REDIS_URL when set, else starts FerretDB and redis-server itself
 * (bash scripts/setup-services.sh installs them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { startMongo, startRedis, freePort } from '../test/support/services';
import { SqliteDatabase } from '../src/sqlite/database';
import { SqliteStore } from '../src/store/sqlite';
import { startGraphStandIn } from './support/graphStandIn';
import { seedHistory } from './support/seedHistory';
import { signedBody, textDelivery } from './support/webhookPayload';
import { percentile } from './support/stats';
import { buildDist, startBotProcess, waitReady } from './support/botProcess';

const APP_SECRET = 'bench-app-secret';
// Questions a shop gets all day; each customer sends one, so every reply maps to its message.
const QUESTIONS = ['delivery charge koto?', 'what are your payment methods', 'ঢাকার বাইরে ডেলিভারি কতদিন লাগে', 'return policy?', 'where is your shop', 'thanks', 'do you deliver to sylhet'];

// The one-process setup with a few months of history (issue #18).
const TARGETS = { rssMb: 250, replyP99Ms: 150, startSeconds: 5 };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function rssMb(pid: number | undefined): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return null;
  }
}


/** Past conversations in a fresh DATA_DIR's SQLite file, written through the store as the bot would. */
async function seedEmbedded(dataDir: string, conversations: number) {
  const started = performance.now();
  const store = new SqliteStore({ database: new SqliteDatabase({ file: path.join(dataDir, 'bot.sqlite') }) });
  await store.init();
  const seeded = await seedHistory(store, { conversations, customers: Math.ceil(conversations * 0.7) });
  await store.close();
  const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
  const fileMb = Math.round(fs.readdirSync(dataDir).reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0) / 1e6);
  console.log(`seeded ${JSON.stringify(seeded)} in ${seedSeconds} s (${fileMb} MB on disk)`);
  return { ...seeded, seedSeconds, fileMb };
}

async function main(): Promise<void> {
  const storeKind = process.argv.includes('embedded') ? 'embedded' : 'mongo';
  const rate = arg('rate', storeKind === 'embedded' ? 200 : 500);
  const seconds = arg('seconds', 60);
  const workerCount = storeKind === 'embedded' ? 0 : arg('workers', 1);
  const total = Math.round(rate * seconds);

  console.log('building…');
  await buildDist();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pipeline-'));
  const history = storeKind === 'embedded' ? await seedEmbedded(dataDir, arg('history', 100_000)) : undefined;

  const [redis, mongo, graph] = await Promise.all([
    storeKind === 'embedded' ? Promise.resolve(undefined) : startRedis(),
    storeKind === 'embedded' ? Promise.resolve(undefined) : startMongo(),
    startGraphStandIn(),
  ]);
  const webPort = await freePort();
  const env = {
    ...(mongo ? { MONGODB_URI: mongo.uri } : {}), ...(redis ? { REDIS_URL: redis.url } : {}), SESSION_SECRET: 'b'.repeat(40), LOG_LEVEL: 'warn', DATA_DIR: dataDir, WATCH_FLOWS: 'false',
    WHATSAPP_MODE: 'cloud', WHATSAPP_VERIFY_TOKEN: 'bench', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_ACCESS_TOKEN: 'bench-token', WHATSAPP_API_URL: graph.url, METRICS_TOKEN: 'bench-metrics-token-0123', OUTBOUND_PRIVATE_HOSTS: '127.0.0.1',
    SIMULATOR: 'false', HOST: '127.0.0.1',
  };
  const web = startBotProcess(storeKind === 'embedded' ? 'all' : 'web', { ...env, PORT: String(webPort) });
  const workers = await Promise.all(Array.from({ length: workerCount }, async () => startBotProcess('worker', { ...env, PORT: String(await freePort()) })));
  const url = `http://127.0.0.1:${webPort}`;
  const rss: { web: number[]; workers: number[] } = { web: [], workers: [] };
  const spawnedAt = performance.now();
  try {
    await waitReady(url, 60_000);
    const startSeconds = Math.round((performance.now() - spawnedAt) / 100) / 10;
    const rssAtStartMb = rssMb(web.pid);
    console.log(`ready after ${startSeconds} s (RSS ${rssAtStartMb} MB)`);

    // Warm-up: how many replies each question gets, so duplicates can be told from answers.
    const expected = new Map<string, number>();
    for (const [i, text] of QUESTIONS.entries()) {
      const from = `8809${String(i).padStart(8, '0')}`;
      const { body, signature } = signedBody(textDelivery([{ from, id: `wamid.warm${i}`, text }]), APP_SECRET);
      await fetch(`${url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    }
    await new Promise((r) => setTimeout(r, 3000));
    for (const [i, text] of QUESTIONS.entries()) expected.set(text, graph.messages().filter((m) => m.body.to === `8809${String(i).padStart(8, '0')}`).length);
    console.log('replies per question:', Object.fromEntries(expected));

    const sentAt = new Map<string, number>();
    const questionOf = new Map<string, string>();
    const firstReplyAt = new Map<string, number>();
    const replyCount = new Map<string, number>();
    graph.onMessage = (call) => {
      const to = String(call.body.to);
      replyCount.set(to, (replyCount.get(to) ?? 0) + 1);
      if (!firstReplyAt.has(to)) firstReplyAt.set(to, performance.now());
    };

    const webhookLatency: number[] = [];
    let refused = 0;
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    const sampler = setInterval(() => {
      rss.web.push(rssMb(web.pid) ?? 0);
      for (const w of workers) rss.workers.push(rssMb(w.pid) ?? 0);
    }, 1000);
    console.log(`sending ${total} messages at ${rate}/s for ${seconds} s…`);
    for (let i = 0; i < total; i++) {
      // Open loop: message i leaves at i/rate seconds, whether or not earlier ones were answered.
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const from = `8801${String(700_000_000 + i)}`;
      const text = QUESTIONS[i % QUESTIONS.length];
      questionOf.set(from, text);
      const { body, signature } = signedBody(textDelivery([{ from, id: `wamid.bench${i}`, text }]), APP_SECRET);
      const t0 = performance.now();
      sentAt.set(from, t0);
      inFlight.push(
        fetch(`${url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body })
          .then(async (res) => {
            await res.arrayBuffer();
            webhookLatency.push(performance.now() - t0);
            // 503: not accepted; Meta would deliver it again later, so it is refused, not lost.
            if (res.status !== 200) {
              refused += 1;
              questionOf.delete(from);
            }
          })
          .catch(() => {
            refused += 1;
            questionOf.delete(from);
          }),
      );
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - started) / 1000;
    // Let the workers finish: stop when every message has its replies or nothing moved for 15 s.
    let last = -1;
    let idleSince = performance.now();
    for (;;) {
      const answered = [...questionOf].filter(([from, q]) => (replyCount.get(from) ?? 0) >= (expected.get(q) ?? 1)).length;
      if (answered === questionOf.size) break;
      if (answered !== last) {
        last = answered;
        idleSince = performance.now();
      } else if (performance.now() - idleSince > 15_000 || performance.now() - started > (seconds + 120) * 1000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    clearInterval(sampler);
    const drainSeconds = (performance.now() - started) / 1000;

    const replyLatency = [...firstReplyAt].filter(([from]) => questionOf.has(from)).map(([from, at]) => at - sentAt.get(from)!).filter((x) => x >= 0).sort((a, b) => a - b);
    webhookLatency.sort((a, b) => a - b);
    let lost = 0;
    let duplicated = 0;
    for (const [from, q] of questionOf) {
      const got = replyCount.get(from) ?? 0;
      const want = expected.get(q) ?? 1;
      if (got < want) lost += 1;
      if (got > want) duplicated += got - want;
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    const result = {
      benchmark: {
        mongo: 'pipeline: webhook → bull/Redis → worker → MongoDB-wire (FerretDB) → Graph API stand-in',
        embedded: 'pipeline: webhook → durable in-process queue and SQLite store (one process, `npm start` defaults) → Graph API stand-in',
      }[storeKind],
      at: new Date().toISOString(),
      // On a shared machine the load average says how much CPU the run really had.
      machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10 },
      target: { rate, seconds, messages: total, workers: workerCount, store: storeKind },
      achieved: { sendSeconds: round(sendSeconds), drainSeconds: round(drainSeconds), acceptedPerSecond: round((total - refused) / sendSeconds), repliedPerSecond: round((questionOf.size - lost) / drainSeconds) },
      webhookMs: { p50: round(percentile(webhookLatency, 50)), p99: round(percentile(webhookLatency, 99)), max: round(webhookLatency[webhookLatency.length - 1] ?? 0) },
      replyMs: { p50: round(percentile(replyLatency, 50)), p99: round(percentile(replyLatency, 99)), max: round(replyLatency[replyLatency.length - 1] ?? 0) },
      /** Answered 503 (or no answer): Meta delivers these again; not accepted, so not lost. */
      refused,
      /** Accepted with 200 and never answered. */
      lost,
      duplicated,
      rssMb: { webMax: Math.max(0, ...rss.web), workerMax: Math.max(0, ...rss.workers), webAtStart: rssAtStartMb },
      startSeconds,
      ...(history ? { history, targets: TARGETS, met: {
        rss: Math.max(0, ...rss.web) <= TARGETS.rssMb,
        replyP99: percentile(replyLatency, 99) <= TARGETS.replyP99Ms,
        start: startSeconds <= TARGETS.startSeconds,
      } } : {}),
    };
    const out = path.resolve(`bench/results/pipeline-${storeKind}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    web.kill('SIGTERM');
    for (const w of workers) w.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    web.kill('SIGKILL');
    for (const w of workers) w.kill('SIGKILL');
    await graph.close();
    await Promise.all([redis?.stop(), mongo?.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
