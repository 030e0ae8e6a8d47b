import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiClient, customer, login } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { copySampleFlows } from '../../support/sampleFlows';

const ADMIN = { email: 'owner@deshibazar.example', password: 'owner-password-1' };
const OPS = { email: 'nadia@deshibazar.example', password: 'ops-password-1', name: 'Nadia', role: 'ops' };

type Client = Awaited<ReturnType<typeof login>>;

/**
 * The Flows page's API as any client meets it: the error bodies a broken, stale or strange
 * request gets (and that nothing is written then), canned replies published to agents, and
 * the audit trail of every save and rollback.
 */
describe('/api/flows', () => {
  let bot: HttpBot;
  let flowsDir: string;
  let ops: Client;
  let admin: Client;
  const read = (file: string) => fs.readFileSync(path.join(flowsDir, file), 'utf8');
  const url = (file: string) => `/api/flows/files/${encodeURIComponent(file)}`;

  beforeAll(async () => {
    flowsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-api-'));
    copySampleFlows(flowsDir);
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'a'.repeat(40), FLOWS_DIR: flowsDir });
    admin = await login(bot.url, ADMIN.email, ADMIN.password);
    expect((await admin.post('/api/agents', OPS)).status).toBe(201);
    ops = await login(bot.url, OPS.email, OPS.password);
  });
  afterAll(async () => {
    await bot?.stop();
    if (flowsDir) fs.rmSync(flowsDir, { recursive: true, force: true });
  });

  it('lists every file ops edit with its intents, examples and first version, and refuses visitors and other paths', async () => {
    const listed = await ops.get('/api/flows/files');
    expect(listed.status).toBe(200);
    const names = listed.body.files.map((f: { file: string }) => f.file);
    expect(names).toEqual(expect.arrayContaining(['delivery_charge.yaml', 'nlu/out_of_scope.yaml', 'canned/replies.yaml', 'canned/templates.yaml']));
    const delivery = listed.body.files.find((f: { file: string }) => f.file === 'delivery_charge.yaml');
    expect(delivery).toMatchObject({ kind: 'flow', intents: ['delivery_charge'], lastChange: { seq: 1, action: 'first' } });
    expect(delivery.examples).toBeGreaterThan(5);

    expect((await apiClient(bot.url).get('/api/flows/files')).status).toBe(401);
    for (const file of ['../package.json', 'tests/delivery.yaml', '.flows-edit.lock', 'flow.schema.json']) {
      const refused = await ops.get(url(file));
      expect({ file, status: refused.status, code: refused.body.error.code }).toEqual({ file, status: 404, code: 'FILE_NOT_FOUND' });
    }
  });

  it('lets an admin move a colleague to the ops role, who then edits flows and reaches no chat', async () => {
    const created = await admin.post('/api/agents', { email: 'sumi@deshibazar.example', password: 'agent-password-1', name: 'Sumi', role: 'agent' });
    const before = await login(bot.url, 'sumi@deshibazar.example', 'agent-password-1');
    expect([(await before.get('/api/handoffs')).status, (await before.get('/api/flows/files')).status]).toEqual([200, 403]);
    expect((await admin.raw('PATCH', `/api/agents/${created.body.agent.id}`, { role: 'ops' })).status).toBe(200);
    const after = await login(bot.url, 'sumi@deshibazar.example', 'agent-password-1');
    expect([(await after.get('/api/handoffs')).status, (await after.get('/api/flows/files')).status]).toEqual([403, 200]);
  });

  it('refuses a broken draft with its problems at line and column (422), a stale one with the saved text and its difference (409), and writes neither', async () => {
    const opened = (await ops.get(url('delivery_charge.yaml'))).body;
    const broken = opened.text.replace('goto: inside_dhaka', 'goto: nowhere_at_all');
    const refused = await ops.post(`${url('delivery_charge.yaml')}/save`, { text: broken, baseHash: opened.hash });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'FLOW_CHECK_FAILED', problems: [expect.stringMatching(/^delivery_charge\.yaml:\d+:\d+ +goes to step \"nowhere_at_all\"/)] });
    expect(refused.body.error.diagnostics[0]).toMatchObject({ file: 'delivery_charge.yaml', line: expect.any(Number), column: expect.any(Number) });
    expect(read('delivery_charge.yaml')).toBe(opened.text);

    const saved = await ops.post(`${url('delivery_charge.yaml')}/save`, { text: opened.text.replace('60 BDT', '65 BDT'), baseHash: opened.hash, message: 'courier' });
    expect(saved.status).toBe(200);
    const stale = await admin.post(`${url('delivery_charge.yaml')}/save`, { text: opened.text.replace('60 BDT', '80 BDT'), baseHash: opened.hash });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'EDIT_CONFLICT', currentHash: saved.body.hash, lastChange: { seq: saved.body.version.seq, actor: { name: OPS.name } } });
    expect(stale.body.error.message).toMatch(/changed after you opened it \(by Nadia\)/);
    expect(stale.body.error.diff.hunks.flatMap((h: { lines: string[] }) => h.lines)).toEqual(expect.arrayContaining([expect.stringMatching(/^-.*80 BDT/), expect.stringMatching(/^\+.*65 BDT/)]));
    expect(read('delivery_charge.yaml')).toMatch(/65 BDT/);
  });

  it('answers a malformed request with a 400 that names the problem', async () => {
    const cases: [string, unknown, string][] = [
      [`${url('thanks.yaml')}/save`, { text: 'x' }, 'INVALID_BODY'],
      [`${url('thanks.yaml')}/save`, { text: 'x', baseHash: 'not-a-hash' }, 'INVALID_BODY'],
      [`${url('thanks.yaml')}/restore`, { seq: 0, baseHash: null }, 'INVALID_BODY'],
      [`${url('thanks.yaml')}/try`, { text: 'x', chatId: 'chat-123456', say: 'hi', press: { id: 'a', title: 'b' } }, 'INVALID_BODY'],
      [`${url('thanks.yaml')}/form/apply`, { text: 'id: thanks\n', edits: [{ op: 'set', path: ['nowhere', 3, 'text'], value: 'x' }] }, 'FORM_EDIT_FAILED'],
      ['/api/flows/new', { template: 'answer', file: '../evil.yaml', title: { en: 'a', bn: 'b' }, example: { en: 'a', bn: 'b' }, answer: { en: 'a', bn: 'b' } }, 'INVALID_NEW_FLOW'],
    ];
    for (const [route, body, code] of cases) {
      const answer = await ops.post(route, body);
      expect({ route, status: answer.status, code: answer.body.error?.code }).toEqual({ route, status: 400, code });
    }
    const badVersion = await ops.get(`${url('thanks.yaml')}/diff?from=two&to=current`);
    expect([badVersion.status, badVersion.body.error.code]).toEqual([400, 'INVALID_VERSION']);
    const noVersion = await ops.post(`${url('thanks.yaml')}/restore`, { seq: 99, baseHash: null });
    expect([noVersion.status, noVersion.body.error.code]).toEqual([404, 'FILE_NOT_FOUND']);
    const notJson = await ops.raw('POST', `${url('thanks.yaml')}/check`, undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
  });

  it('takes a flow file larger than other requests, up to its own limit', async () => {
    const opened = (await ops.get(url('thanks.yaml'))).body;
    // A comment block of ~300 KB: larger than the API's 64 KB for other bodies.
    const padded = `${opened.text}${'# a long note kept by the shop\n'.repeat(10_000)}`;
    const checked = await ops.post(`${url('thanks.yaml')}/check`, { text: padded });
    expect([checked.status, checked.body.problems]).toEqual([200, []]);
    const tooLarge = await ops.post(`${url('thanks.yaml')}/check`, { text: 'x'.repeat(3_000_000) });
    expect(tooLarge.status).toBe(413);
  });

  it('publishes canned replies to agents at once, and rolls them back, each step audited', async () => {
    const opened = (await ops.get(url('canned/replies.yaml'))).body;
    expect(opened.text).toMatch(/title: Greeting/);
    const saved = await ops.post(`${url('canned/replies.yaml')}/save`, { text: opened.text.replace('title: Greeting', 'title: Warm welcome'), baseHash: opened.hash, message: 'friendlier' });
    expect(saved.status).toBe(200);
    const titles = async () => ((await admin.get('/api/canned-replies')).body.replies as { title: string }[]).map((r) => r.title);
    expect(await titles()).toContain('Warm welcome');

    const restored = await ops.post(`${url('canned/replies.yaml')}/restore`, { seq: 1, baseHash: saved.body.hash });
    expect(restored.status).toBe(200);
    expect(await titles()).toContain('Greeting');
    expect(read('canned/replies.yaml')).toBe(opened.text);

    const history = (await ops.get(`${url('canned/replies.yaml')}/versions`)).body.versions;
    expect(history.map((v: { seq: number; action: string }) => [v.seq, v.action])).toEqual([[3, 'restore'], [2, 'save'], [1, 'first']]);
    const audit = await bot.runtime.store.audit.list({ subjectId: 'canned/replies.yaml' });
    expect(audit.map((e) => [e.action, e.actorId])).toEqual([['restore-file', expect.any(String)], ['save-file', expect.any(String)]]);
    expect(new Set(audit.map((e) => e.actorId)).size).toBe(1);
  });

  it('creates a flow from a template that customers reach once saved, and refuses to delete a flow another points at', async () => {
    const created = await ops.post('/api/flows/new', {
      template: 'answer', file: 'gift_wrap.yaml',
      title: { en: 'Gift wrapping', bn: 'গিফট র‍্যাপ' }, example: { en: 'can you gift wrap my order', bn: 'গিফট র‍্যাপ করে দিবেন?' }, answer: { en: 'Yes, gift wrapping costs 50 BDT.', bn: 'হ্যাঁ, গিফট র‍্যাপ ৫০ টাকা।' },
    });
    expect(created.status).toBe(200);
    expect(fs.existsSync(path.join(flowsDir, 'gift_wrap.yaml'))).toBe(false);
    const saved = await ops.post(`${url('gift_wrap.yaml')}/save`, { text: created.body.text, baseHash: null });
    expect([saved.status, saved.body.version.action]).toEqual([200, 'create']);
    const answered = await customer(bot.url, '8801712000009').say('can you gift wrap my order');
    expect(answered.replies.map((r) => r.text).join('\n')).toMatch(/gift wrapping costs 50 BDT/);

    const time = (await ops.get(url('delivery_time.yaml'))).body;
    const refused = await ops.post(`${url('delivery_time.yaml')}/delete`, { baseHash: time.hash });
    expect(refused.status).toBe(422);
    expect(refused.body.error.problems).toContainEqual(expect.stringMatching(/delivery_charge\.yaml:\d+:\d+ +starts flow "delivery_time", which no file defines/));
    expect(fs.existsSync(path.join(flowsDir, 'delivery_time.yaml'))).toBe(true);
    const notAFlow = await ops.post(`${url('canned/templates.yaml')}/delete`, { baseHash: (await ops.get(url('canned/templates.yaml'))).body.hash });
    expect(notAFlow.status).toBe(404);
  });
});
