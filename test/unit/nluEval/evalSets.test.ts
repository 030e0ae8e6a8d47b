import fs from 'node:fs';
import path from 'node:path';
import { foldForCompare } from '../../../src/domain/text';
import { intentExamples, loadFlows, trainingExtras } from '../../../src/flowfiles/loadFlows';
import { loadEvalSet, type EvalItem } from '../../../scripts/nlu-eval/evalSets';
import { scoreRouter } from '../../../scripts/nlu-eval/scoring';
import { atFalseAcceptRate, tfidfKnnRouter, KNN_WITHOUT_LINE } from '../../../scripts/nlu-eval/tfidfKnn';
import type { Router } from '../../../scripts/nlu-eval/routers';

const ROOT = path.resolve(__dirname, '../../..');
const SETS = fs.readdirSync(path.join(ROOT, 'bench/nlu'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const flows = loadFlows(path.join(ROOT, 'flows'));

describe('NLU evaluation sets (bench/nlu)', () => {
  it('has the held-out sets the issue asks for: >= 300 in scope across the languages, >= 100 out of scope', () => {
    for (const set of SETS.filter((s) => s.startsWith('heldout-'))) {
      const items = loadEvalSet(path.join(ROOT, 'bench/nlu', set));
      const inScope = items.filter((i) => i.expected !== null);
      expect(inScope.length).toBeGreaterThanOrEqual(300);
      expect(items.length - inScope.length).toBeGreaterThanOrEqual(100);
      expect(new Set(inScope.map((i) => i.language))).toEqual(new Set(['en', 'bn', 'banglish', 'typos']));
    }
  });

  it('labels every in-scope message with an intent the sample flows have', () => {
    for (const set of SETS) {
      for (const item of loadEvalSet(path.join(ROOT, 'bench/nlu', set))) if (item.expected) expect(flows.intentToFlow.has(item.expected)).toBe(true);
    }
  });

  it('never trains on an evaluation message: none is a flow example or an out-of-scope training message', () => {
    const training = new Map<string, string>();
    for (const { intent, examples } of intentExamples(flows)) for (const list of Object.values(examples)) for (const text of list ?? []) training.set(foldForCompare(text), `flow example of ${intent}`);
    for (const text of trainingExtras(flows).outOfScope ?? []) training.set(foldForCompare(text), 'flows/nlu/out_of_scope.yaml');
    const leaks: string[] = [];
    for (const set of SETS) {
      for (const item of loadEvalSet(path.join(ROOT, 'bench/nlu', set))) {
        const seen = training.get(foldForCompare(item.text));
        if (seen) leaks.push(`${set}: "${item.text}" is also a ${seen}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('scoring and the baseline', () => {
  const items: EvalItem[] = [
    { text: 'where is my parcel', expected: 'order_status', language: 'en', file: 't' },
    { text: 'amar parcel kothay', expected: 'order_status', language: 'banglish', file: 't' },
    { text: 'refund please', expected: 'returns', language: 'en', file: 't' },
    { text: 'tell me a joke', expected: null, language: 'en', file: 't' },
  ];

  it('counts right answers per language, asks apart, and chatter answered as accepted', () => {
    const answers: Record<string, ReturnType<Router['route']>> = {
      'where is my parcel': { kind: 'answer', intent: 'order_status' },
      'amar parcel kothay': { kind: 'ask', intents: ['order_status', 'returns'] },
      'refund please': { kind: 'none' },
      'tell me a joke': { kind: 'answer', intent: 'returns' },
    };
    const figures = scoreRouter({ name: 'fixed', route: (text) => answers[text]! }, items);
    expect(figures.byLanguage.en).toMatchObject({ total: 2, correct: 1, rejected: 1, accuracy: 0.5 });
    expect(figures.byLanguage.banglish).toMatchObject({ total: 1, correct: 0, askedRight: 1, accuracy: 0 });
    expect(figures.outOfScope).toMatchObject({ total: 1, accepted: 1, falseAcceptRate: 1 });
    expect(figures.confusions.map((c) => `${c.expected}->${c.got}`)).toEqual(expect.arrayContaining(['returns->none', 'out_of_scope->returns']));
  });

  /** The baseline with no line on two small intents: it answers every message with its nearest example's. */
  const nearestExampleBaseline = () =>
    tfidfKnnRouter(
      {
        intents: [
          { intent: 'order_status', examples: { en: ['where is my order', 'track my parcel'] } },
          { intent: 'returns', examples: { en: ['I want a refund', 'return policy'] } },
        ],
        extras: { outOfScope: [] },
      },
      { ...KNN_WITHOUT_LINE, k: 1 },
    );

  it('the TF-IDF kNN baseline answers with its nearest examples, and says none past its line', () => {
    const knn = nearestExampleBaseline();
    expect(knn.route('where is my parcel')).toEqual({ kind: 'answer', intent: 'order_status' });
    expect(knn.route('refund pls')).toEqual({ kind: 'answer', intent: 'returns' });
    expect(knn.route('zzzz')).toEqual({ kind: 'answer', intent: expect.any(String) });
  });

  it('draws the baseline\'s line on a set so that it lets through no more of its chatter than the model did', () => {
    const knn = nearestExampleBaseline();
    const chatter = ['where is my umbrella', 'refund of my train ticket', 'what a day', 'my parcel of mangoes from rajshahi'];
    const items: EvalItem[] = chatter.map((text) => ({ text, expected: null, language: 'en', file: 'chatter.yaml' }));
    expect(scoreRouter(knn, items).outOfScope.accepted).toBe(4);
    expect(scoreRouter(atFalseAcceptRate(knn, chatter, 0.25), items).outOfScope.accepted).toBe(1);
    expect(scoreRouter(atFalseAcceptRate(knn, chatter, 0), items).outOfScope.accepted).toBe(0);
    expect(atFalseAcceptRate(knn, chatter, 0).route('where is my order')).toEqual({ kind: 'answer', intent: 'order_status' });
  });
});
