import { buildFlowSet, intentExamples, trainingExtras, type FlowSources } from '../../../src/flowfiles/loadFlows';
import { FlowLoadError, formatProblem } from '../../../src/flowfiles/model';

const flow = (id: string, intent: string, examples: string, synonyms = '') => `id: ${id}
title: { en: ${id}, bn: ${id} }
locales: [en, bn]
triggers:
  - intent: ${intent}
    examples:
      en: [${examples}]
      bn: [কিছু একটা ${id}]
${synonyms}steps:
  - id: a
    end: {}
`;

function problemsOf(sources: FlowSources): string[] {
  try {
    buildFlowSet(sources);
    return [];
  } catch (error) {
    if (!(error instanceof FlowLoadError)) throw error;
    return error.problems.map(formatProblem);
  }
}

describe('synonym groups in flow files', () => {
  const synonyms = 'synonyms:\n  - [parcel, package, পার্সেল]\n  - [pay, payment, taka deya]\n';

  it('are collected from every file for the NLU', () => {
    const set = buildFlowSet([
      { file: 'a.yaml', source: flow('a', 'order_status', 'where is my parcel', synonyms) },
      { file: 'b.yaml', source: flow('b', 'refunds', 'money back', 'synonyms:\n  - [refund, রিফান্ড]\n') },
    ]);
    expect(trainingExtras(set).synonyms).toEqual([['parcel', 'package', 'পার্সেল'], ['pay', 'payment', 'taka deya'], ['refund', 'রিফান্ড']]);
  });

  it('need two members or more', () => {
    const problems = problemsOf({ flows: [{ file: 'a.yaml', source: flow('a', 'x', 'hello', 'synonyms:\n  - [parcel]\n') }] });
    expect(problems).toEqual([expect.stringMatching(/^a\.yaml:10:\d+  synonyms\.0: a synonym group needs at least two words/)]);
  });

  it('refuse a word in two groups, a word twice in one, a member without letters and a sentence', () => {
    const problems = problemsOf({
      flows: [
        { file: 'a.yaml', source: flow('a', 'x', 'hello', 'synonyms:\n  - [parcel, package]\n  - [box, Parcel!, box, "!!", i want to know where my parcel is now]\n') },
        { file: 'b.yaml', source: flow('b', 'y', 'bye', 'synonyms:\n  - [package, packet]\n') },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^a\.yaml:11:\d+  synonym "Parcel!" is also in the group at a\.yaml:10/),
      expect.stringMatching(/^a\.yaml:11:\d+  synonym "box" is listed twice in this group/),
      expect.stringMatching(/^a\.yaml:11:\d+  synonym "!!" has no letters or digits/),
      expect.stringMatching(/^a\.yaml:11:\d+  synonym "i want to know where my parcel is now" is longer than 6 words/),
      expect.stringMatching(/^b\.yaml:10:\d+  synonym "package" is also in the group at a\.yaml:10/),
    ]);
  });
});

