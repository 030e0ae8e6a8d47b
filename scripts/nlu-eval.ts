/**
 * `npm run nlu:eval`: how well the local NLU understands customers, against a character
 * n-gram TF-IDF nearest-neighbour baseline trained on the same flow examples.
 *
 *   - k-fold cross-validation on the flow examples;
 *   - every evaluation set in bench/nlu/ (held-out customer messages written apart from the
 *     flows, never trained on; see bench/nlu/README.md): accuracy per language, out-of-scope
 *     messages accepted, worst confusion pairs.
 * Prints a summary and writes bench/results/nlu-eval.json.
 *
 *   npm run nlu:eval [-- --flows flows] [--set bench/nlu/heldout-a ...] [--folds 5] [--misses]
 * --set takes any folder in the evaluation format, inside the project or not (a held-out set
 * kept elsewhere). --misses lists each wrong item, of the development sets only (dev*), or the
 * held-out sets stop being held out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { intentExamples, loadFlows, trainingExtras } from '../src/flowfiles/loadFlows';
import { exampleCount } from '../src/nlu/local/intentModel';
import { crossValidate } from './nlu-eval/crossValidation';
import { loadEvalSet } from './nlu-eval/evalSets';
import { confusionLine, detailLine, figuresTable, TARGETS, verdict } from './nlu-eval/report';
import { localNluRouter, withHumanDetector, type Training } from './nlu-eval/routers';
import { scoreRouter } from './nlu-eval/scoring';
import { asksForHuman } from '../src/nlu/local';
import { atFalseAcceptRate, KNN_WITHOUT_LINE, tfidfKnnRouter } from './nlu-eval/tfidfKnn';

interface Args {
  flows: string;
  sets: string[];
  folds: number;
  misses: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { flows: 'flows', sets: [], folds: 5, misses: false, out: 'bench/results/nlu-eval.json' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--flows') args.flows = value();
    else if (arg === '--set') args.sets.push(value());
    else if (arg === '--folds') args.folds = Number(value());
    else if (arg === '--out') args.out = value();
    else if (arg === '--misses') args.misses = true;
    else usage(`unknown argument "${arg}"`);
  }
  if (args.sets.length === 0) {
    args.sets = fs.readdirSync('bench/nlu', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join('bench/nlu', d.name)).sort();
  }
  if (!(args.folds >= 2)) usage('--folds must be 2 or more');
  return args;
}

function usage(problem: string): never {
  console.error(problem);
  console.error('usage: npm run nlu:eval -- [--flows flows] [--set bench/nlu/<set>]... [--folds 5] [--misses] [--out file]');
  process.exit(2);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const flows = loadFlows(path.resolve(args.flows));
  const training: Training = { intents: intentExamples(flows), extras: trainingExtras(flows) };
  const model = localNluRouter(training);
  // A second training on a warm process is what a hot reload costs.
  model.nlu.train(training.intents, training.extras);
  const baseline = tfidfKnnRouter(training);
  const generousBaseline = tfidfKnnRouter(training, KNN_WITHOUT_LINE);
  const stats = model.nlu.stats;
  const examples = exampleCount(training.intents);
  console.log(
    `NLU evaluation: ${stats.intents} intents, ${examples} examples, ${training.extras.outOfScope?.length ?? 0} out-of-scope messages, ` +
      `${training.extras.synonyms?.length ?? 0} synonym groups; trained in ${stats.trainCpuMs} ms of CPU; acceptance line ${stats.threshold.toFixed(3)} ` +
      `(${(stats.calibration.falseAcceptRate * 100).toFixed(1)}% of ${stats.calibration.measuredOn} out-of-scope messages above it, cross-validated); ` +
      `baseline similarity line ${baseline.threshold.toFixed(3)}\n`,
  );

  const sets: Record<string, unknown> = {};
  for (const dir of args.sets) {
    const items = loadEvalSet(dir);
    const name = path.basename(dir);
    const ours = scoreRouter(model, items);
    const chatter = items.filter((i) => i.expected === null).map((i) => i.text);
    const matched = atFalseAcceptRate(baseline, chatter, ours.outOfScope.falseAcceptRate);
    // With the detector in front, the chatter it takes counts against the same rate.
    const unheard = chatter.filter((text) => !asksForHuman(text));
    const leftForBaseline = Math.max(0, ours.outOfScope.falseAcceptRate * chatter.length - (chatter.length - unheard.length));
    const matchedBehindDetector = withHumanDetector(atFalseAcceptRate(baseline, unheard, unheard.length ? leftForBaseline / unheard.length : 0));
    const baselines = [baseline, matched, generousBaseline, withHumanDetector(baseline), matchedBehindDetector, withHumanDetector(generousBaseline)].map((r) => scoreRouter(r, items));
    const rows = [ours, ...baselines];
    const [theirs, theirsMatched, theirsWithoutLine] = baselines as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    const inScope = items.filter((i) => i.expected !== null).length;
    console.log(`set ${name}: ${inScope} in scope, ${items.length - inScope} out of scope`);
    console.log(figuresTable(rows));
    console.log(detailLine(ours));
    console.log(confusionLine(ours));
    console.log(confusionLine(theirs));
    console.log(confusionLine(theirsMatched));
    console.log(confusionLine(theirsWithoutLine));
    // The margin is over the best baseline that lets no more chatter through than the model does;
    // the baselines without a line answer a third of it and are shown for what they are.
    const v = verdict(ours, baselines.filter((b) => b.outOfScope.falseAcceptRate <= ours.outOfScope.falseAcceptRate + 1e-9));
    const noLine = verdict(ours, baselines);
    console.log(`  targets: every language >= ${TARGETS.accuracyPerLanguage * 100}%: ${v.everyLanguageAtTarget ? 'met' : 'NOT met'}; ` +
      `>= ${TARGETS.marginOverBaseline * 100} points above the best baseline at the model's chatter rate or below, in every language: ${v.aboveBaselineEveryLanguage ? 'met' : 'NOT met'} ` +
      `(above every baseline, the ones without a line too: ${noLine.aboveBaselineEveryLanguage ? 'met' : 'NOT met'}); ` +
      `out of scope accepted <= ${TARGETS.falseAcceptRate * 100}%: ${v.falseAcceptAtTarget ? 'met' : 'NOT met'}`);
    if (args.misses && isDevelopmentSet(name)) printMisses(model, items);
    else if (args.misses) console.log('  (misses are listed for development sets only: a held-out set read item by item stops being held out)');
    console.log('');
    sets[name] = {
      inScope,
      outOfScope: items.length - inScope,
      model: ours,
      baseline: theirs,
      baselineAtModelRate: theirsMatched,
      baselineWithoutLine: theirsWithoutLine,
      baselinesWithHumanDetector: baselines.slice(3),
      targets: { ...v, aboveEveryBaselineWithoutLineToo: noLine.aboveBaselineEveryLanguage },
    };
  }

  const cvModel = crossValidate(training, localNluRouter, args.folds);
  const cvBaseline = crossValidate(training, tfidfKnnRouter, args.folds);
  const cvBaselineWithoutLine = crossValidate(training, (t) => tfidfKnnRouter(t, KNN_WITHOUT_LINE), args.folds);
  console.log(`cross-validation, ${args.folds}-fold over the flow examples`);
  console.log(figuresTable([cvModel, cvBaseline, cvBaselineWithoutLine]));
  console.log(confusionLine(cvModel));

  const result = {
    name: 'nlu-eval',
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: availableParallelism(), loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    flows: { intents: stats.intents, examples, outOfScope: training.extras.outOfScope?.length ?? 0, synonymGroups: training.extras.synonyms?.length ?? 0 },
    training: { cpuMs: stats.trainCpuMs, features: stats.features, threshold: stats.threshold, calibration: stats.calibration, baselineThreshold: baseline.threshold },
    targets: TARGETS,
    sets,
    crossValidation: { folds: args.folds, model: cvModel, baseline: cvBaseline, baselineWithoutLine: cvBaselineWithoutLine },
  };
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(path.resolve(args.out), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${args.out}`);
}

/** dev/, dev-long/: sets the model may be tuned on (bench/nlu/README.md). */
function isDevelopmentSet(name: string): boolean {
  return /^dev(-|$)/.test(name);
}

function printMisses(model: ReturnType<typeof localNluRouter>, items: ReturnType<typeof loadEvalSet>): void {
  for (const item of items) {
    const route = model.route(item.text);
    const got = route.kind === 'answer' ? route.intent : route.kind === 'ask' ? `ask ${route.intents.join('/')}` : route.kind;
    const right = item.expected === null ? route.kind === 'none' || route.kind === 'ask' : got === item.expected || (route.kind === 'human' && item.expected === 'talk_to_human');
    if (!right) console.log(`    ${item.language.padEnd(9)} ${String(item.expected ?? 'out_of_scope').padEnd(22)} got ${got.padEnd(24)} ${item.text}`);
  }
}

main();
