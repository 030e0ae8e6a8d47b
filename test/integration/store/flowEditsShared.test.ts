import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customer, login } from '../../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';
import { startMongo, type MongoService } from '../../support/services';
import { copySampleFlows } from '../../support/sampleFlows';

const ADMIN = { email: 'owner@deshibazar.example', password: 'owner-password-1' };
const OPS = { email: 'nadia@deshibazar.example', password: 'ops-password-1', name: 'Nadia', role: 'ops' };

/**
 * Two processes of one shop (one MongoDB-wire store, one flows folder), as in production: a
 * change saved on one is live and in the history on the other, an editor on the other is told
 * of it rather than overwriting it, and a change made on disk by hand is recorded once.
 */
jest.setTimeout(120_000);

describe('Flows page edits across processes', () => {
  let mongo: MongoService;
  let flowsDir: string;
  const bots: HttpBot[] = [];
  const url = (file: string) => `/api/flows/files/${encodeURIComponent(file)}`;

  beforeAll(async () => {
    mongo = await startMongo(); // fails the suite loudly when the server cannot start
    flowsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-shared-'));
    copySampleFlows(flowsDir);
    const env = { MONGODB_URI: mongo.uri, FLOWS_DIR: flowsDir, SESSION_SECRET: 's'.repeat(40), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
    bots.push(await startHttpBot(env));
    bots.push(await startHttpBot(env));
  }, 90_000);
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await mongo?.stop();
    if (flowsDir) fs.rmSync(flowsDir, { recursive: true, force: true });
  });

  /** A customer of process `i` asks the delivery charge inside Dhaka. */
  async function insideDhaka(i: number, phone: string): Promise<string> {
    const asked = await customer(bots[i].url, phone).say('how much is delivery?');
    const inside = asked.replies.flatMap((r) => r.buttons ?? []).find((b) => b.title === 'Inside Dhaka')!;
    return ((await customer(bots[i].url, phone).press(inside.id)).replies as { text: string }[]).map((r) => r.text).join('\n');
  }

  it('puts a save on one process live on the other, in its history, and refuses a stale save there', async () => {
    expect((await (await login(bots[0].url, ADMIN.email, ADMIN.password)).post('/api/agents', OPS)).status).toBe(201);
    const onA = await login(bots[0].url, OPS.email, OPS.password);
    const onB = await login(bots[1].url, ADMIN.email, ADMIN.password);
    const openedOnB = (await onB.get(url('delivery_charge.yaml'))).body;
    const openedOnA = (await onA.get(url('delivery_charge.yaml'))).body;
    expect(openedOnA.hash).toBe(openedOnB.hash);

    const saved = await onA.post(`${url('delivery_charge.yaml')}/save`, { text: openedOnA.text.replace('60 BDT', '75 BDT'), baseHash: openedOnA.hash, message: 'new courier' });
    expect(saved.status).toBe(200);
    let customers = 0;
    await until(async () => /75 BDT/.test(await insideDhaka(1, `8801713000${String(++customers).padStart(3, '0')}`)), 60_000);

    const history = (await onB.get(`${url('delivery_charge.yaml')}/versions`)).body.versions;
    expect(history.map((v: { seq: number; action: string; actor?: { name: string } }) => [v.seq, v.action, v.actor?.name])).toEqual([[2, 'save', 'Nadia'], [1, 'first', undefined]]);
    const stale = await onB.post(`${url('delivery_charge.yaml')}/save`, { text: openedOnB.text.replace('60 BDT', '90 BDT'), baseHash: openedOnB.hash });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'EDIT_CONFLICT']);
    expect(stale.body.error.message).toMatch(/by Nadia/);
    expect(fs.readFileSync(path.join(flowsDir, 'delivery_charge.yaml'), 'utf8')).toMatch(/75 BDT/);
  });

  it('records a change made on disk by hand once, though every process notices it', async () => {
    const file = path.join(flowsDir, 'thanks.yaml');
    const versions = () => bots[0].runtime.store.fileVersions.list('thanks.yaml', 10);
    // Each process records the files as it found them at start.
    await until(async () => (await versions()).length > 0, 60_000);
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}# checked by the owner\n`);
    // Both processes reload (and retrain) on the change, then record what changed.
    await until(async () => (await versions()).some((v) => v.action === 'outside'), 60_000);
    const onB = await login(bots[1].url, ADMIN.email, ADMIN.password);
    await onB.get('/api/flows/files');
    expect((await versions()).map((v) => [v.seq, v.action, v.message])).toEqual([[2, 'outside', 'Edited outside the console'], [1, 'first', 'First seen on disk']]);
  });
});
