/**
 * The conversation-spec runner itself: what a failing spec says, where a broken spec file is
 * wrong, and pressing buttons. Runs against two small flows of its own, not the sample shop.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkExpectations, runSpecs, startSpecBot, type SpecBot } from '../../../src/flowspecs/runSpecs';
import { failureMessage } from '../../../src/flowspecs/report';
import { parseSpecFile, type ConversationSpec } from '../../../src/flowspecs/parseSpecFile';
import { formatProblem } from '../../../src/flowfiles/model';

const HELLO_FLOW = `
id: hello
title: { en: Hello, bn: হ্যালো }
menu: 1
locales: [en, bn]
triggers:
  - intent: greeting
    examples:
      en: [hello, hi there, good morning]
      bn: [হ্যালো, আসসালামু আলাইকুম, শুভ সকাল]
steps:
  - id: hi
    reply:
      text: { en: "Hi! What do you need?", bn: "হাই! কী লাগবে?" }
      buttons:
        - { id: track, title: { en: Track an order, bn: অর্ডার ট্র্যাক }, goto: ask_order }
        - { id: person, title: { en: A person, bn: একজন মানুষ }, handoff: { reason: Asked from hello, team: sales, priority: high } }
  - id: ask_order
    ask:
      text: { en: "Your order number?", bn: "আপনার অর্ডার নম্বর?" }
      save: order_id
      validate: { pattern: '^\\d{4,10}$' }
      hint: { en: "4 to 10 digits, please.", bn: "৪ থেকে ১০টি সংখ্যা দিন।" }
  - id: look
    lookup: { url: "/demo/orders/{{order_id}}", save: order, onNotFound: unknown, onError: unknown }
  - id: status
    end: { text: { en: "Order {{order_id}} is {{order.status}}.", bn: "অর্ডার {{order_id}}: {{order.status}}।" } }
  - id: unknown
    end: { text: { en: "No order {{order_id}}.", bn: "অর্ডার {{order_id}} নেই।" } }
`;

const HOURS_FLOW = `
id: hours
title: { en: Opening hours, bn: খোলার সময় }
menu: 2
locales: [en, bn]
triggers:
  - intent: hours
    examples:
      en: [what time do you open, opening hours, are you open today]
      bn: [কখন খোলা, দোকান কখন খোলে]
steps:
  - id: hours
    reply:
      text: { en: "Open 10 to 8, closed Friday.", bn: "১০টা থেকে ৮টা, শুক্রবার বন্ধ।" }
`;

let flowsDir: string;

function writeFlows(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-flows-'));
  fs.writeFileSync(path.join(dir, 'hello.yaml'), HELLO_FLOW);
  fs.writeFileSync(path.join(dir, 'hours.yaml'), HOURS_FLOW);
  return dir;
}

/** Parses YAML that must be valid and returns its specs. */
function specsOf(source: string, file = 'flows/tests/runner.yaml'): ConversationSpec[] {
  const parsed = parseSpecFile(file, source);
  if (parsed.problems.length > 0) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  return parsed.specs;
}

beforeAll(() => {
  flowsDir = writeFlows();
});

afterAll(() => {
  fs.rmSync(flowsDir, { recursive: true, force: true });
});

