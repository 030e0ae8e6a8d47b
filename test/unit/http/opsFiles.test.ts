import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiClient, login } from '../../support/apiClient';
import { startHttpBot, type HttpBot } from '../../support/httpBot';
import { memoryLogger } from '../../support/memoryLogger';
import { copySampleFlows } from '../../support/sampleFlows';

/**
 * The files ops edit by hand for the console — canned replies and approved WhatsApp
 * templates — served live, and a broken edit never takes the console down.
 */
const ADMIN = { email: 'ops@shop.test', password: 'ops-pass-2024' };

describe('canned replies and approved templates', () => {
  let bot: HttpBot;
  let flowsDir: string;
  const { logger, entries } = memoryLogger('info');
  const templatesFile = () => path.join(flowsDir, 'canned', 'templates.yaml');
  const repliesFile = () => path.join(flowsDir, 'canned', 'replies.yaml');

  beforeAll(async () => {
    flowsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-files-'));
    copySampleFlows(flowsDir);
    bot = await startHttpBot(
      {
        FLOWS_DIR: flowsDir,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        WHATSAPP_MODE: 'cloud',
        WHATSAPP_VERIFY_TOKEN: 'verify-me',
        WHATSAPP_APP_SECRET: 'app-secret',
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token',
        WHATSAPP_API_URL: 'http://127.0.0.1:9',
        WHATSAPP_REENGAGEMENT_TEMPLATE: 'welcome_back:bn',
        METRICS_TOKEN: 'metrics-token-0123456789',
      },
      logger,
    );
  });
  afterAll(async () => {
    await bot?.stop();
    fs.rmSync(flowsDir, { recursive: true, force: true });
  });

  it('needs a session', async () => {
    expect((await apiClient(bot.url).get('/api/templates')).status).toBe(401);
    expect((await apiClient(bot.url).get('/api/canned-replies')).status).toBe(401);
  });

  it('lists the shop’s approved templates with their parameters, and the configured re-engagement one', async () => {
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const { status, body } = await admin.get('/api/templates');
    expect(status).toBe(200);
    expect(body.templates).toContainEqual({ name: 'order_followup', language: 'bn', title: 'Order follow-up (বাংলা)', category: 'utility', parameters: ['Order number'] });
    expect(body.templates).toContainEqual(expect.objectContaining({ name: 'eid_offer', category: 'marketing' }));
    expect(body.templates.at(-1)).toEqual({ name: 'welcome_back', language: 'bn', title: 'Re-engagement (configured)', parameters: [] });

    // Listed in the file: offered once, with the file's title.
    fs.appendFileSync(templatesFile(), '\n  - name: welcome_back\n    language: bn\n    title: Welcome back\n');
    const again = (await admin.get('/api/templates')).body.templates.filter((t: { name: string }) => t.name === 'welcome_back');
    expect(again).toEqual([{ name: 'welcome_back', language: 'bn', title: 'Welcome back', parameters: [] }]);
  });

  it('answers an empty list and logs why when a file is broken, and recovers once it is fixed', async () => {
    const admin = await login(bot.url, ADMIN.email, ADMIN.password);
    const good = fs.readFileSync(repliesFile(), 'utf8');
    fs.writeFileSync(repliesFile(), 'replies:\n  - id: greeting\n    title: [not, a, string]\n    text: {}\n');
    expect(await admin.get('/api/canned-replies')).toEqual({ status: 200, body: { replies: [] } });
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'canned replies file is invalid', at: 'replies.0.title' }));

    fs.writeFileSync(templatesFile(), 'templates: [\n');
    const templates = await admin.get('/api/templates');
    expect(templates.status).toBe(200);
    // Still offers what the environment configures.
    expect(templates.body.templates.map((t: { name: string }) => t.name)).toEqual(['welcome_back']);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'approved templates file is not valid YAML' }));

    fs.writeFileSync(repliesFile(), good);
    const fixed = await admin.get('/api/canned-replies');
    expect(fixed.body.replies.map((r: { id: string }) => r.id)).toContain('greeting');
  });
});
