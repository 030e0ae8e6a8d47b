import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { customer, login } from '../../support/apiClient';
import { startHttpBot, until, type HttpBot } from '../../support/httpBot';
import { openAs, sessionToken, type FlowsPage } from './browser';
import { copySampleFlows } from '../../support/sampleFlows';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { email: 'owner@deshibazar.example', password: 'owner-password-1' };
const OPS = { email: 'nadia@deshibazar.example', password: 'ops-password-1', name: 'Nadia (ops)' };
const SUPERVISOR = { email: 'karim@deshibazar.example', password: 'sup-password-1', name: 'Karim' };
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/flows');
const SIXTY = '🏙️ Inside Dhaka city the delivery charge is 60 BDT.\n\n🎉 Orders over 2,000 BDT get free delivery.';
const SEVENTY = '🏙️ Inside Dhaka city the delivery charge is 70 BDT.\n\n🎉 Orders over 2,000 BDT get free delivery.';

jest.setTimeout(120_000);

/**
 * Ops change an answer in the browser, try it, publish it and roll it back, on a copy of the
 * sample flows, under the console's own strict CSP (checked on every page opened): the form view, the test chat
 * on the draft, a save a simulator customer sees at once, a broken edit refused inline, a
 * restore from the history, and two people editing one file.
 */