describe('spec files', () => {
  it('reads a list of specs with their steps and lines', () => {
    const specs = specsOf(`
- name: first
  steps:
    - say: hello
      expect: { contains: Hi }
- name: second
  customer: "+8801711000000"
  steps:
    - say: 204518
    - press: Track an order
`);
    expect(specs.map((s) => s.name)).toEqual(['first', 'second']);
    expect(specs[0].at).toEqual({ file: 'flows/tests/runner.yaml', line: 2, column: 3 });
    expect(specs[0].steps[0]).toMatchObject({ say: 'hello', number: 1, at: { line: 4, column: 7 }, expect: { contains: ['Hi'] } });
    // A number is the text the customer typed; the phone loses its "+".
    expect(specs[1].steps[0].say).toBe('204518');
    expect(specs[1].customer).toEqual({ phone: '+8801711000000' });
    expect(specs[1].steps[1]).toMatchObject({ press: 'Track an order', number: 2, at: { line: 10 } });
  });

  it('reads a file holding one spec', () => {
    const specs = specsOf('name: alone\ncustomer: { phone: "8801711000001", name: Rahim }\nsteps:\n  - say: hi\n');
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({ name: 'alone', customer: { phone: '8801711000001', name: 'Rahim' }, at: { line: 1, column: 1 } });
  });

  it('reports a wrong field at its file:line:column', () => {
    const parsed = parseSpecFile('flows/tests/broken.yaml', [
      '- name: typo in expect', //          line 1
      '  steps:', //                        line 2
      '    - say: where is my order', //    line 3
      '      expect:', //                   line 4
      '        contians: order number', //  line 5
    ].join('\n'));
    expect(parsed.specs).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(formatProblem(parsed.problems[0])).toBe(
      'flows/tests/broken.yaml:5:9  0.steps.0.expect: unknown field "contians"  (fields of expect: contains, notContains, matches, buttons, offers, noReply, handoff, values, locale)',
    );
  });

  it('reports wrong values where they are', () => {
    const parsed = parseSpecFile('t.yaml', [
      '- name: several mistakes',
      '  steps:',
      '    - say: hi',
      '      press: Track an order',
      '    - say: hello',
      '      expect: { locale: fr, matches: "(unclosed", handoff: { team: Sales } }',
      '- steps: []',
    ].join('\n'));
    const lines = parsed.problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^t\.yaml:3:7 {2}0\.steps\.0: a step is one of `say: <text>`, `press: <button title>` or `share: <phone number>`/),
        expect.stringMatching(/^t\.yaml:6:25 {2}0\.steps\.1\.expect\.locale: /),
        expect.stringMatching(/^t\.yaml:6:38 {2}0\.steps\.1\.expect\.matches: not a valid regular expression/),
        expect.stringMatching(/^t\.yaml:6:68 {2}0\.steps\.1\.expect\.handoff\.team: use lower-case letters/),
        expect.stringMatching(/^t\.yaml:7:3 {2}1\.name: missing; this field is required$/),
        expect.stringMatching(/^t\.yaml:7:10 {2}1\.steps: a spec needs at least one step/),
      ]),
    );
  });

  it('explains a text with ": " inside [ ] that YAML read as a field', () => {
    const parsed = parseSpecFile('t.yaml', '- name: colon\n  steps:\n    - say: hi\n      expect: { contains: [Merchant number: 01700-000000] }\n');
    expect(formatProblem(parsed.problems[0])).toMatch(/^t\.yaml:4:\d+ {2}0\.steps\.0\.expect\.contains: expected a text or a list of texts {2}\(.*double quotes/);
  });

  it('reports YAML syntax errors, empty files and twice-used names', () => {
    expect(formatProblem(parseSpecFile('a.yaml', '- name: x\n  steps:\n\t- say: hi\n').problems[0])).toMatch(/^a\.yaml:3:1 {2}YAML syntax: /);
    expect(formatProblem(parseSpecFile('b.yaml', '# nothing yet\n').problems[0])).toBe('b.yaml:1:1  the file is empty  (write one spec, or a list of specs)');
    const twice = parseSpecFile('c.yaml', '- name: same\n  steps: [{ say: hi }]\n- name: same\n  steps: [{ say: hello }]\n');
    expect(twice.specs).toEqual([]);
    expect(formatProblem(twice.problems[0])).toBe('c.yaml:3:3  spec name "same" is used twice in this file (first on line 1)  (give every spec its own name)');
  });
});

