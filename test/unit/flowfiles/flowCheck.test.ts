import { buildFlowSet } from '../../../src/flowfiles/loadFlows';
import { FlowLoadError, formatProblem } from '../../../src/flowfiles/model';

const base = (steps: string, extra = '') => `id: shop
title: { en: Shop, bn: দোকান }
locales: [en, bn]
triggers:
  - intent: shop_info
    examples:
      en: [tell me about the shop]
      bn: [দোকান সম্পর্কে বলুন]
${extra}steps:
${steps}`;

/** The problems the checker reports for these files, as `file:line:column  message  (hint)` lines. */
function problemsOf(files: Record<string, string>): string[] {
  try {
    buildFlowSet(Object.entries(files).map(([file, source]) => ({ file, source })));
    return [];
  } catch (error) {
    if (!(error instanceof FlowLoadError)) throw error;
    return error.problems.map(formatProblem);
  }
}

describe('flow check: each class of mistake is reported at its place', () => {
  it('accepts a correct flow', () => {
    expect(problemsOf({ 'shop.yaml': base('  - id: hi\n    end: { text: { en: Hi, bn: হাই } }\n') })).toEqual([]);
  });

  it('YAML syntax', () => {
    const [problem] = problemsOf({ 'shop.yaml': 'id: shop\nsteps:\n  - id: a\n   end: {}\n' });
    expect(problem).toMatch(/^shop\.yaml:4:\d+  YAML syntax/);
  });

  it('schema: an unknown field and a step doing two things', () => {
    const problems = problemsOf({ 'shop.yaml': base('  - id: a\n    end: {}\n    colour: red\n  - id: b\n    end: {}\n    menu: { text: hi }\n') });
    expect(problems[0]).toMatch(/^shop\.yaml:12:\d+  steps\.0: unknown field "colour"/);
    expect(problems.some((p) => /^shop\.yaml:13:\d+  steps\.1: a step does exactly one thing/.test(p))).toBe(true);
  });

  it('schema: more than 3 buttons', () => {
    const buttons = [1, 2, 3, 4].map((i) => `        - { id: b${i}, title: B${i}, menu: true }`).join('\n');
    const problems = problemsOf({ 'shop.yaml': base(`  - id: a\n    reply:\n      text: pick\n      buttons:\n${buttons}\n`) });
    expect(problems[0]).toMatch(/at most 3 reply buttons/);
  });

  it('references: a goto to a missing step and a flow that does not exist', () => {
    const problems = problemsOf({ 'shop.yaml': base('  - id: a\n    reply:\n      text: pick\n      buttons:\n        - { id: x, title: X, goto: nowhere }\n        - { id: y, title: Y, flow: ghost }\n') });
    expect(problems).toEqual([
      expect.stringMatching(/^shop\.yaml:14:\d+  goes to step "nowhere", which this flow does not have  \(steps here: a\)/),
      expect.stringMatching(/^shop\.yaml:15:\d+  starts flow "ghost", which no file defines/),
    ]);
  });

  it('references: two flows with one id and two flows claiming one intent', () => {
    const problems = problemsOf({ 'a.yaml': base('  - id: a\n    end: {}\n'), 'b.yaml': base('  - id: a\n    end: {}\n') });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^b\.yaml:1:5  flow id "shop" is already used by a\.yaml/), expect.stringMatching(/^b\.yaml:5:\d+  intent "shop_info" is already claimed in a\.yaml/)]));
  });

  it('an invalid regular expression in a pattern', () => {
    const problems = problemsOf({ 'shop.yaml': base("  - id: a\n    ask: { text: { en: n?, bn: n? }, save: n, validate: { pattern: '([0-9' } }\n") });
    expect(problems[0]).toMatch(/^shop\.yaml:11:\d+  pattern is not a valid regular expression/);
  });

  it('prefill on a question that is not a choice', () => {
    const step = "  - id: a\n    ask:\n      text: { en: Your name?, bn: নাম? }\n      save: name\n      prefill: true\n  - id: b\n    end: { text: { en: 'Hi {{name}}', bn: 'হাই {{name}}' } }\n";
    const [problem] = problemsOf({ 'shop.yaml': base(step) });
    expect(problem).toMatch(/^shop\.yaml:\d+:\d+  steps\.0\.ask\.prefill: prefill is for choice questions/);
  });

  it('a step nothing leads to', () => {
    const problems = problemsOf({ 'shop.yaml': base('  - id: a\n    end: { text: { en: bye, bn: বিদায় } }\n  - id: orphan\n    end: {}\n') });
    expect(problems).toEqual([expect.stringMatching(/^shop\.yaml:12:9  step "orphan" can never be reached  \(point a goto, next or button at it, or delete it\)/)]);
  });

  it('the same example under two intents', () => {
    const other = base('  - id: a\n    end: {}\n').replace('id: shop', 'id: other').replace('intent: shop_info', 'intent: other_info').replace('[দোকান সম্পর্কে বলুন]', '[অন্য কিছু]');
    const problems = problemsOf({ 'a.yaml': base('  - id: a\n    end: {}\n'), 'b.yaml': other.replace('[tell me about the shop]', '["Tell me about the shop!"]') });
    expect(problems).toEqual([expect.stringMatching(/^b\.yaml:7:\d+  example "Tell me about the shop!" is also an example of intent "shop_info" \(a\.yaml\)/)]);
  });

  it('a text missing in a declared language', () => {
    const problems = problemsOf({ 'shop.yaml': base('  - id: a\n    end: { text: { en: only English } }\n') });
    expect(problems).toEqual([expect.stringMatching(/^shop\.yaml:11:\d+  text has no bn version  \(the flow declares locales en, bn\)/)]);
  });

  it('WhatsApp limits: a 21-character button title and a long row title in Bengali', () => {
    const problems = problemsOf({
      'shop.yaml': base(`  - id: a
    reply:
      text: pick
      buttons:
        - { id: x, title: "Twenty-one characters", menu: true }
  - id: b
    reply:
      text: pick
      list:
        button: Choose
        rows:
          - { id: r, title: { en: Short, bn: "অনেক অনেক লম্বা একটি সারির শিরোনাম" }, menu: true }
`).replace('- id: a\n', '- id: a\n    next: b\n'),
    });
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^shop\.yaml:\d+:\d+  button title is 21 characters; WhatsApp allows 20/),
      expect.stringMatching(/row title is \d+ characters in bn; WhatsApp allows 24/),
    ]));
  });

  it('a placeholder no step collects', () => {
    const problems = problemsOf({ 'shop.yaml': base("  - id: a\n    ask: { text: { en: n?, bn: n? }, save: order_id }\n  - id: b\n    end: { text: '{{order_id}} {{order_total}} {{customer.name}}' }\n") });
    expect(problems).toEqual([expect.stringMatching(/^shop\.yaml:13:\d+  \{\{order_total\}\} is never collected in this flow  \(values here: customer, order_id\)/)]);
  });

  it('a handoff to a team that does not exist', () => {
    const problems = problemsOf({ 'shop.yaml': base('  - id: a\n    handoff: { reason: help, team: marketing }\n') });
    expect(problems).toEqual([expect.stringMatching(/^shop\.yaml:11:\d+  team "marketing" does not exist  \(teams \(TEAMS\): default, sales, delivery, billing, returns\)/)]);
  });

  it('lists every problem of every file at once', () => {
    const problems = problemsOf({ 'a.yaml': 'id: [', 'b.yaml': base('  - id: a\n    end: {}\n    extra: 1\n') });
    expect(problems.length).toBe(2);
  });
});