describe('the Flows page', () => {
  let bot: HttpBot;
  let browser: Browser;
  let flowsDir: string;
  let original: string;
  const tokens: Record<string, string> = {};
  const read = (file: string) => fs.readFileSync(path.join(flowsDir, file), 'utf8');
  const open = (who: 'ops' | 'supervisor', file: string) => openAs(browser, bot.url, tokens[who], `/console/flows.html#file=${encodeURIComponent(file)}`);

  /** A simulator customer asks for the delivery charge and taps Inside Dhaka. */
  async function insideDhakaCharge(phone: string): Promise<string> {
    const asked = await customer(bot.url, phone).say('how much is delivery?');
    const inside = asked.replies.flatMap((r) => r.buttons ?? []).find((b) => b.title === 'Inside Dhaka')!;
    const answered = await customer(bot.url, phone).press(inside.id);
    return (answered.replies as { text: string }[]).map((r) => r.text).join('\n');
  }

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/setup-services.sh --with-chromium`);
    flowsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-page-'));
    copySampleFlows(flowsDir);
    original = read('delivery_charge.yaml');
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SESSION_SECRET: 'f'.repeat(40), FLOWS_DIR: flowsDir });
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    expect((await admin.post('/api/agents', { ...OPS, role: 'ops' })).status).toBe(201);
    expect((await admin.post('/api/agents', { ...SUPERVISOR, role: 'supervisor' })).status).toBe(201);
    for (const [who, account] of [['ops', OPS], ['supervisor', SUPERVISOR]] as const) {
      tokens[who] = await sessionToken(bot.url, account);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    if (flowsDir) fs.rmSync(flowsDir, { recursive: true, force: true });
  });

  it('lets the ops role edit flows and nothing else', async () => {
    const ops = await login(bot.url, OPS.email, OPS.password);
    expect((await ops.get('/api/flows/files')).status).toBe(200);
    for (const refused of ['/api/handoffs', '/api/reports/summary', '/api/canned-replies', '/api/unanswered']) expect({ refused, status: (await ops.get(refused)).status }).toEqual({ refused, status: 403 });
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    await admin.post('/api/agents', { email: 'agent@deshibazar.example', password: 'agent-password-1', name: 'A', role: 'agent' });
    expect((await (await login(bot.url, 'agent@deshibazar.example', 'agent-password-1')).get('/api/flows/files')).status).toBe(403);

    // An ops person who opens the agent console lands on the Flows page.
    // An account of its own: logging out below ends every session of it.
    const other = { email: 'rumi@deshibazar.example', password: 'ops-password-2', name: 'Rumi', role: 'ops' };
    expect((await admin.post('/api/agents', other)).status).toBe(201);
    const { page, context, errors } = await openAs(browser, bot.url, await sessionToken(bot.url, other), '/console/');
    await page.waitForURL(/\/console\/flows\.html/);
    await page.locator('#file-rows li', { hasText: 'delivery_charge.yaml' }).waitFor();
    expect(await page.locator('#console-link').isHidden()).toBe(true);
    // ...and logs out from there.
    await page.locator('#logout').click();
    await page.waitForURL(/\/console\/$/);
    expect((await page.request.get(`${bot.url}/api/flows/files`)).status()).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('changes a delivery charge in the form view, shows the new answer in the test chat, and a saved change reaches customers at once', async () => {
    const { page, context, errors } = await open('ops', 'delivery_charge.yaml');
    await page.locator('.cm-content').waitFor();
    // Highlighted under the CSP: the comment on line 1 is styled apart from the line.
    const colors = await page.locator('.cm-line').first().evaluate((line) => [getComputedStyle(line).color, getComputedStyle(line.querySelector('span')!).color]);
    expect(colors[1]).not.toBe(colors[0]);
    // Hover help from the flow schema.
    await page.locator('.cm-line', { hasText: /^menu: 2$/ }).locator('span').first().hover();
    await page.locator('.cm-tooltip-hover', { hasText: 'Show this flow in the main menu' }).waitFor();

    await page.locator('#tab-form').click();
    const english = page.getByLabel('Step "inside_dhaka" › reply › text (English)', { exact: true });
    await english.fill(SEVENTY);
    await english.blur();
    await page.locator('#panel-form', { hasText: 'Changed in the draft' }).waitFor();
    expect(read('delivery_charge.yaml')).toBe(original);

    await page.locator('#chat-say').fill('how much is delivery?');
    await page.locator('#chat-form button').click();
    await page.locator('#chat-log .trace', { hasText: /Understood: delivery_charge \d+%/ }).waitFor({ timeout: 30_000 });
    await page.locator('#chat-log button', { hasText: 'Inside Dhaka' }).click();
    await page.locator('#chat-log li.bot', { hasText: 'delivery charge is 70 BDT' }).waitFor({ timeout: 15_000 });
    await page.locator('#chat-log .trace', { hasText: 'delivery_charge › inside_dhaka (reply)' }).waitFor();
    expect(await insideDhakaCharge('8801711000001')).toMatch(/60 BDT/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'test-chat.png') });

    await page.locator('#save-message').fill('Courier raised the Dhaka price');
    await page.locator('#save').click();
    await page.locator('#save-status', { hasText: 'Saved as version 2' }).waitFor();
    expect(read('delivery_charge.yaml')).toBe(original.replace(JSON.stringify(SIXTY), JSON.stringify(SEVENTY)));
    expect(await insideDhakaCharge('8801711000002')).toMatch(/70 BDT/);
    await page.locator('#file-rows li', { hasText: 'Courier raised the Dhaka price' }).waitFor();
    const audit = await bot.runtime.store.audit.list({ subjectId: 'delivery_charge.yaml' });
    expect(audit[0]).toMatchObject({ action: 'save-file', subjectType: 'file', detail: expect.objectContaining({ seq: 2, message: 'Courier raised the Dhaka price' }) });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a broken edit inline, at its line and column, and saves nothing', async () => {
    const { page, context, errors } = await open('ops', 'delivery_charge.yaml');
    await page.locator('#problems', { hasText: 'No problems' }).waitFor({ timeout: 15_000 });
    const before = read('delivery_charge.yaml');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('bogus_field: 1');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.locator('#problems', { hasText: '1:1  unknown field "bogus_field"' }).waitFor({ timeout: 15_000 });
    await page.locator('.cm-lint-marker-error').first().waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'refused.png') });
    await page.locator('#save').click();
    await page.locator('#save-status', { hasText: 'Not saved: 1 problem' }).waitFor();
    expect(read('delivery_charge.yaml')).toBe(before);
    // The test chat does not run a draft that does not load.
    await page.locator('#chat-say').fill('hello');
    await page.locator('#chat-form button').click();
    await page.locator('#chat-log li.note', { hasText: 'does not pass the checks' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('restores the old answer in one click from the history, and records a change made on disk by hand', async () => {
    const { page, context, errors } = await open('ops', 'delivery_charge.yaml');
    await page.locator('#tab-history').click();
    const first = page.locator('#panel-history tr[data-seq="1"]');
    await first.locator('button', { hasText: 'Compare' }).click();
    await page.locator('#panel-history h3', { hasText: 'v1 → now' }).waitFor();
    await page.locator('#panel-history .diff .removed', { hasText: '60 BDT' }).waitFor();
    await page.locator('#panel-history .diff .added', { hasText: '70 BDT' }).waitFor();
    await first.locator('button', { hasText: 'Restore' }).click();
    await page.locator('#save-status', { hasText: 'Restored: now version 3' }).waitFor();
    expect(read('delivery_charge.yaml')).toBe(original);
    expect(await insideDhakaCharge('8801711000003')).toMatch(/60 BDT/);
    expect((await bot.runtime.store.audit.list({ subjectId: 'delivery_charge.yaml' }))[0]).toMatchObject({ action: 'restore-file', detail: expect.objectContaining({ restoredFrom: 1 }) });
    await page.locator('#panel-history tr[data-seq="3"]', { hasText: 'restored v1' }).waitFor();

    fs.writeFileSync(path.join(flowsDir, 'delivery_charge.yaml'), `${original}# priced by the owner\n`);
    await until(async () => (await bot.runtime.store.fileVersions.latest('delivery_charge.yaml'))?.action === 'outside', 10_000);
    await page.reload();
    await page.locator('#file-meta', { hasText: 'outside the console' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells the second of two people editing one file that it changed, with the difference, and keeps the first one\'s change', async () => {
    const nadia = await open('ops', 'thanks.yaml');
    const karim = await open('supervisor', 'thanks.yaml');
    for (const { page } of [nadia, karim]) await page.locator('#tab-form').click();
    const bye = (p: FlowsPage, language: string) => p.page.getByLabel(`Step "bye" › end › text (${language})`, { exact: true });

    await bye(nadia, 'English').fill('You are welcome! Write "menu" any time.');
    await bye(nadia, 'English').blur();
    await nadia.page.locator('#panel-form', { hasText: 'Changed in the draft' }).waitFor();
    await bye(karim, 'বাংলা').fill('আপনাকেও ধন্যবাদ!');
    await bye(karim, 'বাংলা').blur();
    await karim.page.locator('#panel-form', { hasText: 'Changed in the draft' }).waitFor();

    await nadia.page.locator('#save').click();
    await nadia.page.locator('#save-status', { hasText: 'Saved as version' }).waitFor();
    await karim.page.locator('#save').click();
    await karim.page.locator('#conflict', { hasText: `${OPS.name} saved it` }).waitFor();
    await karim.page.locator('#conflict .diff .added', { hasText: 'You are welcome! Write' }).waitFor();
    await karim.page.locator('#conflict .diff .removed', { hasText: 'আপনাকেও ধন্যবাদ!' }).waitFor();
    await karim.page.screenshot({ path: path.join(ARTIFACTS, 'conflict.png') });
    expect(read('thanks.yaml')).toMatch(/You are welcome! Write \\"menu\\" any time\./);
    expect(read('thanks.yaml')).not.toMatch(/আপনাকেও ধন্যবাদ!"/);

    // Karim takes the saved version, makes his change again and saves.
    await karim.page.locator('#conflict button', { hasText: 'Load the saved version' }).click();
    await karim.page.locator('#tab-form').click();
    await bye(karim, 'বাংলা').fill('আপনাকেও ধন্যবাদ!');
    await bye(karim, 'বাংলা').blur();
    await karim.page.locator('#panel-form', { hasText: 'Changed in the draft' }).waitFor();
    await karim.page.locator('#save').click();
    await karim.page.locator('#save-status', { hasText: 'Saved as version' }).waitFor();
    expect(read('thanks.yaml')).toMatch(/You are welcome! Write \\"menu\\" any time\./);
    expect(read('thanks.yaml')).toMatch(/bn: "?আপনাকেও ধন্যবাদ!"?\n/);
    expect([...nadia.errors, ...karim.errors]).toEqual([]);
    await nadia.context.close();
    await karim.context.close();
  });
});
