import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { groupUnanswered, unansweredKey } from '../../../src/domain/unanswered';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import { teachFromTerminal } from '../../../scripts/support/teachFromTerminal';
import { copySampleFlows } from '../../support/sampleFlows';

const TEAMS = ['default', 'sales', 'delivery', 'billing', 'returns'];

/** `npm run flows:gaps -- --assign`, driven through its input and output streams. */
describe('teaching from the terminal', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-gaps-'));
    copySampleFlows(dir);
    store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    await store.init();
    for (const [text, times] of [['do you sell gift cards', 3], ['is there an EMI option', 2], ['can you gift wrap it', 1]] as const) {
      for (let i = 0; i < times; i++) await store.unanswered.record({ key: unansweredKey(text), text, at: 100 + i, locale: 'en' });
    }
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(answers: string): Promise<{ output: string; tally: Awaited<ReturnType<typeof teachFromTerminal>> }> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += String(chunk)));
    input.end(answers);
    const groups = groupUnanswered(await store.unanswered.list(100));
    const tally = await teachFromTerminal({ store, flowsDir: dir, teams: TEAMS, groups, input, output, actorId: 'cli:ops' });
    return { output: text, tally };
  }

  it('takes an intent by name, "o" for out of scope and Enter to skip, and saves like the console', async () => {
    const { output, tally } = await run('product_availability\no\n\n');
    expect(tally).toEqual({ taught: 1, outOfScope: 1, skipped: 1 });
    expect(output).toMatch(/\[1\/3\] "do you sell gift cards"  \(asked 3×, 1 wording\)/);
    expect(output).toMatch(/✓ added to Stock & prices \(product_availability\.yaml\)/);
    expect(fs.readFileSync(path.join(dir, 'product_availability.yaml'), 'utf8')).toMatch(/\n {8}- do you sell gift cards\n/);
    expect(fs.readFileSync(path.join(dir, 'nlu', 'out_of_scope.yaml'), 'utf8')).toMatch(/\n {4}- is there an EMI option\n/);
    expect((await store.unanswered.list(10)).map((q) => q.lastExample)).toEqual(['can you gift wrap it']);
    expect((await store.audit.list({ actorId: 'cli:ops' })).map((e) => e.action).sort()).toEqual(['teach-intent', 'teach-out-of-scope']);
  });

  it('takes a suggestion by number, asks again after an unknown intent, and stops at "q"', async () => {
    const { output, tally } = await run('no_such_intent\n1\nq\n');
    expect(output).toMatch(/✗ No flow has the intent "no_such_intent"/);
    expect(tally.taught).toBe(1);
    expect(tally.skipped).toBe(2);
  });

  it('shows the checker\'s problems and saves nothing when the example belongs to another intent', async () => {
    await store.unanswered.record({ key: unansweredKey('where is my order'), text: 'where is my order', at: 1, locale: 'en' });
    for (let i = 0; i < 5; i++) await store.unanswered.record({ key: unansweredKey('where is my order'), text: 'where is my order', at: 2 + i, locale: 'en' });
    const before = fs.readFileSync(path.join(dir, 'thanks.yaml'), 'utf8');
    const { output } = await run('thanks\nq\n');
    expect(output).toMatch(/✗ not saved:\n {6}\S*thanks\.yaml:\d+:\d+ +example "where is my order" is also an example of intent "order_status"/);
    expect(fs.readFileSync(path.join(dir, 'thanks.yaml'), 'utf8')).toBe(before);
  });
});