describe('checking a reply', () => {
  const reply = (text: string, options: string[] = [], locale: 'en' | 'bn' = 'en') => ({
    type: 'text', text, options: options.map((title, i) => ({ id: `b${i}`, title })), locale,
  });
  const seen = { replies: [reply('Order 204518 has been SHIPPED.'), reply('Anything else?', ['Main menu', 'Talk to a person'])], conversation: null, handoff: null };

  it('passes what is there, in any case and over several replies', () => {
    expect(checkExpectations({ contains: ['shipped', 'anything else'], notContains: ['cancelled'], matches: 'order \\d+', buttons: ['main menu', 'Talk to a person'], offers: ['Talk to a person'] }, seen)).toEqual([]);
  });

  it('says what was expected and what was offered', () => {
    expect(checkExpectations({ contains: ['delivered'], buttons: ['Talk to a person', 'Main menu'], offers: ['Try again'], noReply: true }, seen)).toEqual([
      'expected no reply, but the bot replied',
      'expected the reply to contain "delivered"',
      'expected the buttons ["Talk to a person", "Main menu"] (exactly, in this order), but the bot offered ["Main menu", "Talk to a person"]',
      'expected a button or list row "Try again", but the bot offered ["Main menu", "Talk to a person"]',
    ]);
  });

  it('checks the language of every reply', () => {
    expect(checkExpectations({ locale: 'bn' }, seen)).toEqual(['expected an answer in Bengali (bn), but the bot answered in English (en)']);
  });
});

describe('playing specs against the bot', () => {
  let bot: SpecBot;

  beforeAll(async () => {
    bot = await startSpecBot({ flowsDir });
  });

  afterAll(async () => {
    await bot.stop();
  });

  it('passes a conversation with buttons, a lookup over HTTP, values and languages', async () => {
    const [spec] = specsOf(`
- name: tracking
  steps:
    - say: hello
      expect: { contains: What do you need, buttons: [Track an order, A person], locale: en, handoff: false }
    - press: Track an order
      expect: { contains: order number }
    - say: abc
      expect: { contains: 4 to 10 digits }
    - say: "my order is #204518."
      expect: { contains: Order 204518 is shipped, values: { order_id: "204518", order.status: shipped, order.courier: Pathao, nothing: null } }
    - say: হ্যালো
      expect: { contains: কী লাগবে, offers: [একজন মানুষ], locale: bn }
`);
    const result = await bot.run(spec);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.ok)).toEqual([true, true, true, true, true]);
    expect(result.steps[1].sent).toEqual({ kind: 'press', title: 'Track an order', id: 'b:hello:hi:track' });
  });

  it('fails a spec with what was expected and what the bot said', async () => {
    const [spec] = specsOf(`
- name: expects the wrong answer
  steps:
    - say: hello
      expect: { offers: [Track an order] }
    - say: what time do you open
      expect: { contains: [Closed Friday, open 9 to 5], locale: bn }
    - say: never sent
`);
    const result = await bot.run(spec);
    expect(result.ok).toBe(false);
    expect(result.steps).toHaveLength(2);
    expect(result.failure).toBe(
      [
        'step 2 (say "what time do you open") at flows/tests/runner.yaml:6:7',
        '  ✗ expected the reply to contain "open 9 to 5"',
        '  ✗ expected an answer in Bengali (bn), but the bot answered in English (en)',
        '  the bot replied:',
        '    │ Open 10 to 8, closed Friday.',
      ].join('\n'),
    );
    const message = failureMessage(result);
    expect(message).toContain('spec "expects the wrong answer" (flows/tests/runner.yaml:2) failed at step 2');
    expect(message).toContain('conversation so far:');
    expect(message).toContain('1. customer says "hello"');
    expect(message).toContain('│ [Track an order] [A person]');
  });

  it('fails clearly when the title pressed is not offered', async () => {
    const [notOffered, nothingOffered] = specsOf(`
- name: presses a button that is not there
  steps:
    - say: hello
    - press: Cancel my order
- name: presses before any button
  steps:
    - press: Track an order
`);
    const first = await bot.run(notOffered);
    expect(first.ok).toBe(false);
    expect(first.failure).toBe(
      'step 2 (press "Cancel my order") at flows/tests/runner.yaml:5:7\n' +
        '  ✗ cannot press "Cancel my order": the bot\'s latest replies offer ["Track an order", "A person"]',
    );
    const second = await bot.run(nothingOffered);
    expect(second.failure).toContain('cannot press "Track an order": the bot\'s latest replies offer no buttons or list rows');
  });

  it('checks the team and priority of a handoff, then that the bot stays quiet', async () => {
    const [right, wrong] = specsOf(`
- name: right team
  steps:
    - say: hello
    - press: A person
      expect: { handoff: { team: sales, priority: high }, contains: connecting you to a person }
    - say: hello?
      expect: { noReply: true }
- name: wrong team
  steps:
    - say: hello
    - press: a person
      expect: { handoff: { team: returns, priority: urgent } }
`);
    expect((await bot.run(right)).failure).toBeUndefined();
    const result = await bot.run(wrong);
    expect(result.steps[1].failures).toEqual([
      'expected the handoff to go to team "returns", but it went to "sales" (team "sales", priority "high", reason "Asked from hello")',
      'expected the handoff at priority "urgent", but it is "high" (team "sales", priority "high", reason "Asked from hello")',
    ]);
  });

  it('gives each spec its own customer unless it names one', async () => {
    const specs = specsOf(`
- name: asks
  customer: "8801711999999"
  steps:
    - say: hello
    - press: Track an order
- name: answers in the same chat
  customer: "8801711999999"
  steps:
    - say: "204518"
      expect: { contains: Order 204518 is shipped }
- name: a new customer has no question pending
  steps:
    - say: "204518"
      expect: { contains: Order 204518 is shipped }
`);
    const results = [];
    for (const spec of specs) results.push(await bot.run(spec));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[2].customer).not.toBe('8801711999999');
  });
});

