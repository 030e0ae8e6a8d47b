/**
 * Engine throughput on the embedded adapters, in one process (one core): many customers
 * each sending a short conversation through the durable in-process queue, engine, NLU and
 * SQLite store, on a file in a temporary DATA_DIR (WAL, every commit fsynced before it is
 * acknowledged: what `npm start` runs on). Writes bench/results/engine.json, keeping the last
 * figure of another store as `baseline` for comparison.
 *   npx tsx scripts/bench-engine.ts [--messages 20000] [--customers 1000] [--flows DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load';
import type { InboundMessage } from '../src/domain/message';
import { createSilentLogger } from '../src/observability/logger';
import { createRuntime } from '../src/runtime/runtime';
import { percentile } from './support/stats';

// Questions customers ask, in the three ways they write. None needs an HTTP lookup, so the
// figure is the engine's own cost (the order lookup is measured by the pipeline benchmark).
const QUESTIONS = [
  'hi', 'delivery charge koto?', 'ঢাকার বাইরে ডেলিভারি চার্জ কত', 'how much is delivery outside dhaka',
  'payment methods?', 'বিকাশে পেমেন্ট করা যাবে?', 'bkash e payment kora jabe', 'return policy', 'পণ্য ফেরত দিতে চাই',
  'what time do you open', 'দোকান কখন খোলা থাকে', 'where is your shop', 'do you deliver to sylhet', 'thanks',
  'delivary charg', 'asdfgh qwerty', 'menu',
];

export interface EngineBenchResult {
  store: string;
  messages: number;
  customers: number;
  seconds: number;
  messagesPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  repliesPerMessage: number;
  rssMb: number;
}

export async function runEngineBench(options: { messages?: number; customers?: number; flowsDir?: string } = {}): Promise<EngineBenchResult> {
  const total = options.messages ?? 20_000;
  const customers = options.customers ?? 1_000;
  // Every message is handed over at once: the admission limit (INLINE_QUEUE_LIMIT) is not what is measured.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
  const config = loadConfig({ dotenv: false, env: { DATA_DIR: dataDir, FLOWS_DIR: options.flowsDir ?? 'flows', LOG_LEVEL: 'error', INLINE_QUEUE_LIMIT: String(total) } });
  const runtime = await createRuntime(config, createSilentLogger());
  runtime.startWorkers();

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const started = performance.now();
  const jobs: Promise<void>[] = [];
  // Messages handed over and not answered yet: after each 200, no more than MAX_UNANSWERED stay
  // open (a webhook's deliveries wait for their 200), so the latency is one message's, not the
  // wait behind all 20,000 (a durable add is not instant, so nothing else would hold them back).
  const unanswered = new Set<Promise<void>>();
  let adds: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const from = `8801${String(500_000_000 + (i % customers))}`;
    const id = `bench-${i}`;
    const message: InboundMessage = { id, channel: 'simulator', from, timestamp: Date.now(), content: { type: 'text', text: QUESTIONS[(i * 7 + Math.floor(i / customers)) % QUESTIONS.length] } };
    sentAt.set(id, performance.now());
    // Added side by side, as concurrent webhook deliveries add them (a durable add waits for its commit).
    adds.push(runtime.queue.add('inbound', message, { key: `simulator:${from}`, jobId: id }).then(() => {
      const done: Promise<void> = runtime.queue.waitFor('inbound', id, 120_000).then(() => {
        latencies.push(performance.now() - sentAt.get(id)!);
        unanswered.delete(done);
      });
      unanswered.add(done);
      jobs.push(done);
    }));
    // Let the workers run while messages arrive, as they would from a webhook.
    if (i % 200 === 199) {
      await Promise.all(adds);
      adds = [];
      while (unanswered.size > MAX_UNANSWERED) await Promise.race(unanswered);
      await new Promise((r) => setImmediate(r));
    }
  }
  await Promise.all(adds);
  await Promise.all(jobs);
  const seconds = (performance.now() - started) / 1000;

  let replies = 0;
  for (let c = 0; c < customers; c++) {
    replies += (await runtime.store.messages.listByCustomer(`simulator:8801${String(500_000_000 + c)}`)).filter((m) => m.direction === 'out').length;
  }
  const store = runtime.store.kind;
  await runtime.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    store,
    messages: total,
    customers,
    seconds: round(seconds),
    messagesPerSecond: Math.round(total / seconds),
    latencyMs: { p50: round(percentile(latencies, 50)), p90: round(percentile(latencies, 90)), p99: round(percentile(latencies, 99)), max: round(latencies[latencies.length - 1]) },
    repliesPerMessage: round(replies / total),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
// The queue's concurrency per topic: more open messages only wait their turn.
const MAX_UNANSWERED = 64;

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  runEngineBench({ messages: Number(arg('messages') ?? 20_000), customers: Number(arg('customers') ?? 1_000), flowsDir: arg('flows') })
    .then((result) => {
      const out = path.resolve('bench/results/engine.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const previous = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
      // The last run on a different store (the memory store before SQLite) stays for comparison.
      const baseline = previous && (previous.store ?? 'memory') !== result.store ? { ...previous, baseline: undefined, store: previous.store ?? 'memory' } : previous?.baseline;
      // The machine may be shared: its load says how much of the two cores the run had.
      fs.writeFileSync(out, JSON.stringify({ benchmark: 'engine (embedded adapters, one process)', at: new Date().toISOString(), node: process.version, loadAverage1m: round(os.loadavg()[0]), ...result, baseline }, null, 2) + '\n');
      console.log(`engine: ${result.messagesPerSecond} messages/s over ${result.messages} messages from ${result.customers} customers; latency p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms; ${result.repliesPerMessage} replies/message; RSS ${result.rssMb} MB -> ${out}`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
