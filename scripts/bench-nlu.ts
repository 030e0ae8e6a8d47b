/**
 * Latency and accuracy benchmark of the local NLU on a synthetic shop-sized-and-then-some
 * index: 500 intents x 10 examples by default, half English-like and half Bengali-like,
 * drawn from Zipf-distributed vocabularies so that intents share many words the way real
 * ones do ("delivery", "order", "কত" appear everywhere), plus the sample shop's out-of-scope
 * messages (so the model has its out-of-scope class and calibrates its line, as in production).
 * Also times training on the sample flows (flows/), the "< 1 s" figure.
 *
 *   npm run bench:nlu            (writes bench/results/nlu.json)
 *
 * `runNluBench(options)` is exported for a combined bench script.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { loadFlows, trainingExtras } from '../src/flowfiles/loadFlows';
import { LocalNlu } from '../src/nlu/local';
// Seeded (mulberry32) so that every run benchmarks the same data.
import { seededRandom } from '../src/nlu/local/softmaxRegression';
import type { IntentExamples, TrainingExtras } from '../src/nlu/port';
// The build step `npm start` runs (a CommonJS script without types).
const { ensureBuilt } = require('./setup/build') as { ensureBuilt: () => boolean };

/** The Node flags `npm start` runs the bot with (package.json). */
const START_FLAGS = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8')).scripts.start.split(' ').filter((word: string) => word.startsWith('--')) as string[];

export interface NluBenchOptions {
  intents?: number;
  examplesPerIntent?: number;
  /** Measured queries, split evenly over the four kinds. At least 20,000 by default. */
  queries?: number;
  seed?: number;
  /** Where to write the JSON result; null writes nothing. */
  outFile?: string | null;
}

export interface LatencySummary {
  count: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
}

export interface NluBenchResult {
  name: 'nlu-local';
  date: string;
  node: string;
  /** Latency is only comparable between runs on an otherwise idle machine: check these. */
  machine: { cpus: number; loadAverage1m: number };
  setup: { intents: number; examplesPerIntent: number; examples: number; outOfScope: number; features: number };
  /** A second training on a warm process, with the calibration: what a hot reload costs (wall clock, and CPU time). */
  trainMs: number;
  trainCpuMs: number;
  /**
   * The same training in the background (LocalNlu.retrain, as on a flow reload): the longest the
   * event loop waited for it at a time, measured by a timer that asks for a turn every millisecond.
   */
  retrain: { wallMs: number; longestPauseMs: number };
  /**
   * The sample flows (flows/): first training in a fresh process, and the fastest of five after
   * it, wall clock and CPU time (CPU time barely grows when other processes share the machine);
   * and the first message with a typo after the first training, which builds the typo index.
   */
  sampleFlows: { intents: number; examples: number; firstTrainMs: number; warmTrainMs: number; firstTrainCpuMs: number; warmTrainCpuMs: number; firstTypoMessageMs: number };
  /**
   * CPU time (user + system, microseconds) this process spent per query: unlike the wall-clock
   * latency, barely inflated when other processes share the machine (resolution ~1 µs; GC threads count).
   */
  cpuPerQuery: LatencySummary;
  latency: LatencySummary & { byKind: Record<QueryKind, LatencySummary> };
  accuracy: {
    /** Share of queries answered with the intent they were made from (null counts as wrong). */
    exact: number;
    typo: number;
    shuffled: number;
    typoAndShuffled: number;
    /** Share of unknown-text queries answered with no intent. */
    unknownRejected: number;
  };
  threshold: number;
}

type QueryKind = 'exact' | 'typo' | 'shuffled' | 'unknown';
const QUERY_KINDS: QueryKind[] = ['exact', 'typo', 'shuffled', 'unknown'];

interface Query {
  kind: QueryKind;
  text: string;
  expected: string | null;
}

class Generator {
  constructor(private readonly random: () => number) {}