describe('runSpecs', () => {
  it('starts one bot for all specs and reports each', async () => {
    const specs = specsOf(`
- name: one
  steps: [{ say: hello, expect: { offers: [A person] } }]
- name: two
  steps: [{ say: opening hours, expect: { contains: closed Friday } }]
`);
    const seen: string[] = [];
    const results = await runSpecs(specs, { flowsDir, onResult: (r) => seen.push(r.name) });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(seen).toEqual(['one', 'two']);
  });
});

describe('npm run flows:test', () => {
  it('prints ✓/✗ per spec, the problems of invalid files and a summary, and exits 1', () => {
    const dir = writeFlows();
    try {
      fs.mkdirSync(path.join(dir, 'tests'));
      fs.writeFileSync(path.join(dir, 'tests', 'a.yaml'), [
        '- name: greets',
        '  steps: [{ say: hello, expect: { offers: [A person] } }]',
        '- name: is wrong about the hours',
        '  steps: [{ say: opening hours, expect: { contains: open on Friday } }]',
      ].join('\n'));
      fs.writeFileSync(path.join(dir, 'tests', 'b.yaml'), '- name: broken\n  steps:\n    - sey: hello\n');
      const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
      const run = spawnSync(tsx, [path.resolve(__dirname, '../../../scripts/flows-test.ts'), '--flows', dir], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
      expect(run.stderr).toContain('b.yaml:3:7  0.steps.0: unknown field "sey"');
      expect(run.stdout).toMatch(/✓ greets/);
      expect(run.stdout).toMatch(/✗ is wrong about the hours/);
      expect(run.stdout).toContain('expected the reply to contain "open on Friday"');
      expect(run.stdout).toContain('1 spec file did not validate');
      expect(run.stdout).toMatch(/\n1 passed, 1 failed/);
      expect(run.status).toBe(1);

      const grep = spawnSync(tsx, [path.resolve(__dirname, '../../../scripts/flows-test.ts'), '--flows', dir, '--specs', path.join(dir, 'tests'), '--grep', 'GREETS'], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
      expect(grep.stdout).toMatch(/\n1 passed, 0 failed/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
