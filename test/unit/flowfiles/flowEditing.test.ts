import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadFlows } from '../../../src/flowfiles/loadFlows';
import { FlowEditBusy, FlowEditRefused, FlowFileWriter } from '../../../src/flowfiles/editing/flowFileWriter';
import { appendToSequence, YamlEditError } from '../../../src/flowfiles/editing/sequenceEdit';
import { copySampleFlows } from '../../support/sampleFlows';


describe('appendToSequence: one more item, nothing else touched', () => {
  const source = `# A comment that must stay
id: shop   # and this one
examples:
  en:
    - where is my order   # trailing comment
    - "quoted: yes"

  bn: [ আমার অর্ডার কোথায়, kothay ]   # flow style with padding
  short: []
other: { a: 1 }
`;

  it('adds a line under a block list, indented like its items, after a trailing comment', () => {
    const out = appendToSequence(source, ['examples', 'en'], 'order status please');
    expect(out).toBe(source.replace('    - "quoted: yes"\n', '    - "quoted: yes"\n    - order status please\n'));
  });

  it('adds to a flow list before its bracket, keeping its padding and comment', () => {
    expect(appendToSequence(source, ['examples', 'bn'], 'অর্ডার, কই?')).toBe(source.replace('kothay ]', 'kothay, "অর্ডার, কই?" ]'));
    expect(appendToSequence(source, ['examples', 'short'], 'x')).toBe(source.replace('short: []', 'short: ["x"]'));
  });

  it('quotes what YAML would misread', () => {
    for (const text of ['price: 500?', '- dash first', '#hashtag', 'yes', '123', 'a "quoted" word', "it's"]) {
      const out = appendToSequence(source, ['examples', 'en'], text);
      expect(loadYamlList(out)).toEqual(['where is my order', 'quoted: yes', text]);
    }
  });

  it('creates a missing list under an existing mapping', () => {
    const out = appendToSequence(source, ['examples', 'fr'], 'bonjour');
    expect(out).toBe(source.replace('  short: []\n', '  short: []\n  fr:\n    - bonjour\n'));
  });

  it('refuses a path that is not a list, and a file that is not YAML', () => {
    expect(() => appendToSequence(source, ['id'], 'x')).toThrow(YamlEditError);
    expect(() => appendToSequence('id: [', ['id'], 'x')).toThrow(/not valid YAML/);
  });
});

function loadYamlList(source: string): unknown {
  return parse(source).examples.en;
}

describe('FlowFileWriter', () => {
  let dir: string;
  let writer: FlowFileWriter;
  const context = { teams: ['default', 'sales', 'delivery', 'billing', 'returns'] };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-edit-'));
    copySampleFlows(dir);
    writer = new FlowFileWriter({ dir, context, lockTimeoutMs: 200 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a change that passes every flows:check rule, and the folder loads with it', async () => {
    const result = await writer.edit('thanks.yaml', (s) => appendToSequence(s, ['triggers', 0, 'examples', 'en'], 'cheers mate'));
    expect(result).toMatchObject({ file: 'thanks.yaml', changed: true });
    const set = loadFlows(dir, context);
    expect(set.version).toBe(result.version);
    expect(set.flows.get('thanks')!.definition.triggers![0]!.examples.en).toContain('cheers mate');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary file or lock left
  });

  it('refuses a change that breaks the flows, with file:line problems, and writes nothing', async () => {
    const before = fs.readFileSync(path.join(dir, 'thanks.yaml'), 'utf8');
    const refused = writer.edit('thanks.yaml', (s) => appendToSequence(s, ['triggers', 0, 'examples', 'en'], 'where is my order'));
    await expect(refused).rejects.toThrow(FlowEditRefused);
    await refused.catch((error: FlowEditRefused) => expect(error.problems[0]).toMatchObject({ file: expect.stringMatching(/thanks\.yaml$/), message: expect.stringMatching(/also an example of intent "order_status"/) }));
    expect(fs.readFileSync(path.join(dir, 'thanks.yaml'), 'utf8')).toBe(before);
  });

  it('edits only flow files, the out-of-scope file, canned replies and templates of its folder', async () => {
    await expect(writer.edit('../package.json', (s) => s)).rejects.toThrow(/not a flow file/);
    await expect(writer.edit('tests/delivery.yaml', (s) => s)).rejects.toThrow(/not a flow file/);
    await expect(writer.edit('canned/replies.yaml', (s) => s.replace('title: Greeting', 'title: Hello'))).resolves.toMatchObject({ changed: true });
    await expect(writer.edit('nlu/out_of_scope.yaml', (s) => appendToSequence(s, ['examples', 'en'], 'who won the toss'))).resolves.toMatchObject({ changed: true });
  });

  it('waits for another writer, and gives up with FlowEditBusy when it holds on', async () => {
    fs.writeFileSync(path.join(dir, '.flows-edit.lock'), 'someone');
    await expect(writer.edit('thanks.yaml', (s) => s)).rejects.toThrow(FlowEditBusy);
    // A lock its writer left behind long ago is taken over.
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, '.flows-edit.lock'), old, old);
    await expect(writer.edit('thanks.yaml', (s) => s)).resolves.toMatchObject({ changed: false });
  });

  it('saves nothing when the file changed on disk while the change was being made', async () => {
    const file = path.join(dir, 'thanks.yaml');
    const edit = writer.edit('thanks.yaml', (s) => {
      fs.writeFileSync(file, `${s}# edited by hand meanwhile\n`);
      return appendToSequence(s, ['triggers', 0, 'examples', 'en'], 'cheers mate');
    });
    await expect(edit).rejects.toThrow(/changed by someone else/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/# edited by hand meanwhile\n$/);
  });
});