  int(below: number): number {
    return Math.floor(this.random() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Index 0..size-1 with probability ~ 1/(rank+1): a few words are everywhere, most are rare. */
  zipf(size: number): number {
    // Inverse CDF of the continuous 1/x density on [1, size + 1].
    return Math.min(size - 1, Math.floor(Math.exp(this.random() * Math.log(size + 1)) - 1));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

const ENGLISH_STOPWORDS = ['the', 'a', 'is', 'my', 'your', 'i', 'you', 'can', 'do', 'to', 'for', 'of', 'in', 'please', 'what', 'how', 'when', 'where'];
const BENGALI_STOPWORDS = ['আমার', 'আমি', 'আপনার', 'কি', 'এর', 'টা', 'কত', 'কোথায়', 'কবে', 'কিভাবে', 'হবে', 'আছে', 'চাই', 'যাবে'];
const ENGLISH_SEED_WORDS = (
  'order delivery charge payment bkash nagad cash refund return exchange price size color stock shop address ' +
  'open close hours time days parcel courier track status cancel discount offer coupon product shirt dress shoe ' +
  'bag phone cover watch saree panjabi kurti jeans quality warranty invoice receipt account login password app ' +
  'website link photo picture video review rating gift wrap card bank transfer advance half full free shipping ' +
  'outside inside dhaka chittagong sylhet khulna rajshahi barisal rangpur district area home office pickup'
).split(' ');
const LATIN_SYLLABLES = ['ka', 'ter', 'lo', 'mi', 'san', 'dre', 'po', 'vin', 'ra', 'tel', 'shu', 'ben', 'gor', 'fi', 'nal', 'cro', 'ste', 'mar', 'quo', 'ply', 'den', 'wes', 'tra', 'hun'];
const BENGALI_CONSONANTS = [...'কখগঘচছজঝটঠডঢতথদধনপফবভমযরলশষসহ'];
const BENGALI_VOWEL_SIGNS = ['', '', 'া', 'ি', 'ী', 'ু', 'ে', 'ো', 'ৈ'];

function latinWord(gen: Generator): string {
  const syllables = 2 + gen.int(3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += gen.pick(LATIN_SYLLABLES);
  return word;
}

function bengaliWord(gen: Generator): string {
  const syllables = 2 + gen.int(3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += gen.pick(BENGALI_CONSONANTS) + gen.pick(BENGALI_VOWEL_SIGNS);
  return word;
}

function vocabulary(gen: Generator, size: number, make: (gen: Generator) => string, seed: readonly string[] = []): string[] {
  const words = new Set(seed);
  while (words.size < size) words.add(make(gen));
  return [...words];
}

interface Language {
  content: string[];
  stopwords: string[];
}

/** One example phrase: topic words of its intent, a shared common word or two, function words. */
function phrase(gen: Generator, language: Language, topic: readonly string[]): string {
  const words = new Set<string>();
  const topicWords = 2 + gen.int(2);
  while (words.size < Math.min(topicWords, topic.length)) words.add(gen.pick(topic));
  const common = gen.int(3);
  for (let i = 0; i < common; i++) words.add(language.content[gen.zipf(language.content.length)] as string);
  const glue = 1 + gen.int(3);
  for (let i = 0; i < glue; i++) words.add(gen.pick(language.stopwords));
  return gen.shuffle([...words]).join(' ');
}

function buildIntents(gen: Generator, intentCount: number, examplesPerIntent: number): IntentExamples[] {
  // Roughly what 500 real intents would use: a couple of thousand content words per language.
  const english: Language = { content: vocabulary(gen, 2500, latinWord, ENGLISH_SEED_WORDS), stopwords: ENGLISH_STOPWORDS };
  const bengali: Language = { content: vocabulary(gen, 2500, bengaliWord), stopwords: BENGALI_STOPWORDS };
  const intents: IntentExamples[] = [];
  for (let i = 0; i < intentCount; i++) {
    // Topic words are Zipf-drawn too, so popular words are part of many intents' topics.
    const topicOf = (language: Language) => {
      const topic = new Set<string>();
      while (topic.size < 4) topic.add(language.content[gen.zipf(language.content.length)] as string);
      return [...topic];
    };
    const englishTopic = topicOf(english);
    const bengaliTopic = topicOf(bengali);
    const en: string[] = [];
    const bn: string[] = [];
    for (let e = 0; e < examplesPerIntent; e++) {
      if (e % 2 === 0) en.push(phrase(gen, english, englishTopic));
      else bn.push(phrase(gen, bengali, bengaliTopic));
    }
    intents.push({ intent: `intent_${String(i).padStart(3, '0')}`, examples: { en, bn } });
  }
  return intents;
}

/** One slip of the thumb in one word: a wrong, missing, extra or swapped letter. */
function misspell(gen: Generator, word: string): string {
  const letters = [...word];
  if (letters.length < 5) return word;
  const at = 1 + gen.int(letters.length - 2);
  const alphabet = /[a-z]/.test(word) ? [...'abcdefghijklmnopqrstuvwxyz'] : BENGALI_CONSONANTS;
  switch (gen.int(4)) {
    case 0:
      letters[at] = gen.pick(alphabet);
      break;
    case 1:
      letters.splice(at, 1);
      break;
    case 2:
      letters.splice(at, 0, gen.pick(alphabet));
      break;
    default:
      [letters[at], letters[at - 1]] = [letters[at - 1] as string, letters[at] as string];
  }
  return letters.join('');
}

function buildQueries(gen: Generator, intents: readonly IntentExamples[], count: number): Query[] {
  const examples = intents.flatMap(({ intent, examples }) =>
    [...(examples.en ?? []), ...(examples.bn ?? [])].map((text) => ({ intent, text })),
  );
  const unknownEnglish = vocabulary(gen, 3000, latinWord).filter((word) => !/^(ka|ter)/.test(word));
  const queries: Query[] = [];
  for (let i = 0; i < count; i++) {
    const kind = QUERY_KINDS[i % QUERY_KINDS.length] as QueryKind;
    const source = gen.pick(examples);
    const words = source.text.split(' ');
    if (kind === 'exact') queries.push({ kind, text: source.text, expected: source.intent });
    else if (kind === 'shuffled') queries.push({ kind, text: gen.shuffle([...words]).join(' '), expected: source.intent });
    else if (kind === 'typo') {
      // Misspell one or two of the longer words, as people do.
      const long = words.map((word, at) => ({ word, at })).filter(({ word }) => [...word].length >= 5);
      for (let slips = 0; slips < 1 + gen.int(2) && long.length > 0; slips++) {
        const { at } = long.splice(gen.int(long.length), 1)[0] as { word: string; at: number };
        words[at] = misspell(gen, words[at] as string);
      }
      queries.push({ kind, text: words.join(' '), expected: source.intent });
    } else {
      // Text the shop never heard of: made-up words with the usual function words, or keyboard noise.
      const made = Array.from({ length: 2 + gen.int(5) }, () =>
        gen.int(3) === 0 ? gen.pick(ENGLISH_STOPWORDS) : misspell(gen, gen.pick(unknownEnglish)) + gen.pick(['x', 'zz', 'q', 'vy']),
      );
      queries.push({ kind, text: gen.int(10) === 0 ? 'asdf jkl qwerty' : made.join(' '), expected: null });
    }
  }
  return queries;
}

function summarize(samplesNs: number[]): LatencySummary {
  const sorted = Float64Array.from(samplesNs).sort();
  const at = (quantile: number) => (sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] as number) / 1000;
  const total = samplesNs.reduce((sum, value) => sum + value, 0);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50Us: round(at(0.5)),
    p90Us: round(at(0.9)),
    p99Us: round(at(0.99)),
    maxUs: round((sorted[sorted.length - 1] ?? 0) / 1000),
    meanUs: round(total / Math.max(1, sorted.length) / 1000),
  };
}

export async function runNluBench(options: NluBenchOptions = {}): Promise<NluBenchResult> {
  const intentCount = options.intents ?? 500;
  const examplesPerIntent = options.examplesPerIntent ?? 10;
  const queryCount = Math.max(4, options.queries ?? 24000);
  const gen = new Generator(seededRandom(options.seed ?? 20240601));

  const sampleFlows = timeSampleFlows();
  const intents = buildIntents(gen, intentCount, examplesPerIntent);
  const queries = buildQueries(gen, intents, queryCount);
  const extras = trainingExtras(loadFlows('flows'));
  const outOfScope = { outOfScope: extras.outOfScope };
  const nlu = new LocalNlu();

  // The first training also compiles the code paths; flows reload on a warm process, so time a second one.
  nlu.train(intents, outOfScope);
  const trainStart = process.hrtime.bigint();
  const trainCpuStart = process.cpuUsage();
  nlu.train(intents, outOfScope);
  const trainMs = Number(process.hrtime.bigint() - trainStart) / 1e6;
  const trainCpuMs = cpuMsSince(trainCpuStart);
  const retrain = await timeRetrain(nlu, intents, outOfScope);

  for (let i = 0; i < Math.min(2000, queries.length); i++) {
    nlu.detectSync({ text: (queries[i] as Query).text, conversationId: 'warm-up' });
  }

  const all: number[] = [];
  const cpu: number[] = [];
  const byKind: Record<QueryKind, number[]> = { exact: [], typo: [], shuffled: [], unknown: [] };
  const correct: Record<QueryKind, number> = { exact: 0, typo: 0, shuffled: 0, unknown: 0 };
  for (const query of queries) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = nlu.detectSync({ text: query.text, conversationId: 'bench' });
    const elapsed = Number(process.hrtime.bigint() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) * 1000);
    all.push(elapsed);
    byKind[query.kind].push(elapsed);
    if (result.intent === query.expected) correct[query.kind]++;
  }

  const share = (kind: QueryKind) => Math.round((correct[kind] / Math.max(1, byKind[kind].length)) * 10000) / 10000;
  const stats = nlu.stats;
  const result: NluBenchResult = {
    name: 'nlu-local',
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: availableParallelism(), loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    setup: {
      intents: stats.intents,
      examplesPerIntent,
      examples: stats.examples,
      outOfScope: extras.outOfScope?.length ?? 0,
      features: stats.features,
    },
    trainMs: Math.round(trainMs * 10) / 10,
    trainCpuMs,
    retrain,
    sampleFlows,
    cpuPerQuery: summarize(cpu),
    latency: {
      ...summarize(all),
      byKind: {
        exact: summarize(byKind.exact),
        typo: summarize(byKind.typo),
        shuffled: summarize(byKind.shuffled),
        unknown: summarize(byKind.unknown),
      },
    },
    accuracy: {
      exact: share('exact'),
      typo: share('typo'),
      shuffled: share('shuffled'),
      typoAndShuffled:
        Math.round(((correct.typo + correct.shuffled) / Math.max(1, byKind.typo.length + byKind.shuffled.length)) * 10000) / 10000,
      unknownRejected: share('unknown'),
    },
    threshold: nlu.threshold,
  };

  if (options.outFile !== null) {
    const outFile = resolve(options.outFile ?? 'bench/results/nlu.json');
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}

/**
 * Training on the sample flows, as the bot does at start and on every reload: on the compiled bot
 * in a fresh process started the way `npm start` starts it (scripts/bench-nlu-training.js). Not in
 * this process: the first training would not be a first one, and under the tsx command the same
 * training measured 150-250 ms slower than on compiled JavaScript.
 */
function timeSampleFlows(): NluBenchResult['sampleFlows'] {
  if (!ensureBuilt()) throw new Error('bench:nlu needs the compiled bot in dist/ (npm run build)');
  const run = spawnSync(process.execPath, [...START_FLAGS, resolve(__dirname, 'bench-nlu-training.js')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`timing the sample flows' training failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as NluBenchResult['sampleFlows'];
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/** A background training, with a 1 ms timer noting how long each of its turns had to wait. */
async function timeRetrain(nlu: LocalNlu, intents: IntentExamples[], extras: TrainingExtras): Promise<NluBenchResult['retrain']> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const start = performance.now();
  last = start;
  await nlu.retrain(intents, extras);
  const wallMs = performance.now() - start;
  clearInterval(timer);
  longest = Math.max(longest, performance.now() - last);
  return { wallMs: Math.round(wallMs), longestPauseMs: Math.round(longest * 10) / 10 };
}

function printSummary(result: NluBenchResult): void {
  const { latency, accuracy, setup } = result;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const sample = result.sampleFlows;
  console.log(
    `sample flows: ${sample.intents} intents, ${sample.examples} examples: first training ${sample.firstTrainMs} ms (${sample.firstTrainCpuMs} ms CPU), ` +
      `warm ${sample.warmTrainMs} ms (${sample.warmTrainCpuMs} ms CPU); the first message with a typo ${sample.firstTypoMessageMs} ms (builds the typo index)`,
  );
  console.log(`local NLU: ${setup.intents} intents, ${setup.examples} examples + ${setup.outOfScope} out of scope, ${setup.features} features, trained in ${result.trainMs} ms (${result.trainCpuMs} ms CPU)`);
  console.log(`  in the background (retrain): ${result.retrain.wallMs} ms, the event loop waited at most ${result.retrain.longestPauseMs} ms at a time`);
  console.log(
    `detect over ${latency.count} queries: p50 ${latency.p50Us} us, p90 ${latency.p90Us} us, p99 ${latency.p99Us} us, max ${latency.maxUs} us`,
  );
  console.log(`  CPU time per query: p50 ${result.cpuPerQuery.p50Us} us, p99 ${result.cpuPerQuery.p99Us} us`);
  for (const kind of QUERY_KINDS) {
    const k = latency.byKind[kind];
    console.log(`  ${kind.padEnd(8)} p50 ${k.p50Us} us, p99 ${k.p99Us} us`);
  }
  if (result.machine.loadAverage1m > result.machine.cpus * 0.75) {
    console.log(`  (machine busy: load ${result.machine.loadAverage1m} on ${result.machine.cpus} CPUs; latency is inflated)`);
  }
  console.log(
    `accuracy: exact ${percent(accuracy.exact)}, typo ${percent(accuracy.typo)}, shuffled ${percent(accuracy.shuffled)}, ` +
      `unknown rejected ${percent(accuracy.unknownRejected)} (threshold ${result.threshold})`,
  );
}

if (require.main === module) {
  void runNluBench().then(printSummary);
}
