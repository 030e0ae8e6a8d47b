import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentHash } from '../../../src/flowfiles/editing/fileHistory';
import { FlowEditRefused } from '../../../src/flowfiles/editing/flowFileWriter';
import { loadFlows } from '../../../src/flowfiles/loadFlows';
import { createSilentLogger } from '../../../src/observability/logger';
import { EditConflict } from '../../../src/opsfiles/editErrors';
import { renderNewFlow } from '../../../src/opsfiles/newFlow';
import { OpsFileEditor } from '../../../src/opsfiles/opsFileEditor';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';
import { copySampleFlows } from '../../support/sampleFlows';

const context = { teams: ['default', 'sales', 'delivery', 'billing', 'returns'] };
const MINA = { id: 'ag-mina', name: 'Mina' };
const RAFI = { id: 'ag-rafi', name: 'Rafi' };
const SIXTY = '🏙️ Inside Dhaka city the delivery charge is 60 BDT.';
const SEVENTY = '🏙️ Inside Dhaka city the delivery charge is 70 BDT.';

describe('OpsFileEditor: the Flows page saving, versioning and restoring files', () => {
  let dir: string;
  let store: SqliteStore;
  let editor: OpsFileEditor;
  let reloads: number;
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-files-'));
    copySampleFlows(dir);
    store = new SqliteStore({ database: new SqliteDatabase({ file: ':memory:' }) });
    await store.init();
    reloads = 0;
    editor = new OpsFileEditor({ dir, context, store, logger: createSilentLogger(), reload: () => {
      reloads++;
    } });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves a draft over the version it was opened at: the file changes, the flows reload, and the version keeps who, why and the text before', async () => {
    const opened = await editor.open('delivery_charge.yaml');
    expect(opened).toMatchObject({ kind: 'flow', hash: contentHash(read('delivery_charge.yaml')), lastChange: { seq: 1, action: 'first', message: 'First seen on disk' } });
    const draft = opened.text!.replace(SIXTY, SEVENTY);
    const saved = await editor.save('delivery_charge.yaml', { text: draft, baseHash: opened.hash, message: 'New courier rates' }, MINA);

    expect(read('delivery_charge.yaml')).toBe(draft);
    expect(saved).toMatchObject({ changed: true, hash: contentHash(draft), version: { seq: 2, action: 'save', actor: MINA, message: 'New courier rates', previous: opened.text, text: draft } });
    expect(reloads).toBe(1);
    expect(loadFlows(dir, context).flows.get('delivery_charge')!.steps.get('inside_dhaka')!.reply!.text).toMatchObject({ en: expect.stringContaining('70 BDT') });
    expect(await store.audit.list({ subjectId: 'delivery_charge.yaml' })).toEqual([expect.objectContaining({ actorId: MINA.id, action: 'save-file', subjectType: 'file', detail: expect.objectContaining({ seq: 2, message: 'New courier rates' }) })]);
  });

  it('refuses a draft that fails the checks, with the messages at line and column, and writes and records nothing', async () => {
    const opened = await editor.open('delivery_charge.yaml');
    const broken = opened.text!.replace('goto: inside_dhaka', 'goto: inside_dhakaa');
    const line = broken.split('\n').findIndex((l) => l.includes('inside_dhakaa')) + 1;
    expect(editor.check('delivery_charge.yaml', broken)).toEqual([expect.objectContaining({ file: 'delivery_charge.yaml', line, column: 17, message: expect.stringMatching(/goes to step "inside_dhakaa", which this flow does not have/) })]);
    const refused = editor.save('delivery_charge.yaml', { text: broken, baseHash: opened.hash }, MINA);
    await expect(refused).rejects.toThrow(FlowEditRefused);
    expect(read('delivery_charge.yaml')).toBe(opened.text);
    expect((await editor.history('delivery_charge.yaml')).map((v) => v.seq)).toEqual([1]);
    expect(reloads).toBe(0);
  });

  it('refuses the second of two people editing the same file, with who saved and how the draft differs, never overwriting', async () => {
    const mina = await editor.open('thanks.yaml');
    const rafi = await editor.open('thanks.yaml');
    await editor.save('thanks.yaml', { text: mina.text!.replace('- thank you so much', '- thank you so so much'), baseHash: mina.hash, message: 'typo' }, MINA);
    const second = editor.save('thanks.yaml', { text: rafi.text!.replace('- thanks a lot', '- thanks a ton'), baseHash: rafi.hash }, RAFI);
    await expect(second).rejects.toThrow(EditConflict);
    const conflict = (await second.catch((e) => e)) as EditConflict;
    expect(conflict.lastChange).toMatchObject({ actor: MINA, message: 'typo' });
    expect(conflict.currentHash).toBe(contentHash(read('thanks.yaml')));
    expect(conflict.diff.hunks.flatMap((h) => h.lines.filter((l) => l[0] !== ' ')).sort()).toEqual(['+        - thank you so so much', '+        - thanks a lot', '-        - thank you so much', '-        - thanks a ton'].sort());
    expect(read('thanks.yaml')).toMatch(/thank you so so much/);
    expect(read('thanks.yaml')).not.toMatch(/- thanks a ton$/m);
  });

  it('records a change made on disk by hand as "edited outside the console", and keeps it when a save follows', async () => {
    await editor.list();
    const before = read('thanks.yaml');
    fs.writeFileSync(path.join(dir, 'thanks.yaml'), before.replace('- tysm', '- tysm\n        - thanks heaps'));
    const { files } = await editor.list();
    const thanks = files.find((f) => f.file === 'thanks.yaml')!;
    expect(thanks).toMatchObject({ kind: 'flow', intents: ['thanks'], lastChange: { seq: 2, action: 'outside', message: 'Edited outside the console' } });
    expect(thanks.lastChange).not.toHaveProperty('actor');
    expect(await editor.version('thanks.yaml', 2)).toMatchObject({ previous: before, text: read('thanks.yaml') });

    // A hand edit that lands between opening and saving is recorded first, then refused as a conflict.
    const opened = await editor.open('thanks.yaml');
    fs.writeFileSync(path.join(dir, 'thanks.yaml'), `${read('thanks.yaml')}# a note\n`);
    await expect(editor.save('thanks.yaml', { text: opened.text!, baseHash: opened.hash }, MINA)).rejects.toThrow(EditConflict);
    expect((await editor.history('thanks.yaml')).map((v) => [v.seq, v.action])).toEqual([[3, 'outside'], [2, 'outside'], [1, 'first']]);
  });

  it('shows the difference between any two versions, and restores an old one through the same checks', async () => {
    const opened = await editor.open('delivery_charge.yaml');
    const seventy = opened.text!.replace(SIXTY, SEVENTY);
    const first = await editor.save('delivery_charge.yaml', { text: seventy, baseHash: opened.hash, message: '70' }, MINA);
    const diff = await editor.diff('delivery_charge.yaml', 1, 2);
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff.hunks[0].lines.filter((l) => l[0] !== ' ')).toEqual([expect.stringMatching(/^- .*60 BDT/), expect.stringMatching(/^\+ .*70 BDT/)]);
    expect(await editor.diff('delivery_charge.yaml', 2, 'current')).toMatchObject({ added: 0, removed: 0, hunks: [] });

    const restored = await editor.restore('delivery_charge.yaml', { seq: 1, baseHash: first.hash }, RAFI);
    expect(read('delivery_charge.yaml')).toBe(opened.text);
    expect(restored.version).toMatchObject({ seq: 3, action: 'restore', restoredFrom: 1, actor: RAFI, message: 'Restored version 1', previous: seventy });
    expect(reloads).toBe(2);
    expect((await store.audit.list({ subjectId: 'delivery_charge.yaml' }))[0]).toMatchObject({ action: 'restore-file', actorId: RAFI.id, detail: expect.objectContaining({ restoredFrom: 1 }) });
    // Restoring over a file that changed since is a conflict like any save.
    await expect(editor.restore('delivery_charge.yaml', { seq: 2, baseHash: first.hash }, RAFI)).rejects.toThrow(EditConflict);
  });

  it('creates a flow from a template, refuses to delete a flow another one points at, and deletes and brings back one nothing points at', async () => {
    const text = renderNewFlow('answer', { file: 'gift_wrap.yaml', title: { en: 'Gift wrapping', bn: 'গিফট র‍্যাপ' }, example: { en: 'can you gift wrap my order', bn: 'গিফট র‍্যাপ করে দিবেন?' }, answer: { en: 'Yes, for 50 BDT.', bn: 'হ্যাঁ, ৫০ টাকায়।' } });
    const created = await editor.save('gift_wrap.yaml', { text, baseHash: null, message: 'Gift wrapping' }, MINA);
    expect(created.version).toMatchObject({ seq: 1, action: 'create', previous: null });
    expect(loadFlows(dir, context).intentToFlow.get('gift_wrap')).toBe('gift_wrap');
    await expect(editor.save('gift_wrap.yaml', { text, baseHash: null }, RAFI)).rejects.toThrow(EditConflict);

    const time = await editor.open('delivery_time.yaml');
    const refused = await editor.remove('delivery_time.yaml', { baseHash: time.hash! }, MINA).catch((e) => e);
    expect(refused).toBeInstanceOf(FlowEditRefused);
    expect((refused as FlowEditRefused).problems).toContainEqual(expect.objectContaining({ file: 'delivery_charge.yaml', message: 'starts flow "delivery_time", which no file defines' }));
    expect(fs.existsSync(path.join(dir, 'delivery_time.yaml'))).toBe(true);

    const removed = await editor.remove('gift_wrap.yaml', { baseHash: created.hash!, message: 'season over' }, MINA);
    expect(removed.version).toMatchObject({ seq: 2, action: 'delete', text: null, previous: text, message: 'season over' });
    expect(fs.existsSync(path.join(dir, 'gift_wrap.yaml'))).toBe(false);
    expect((await editor.list()).deleted.map((v) => v.file)).toEqual(['gift_wrap.yaml']);
    await editor.restore('gift_wrap.yaml', { seq: 1, baseHash: null }, RAFI);
    expect(read('gift_wrap.yaml')).toBe(text);
  });

  it('edits canned replies and templates with their own checks, history and rollback', async () => {
    const opened = await editor.open('canned/replies.yaml');
    expect(opened.kind).toBe('canned-replies');
    const broken = opened.text!.replace('  - id: checking\n    title: Checking, please wait\n', '  - id: checking\n');
    const problems = editor.check('canned/replies.yaml', broken);
    expect(problems[0]).toMatchObject({ file: 'canned/replies.yaml', message: expect.stringMatching(/^replies\.1\.title: /) });
    expect(problems[0].line).toBeGreaterThan(1);
    await expect(editor.save('canned/replies.yaml', { text: broken, baseHash: opened.hash }, MINA)).rejects.toThrow(FlowEditRefused);
    const saved = await editor.save('canned/replies.yaml', { text: opened.text!.replace('title: Greeting', 'title: Welcome'), baseHash: opened.hash }, MINA);
    expect(reloads).toBe(0);
    await editor.restore('canned/replies.yaml', { seq: 1, baseHash: saved.hash }, MINA);
    expect(read('canned/replies.yaml')).toBe(opened.text);
    const templates = await editor.open('canned/templates.yaml');
    expect(editor.check('canned/templates.yaml', `${templates.text}\n  - name: order_followup\n    language: en\n`)).toEqual([expect.objectContaining({ message: 'template "order_followup" in language "en" is listed twice' })]);
  });
});
