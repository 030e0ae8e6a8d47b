'use strict';
/**
 * Times the local NLU's training on the sample flows (flows/) in the process that runs it: the
 * first training, then the fastest of five more (a flow reload on a warm process). Run by
 * `npm run bench:nlu` in a fresh Node process on the compiled bot (dist/), started with the flags
 * `npm start` uses, so the first figure is what the bot's start pays. Prints one JSON line.
 *
 *   node --max-semi-space-size=4 scripts/bench-nlu-training.js
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const { intentExamples, loadFlows, trainingExtras } = require(path.join(ROOT, 'dist/src/flowfiles/loadFlows'));
const { LocalNlu } = require(path.join(ROOT, 'dist/src/nlu/local'));

const flows = loadFlows(path.join(ROOT, 'flows'));
const intents = intentExamples(flows);
const extras = trainingExtras(flows);
const nlu = new LocalNlu();

function timeTraining() {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  nlu.train(intents, extras);
  const cpu = process.cpuUsage(cpuStart);
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: Math.round((cpu.user + cpu.system) / 1000) };
}

const first = timeTraining();
// The first message with a word the model lacks builds the typo index (FeatureSpace.knownWords),
// which the bot otherwise builds on the event loop's next turn after a training: its cost, shown apart.
const typoStart = process.hrtime.bigint();
nlu.detectSync({ text: 'wher is my odrer', conversationId: 'bench' });
const firstTypoMessageMs = Number(process.hrtime.bigint() - typoStart) / 1e6;
const warm = Array.from({ length: 5 }, timeTraining);
console.log(
  JSON.stringify({
    intents: nlu.stats.intents,
    examples: nlu.stats.examples,
    firstTrainMs: Math.round(first.wall),
    warmTrainMs: Math.round(Math.min(...warm.map((w) => w.wall))),
    firstTrainCpuMs: first.cpu,
    firstTypoMessageMs: Math.round(firstTypoMessageMs),
    warmTrainCpuMs: Math.min(...warm.map((w) => w.cpu)),
  }),
);