describe('the out-of-scope file (flows/nlu/out_of_scope.yaml)', () => {
  const flows = [{ file: 'a.yaml', source: flow('a', 'order_status', 'where is my parcel') }];

  it('is read for the NLU and changes the flow set version', () => {
    const without = buildFlowSet({ flows });
    const withIt = buildFlowSet({ flows, outOfScope: { file: 'nlu/out_of_scope.yaml', source: 'examples:\n  en: [tell me a joke]\n  bn: [একটা গল্প বলো, ekta golpo bolo]\n' } });
    expect(trainingExtras(withIt).outOfScope).toEqual(['tell me a joke', 'একটা গল্প বলো', 'ekta golpo bolo']);
    expect(trainingExtras(without).outOfScope).toEqual([]);
    expect(withIt.version).not.toBe(without.version);
  });

  it('reports a broken file, a message that is also an example, and a message listed twice, at their lines', () => {
    expect(problemsOf({ flows, outOfScope: { file: 'nlu/out_of_scope.yaml', source: 'examples:\n  fr: [bonjour]\n' } })).toEqual([
      expect.stringMatching(/^nlu\/out_of_scope\.yaml:2:\d+  examples: unknown|^nlu\/out_of_scope\.yaml:\d+:\d+  examples/),
    ]);
    expect(problemsOf({ flows, outOfScope: { file: 'nlu/out_of_scope.yaml', source: 'examples:\n  en:\n    - tell me a joke\n    - Where is my parcel?\n    - tell me a joke\n' } })).toEqual([
      expect.stringMatching(/^nlu\/out_of_scope\.yaml:4:7  "Where is my parcel\?" is out of scope here but an example of intent order_status \(a\.yaml\)/),
      expect.stringMatching(/^nlu\/out_of_scope\.yaml:5:7  "tell me a joke" is listed twice/),
    ]);
  });

  it('names other businesses for the NLU, takes one that is also the shop\'s synonym (a business it works with), and refuses a name listed twice', () => {
    const source = 'examples:\n  en: [tell me a joke]\notherBusinesses:\n  - Grameenphone\n  - union bank\n  - ইউনিয়ন ব্যাংক\n';
    expect(trainingExtras(buildFlowSet({ flows, outOfScope: { file: 'nlu/out_of_scope.yaml', source } })).otherBusinesses).toEqual(['Grameenphone', 'union bank', 'ইউনিয়ন ব্যাংক']);
    const shop = [{ file: 'a.yaml', source: flow('a', 'payment_methods', 'how can I pay', 'synonyms:\n  - [mobile banking, bKash, nagad]\n') }];
    expect(problemsOf({ flows: shop, outOfScope: { file: 'nlu/out_of_scope.yaml', source: 'examples:\n  en: [tell me a joke]\notherBusinesses: [daraz, Bkash, DARAZ]\n' } })).toEqual([
      expect.stringMatching(/^nlu\/out_of_scope\.yaml:3:\d+  "DARAZ" is listed twice/),
    ]);
  });
});

describe('training files (flows/nlu/<name>.yaml)', () => {
  const flows = [{ file: 'a.yaml', source: flow('a', 'order_status', 'where is my parcel') }];
  const training = (source: string) => [{ file: 'nlu/order_status.yaml', source }];

  it('add their phrasings to the intent they name, per language, and change the flow set version', () => {
    const without = buildFlowSet({ flows });
    const withIt = buildFlowSet({ flows, training: training('intent: order_status\nexamples:\n  en: [my parcel has not come yet]\n  bn: [পার্সেল এখনো আসেনি, parcel ekhono ashe nai]\n') });
    expect(intentExamples(withIt)).toEqual([
      expect.objectContaining({ intent: 'order_status', examples: { en: ['where is my parcel', 'my parcel has not come yet'], bn: ['কিছু একটা a', 'পার্সেল এখনো আসেনি', 'parcel ekhono ashe nai'] } }),
    ]);
    expect(intentExamples(without)[0]?.examples.en).toEqual(['where is my parcel']);
    expect(withIt.version).not.toBe(without.version);
  });

  it('refuse an intent no flow triggers on, a broken file, and a phrasing that is also out of scope, at their lines', () => {
    expect(problemsOf({ flows, training: training('intent: order_staus\nexamples:\n  en: [my parcel has not come yet]\n') })).toEqual([
      expect.stringMatching(/^nlu\/order_status\.yaml:1:\d+  intent "order_staus" is not a trigger of any flow  \(one of: order_status\)/),
    ]);
    expect(problemsOf({ flows, training: training('intent: order_status\nexamples:\n  fr: [où est mon colis]\n') })).toEqual([expect.stringMatching(/^nlu\/order_status\.yaml:\d+:\d+  examples/)]);
    expect(
      problemsOf({ flows, training: training('intent: order_status\nexamples:\n  en: [my parcel has not come yet]\n'), outOfScope: { file: 'nlu/out_of_scope.yaml', source: 'examples:\n  en: [My parcel has not come yet!]\n' } }),
    ).toEqual([expect.stringMatching(/^nlu\/out_of_scope\.yaml:2:\d+  "My parcel has not come yet!" is out of scope here but an example of intent order_status \(nlu\/order_status\.yaml\)/)]);
  });
});
