import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { intentExamples, loadFlows } from '../../../src/flowfiles/loadFlows';
import type { Locale } from '../../../src/domain/locale';
import type { IntentExamples } from '../../../src/nlu/port';
import { buildAgentZip, FALLBACK_INTENT_NAME } from '../../../src/nlu/dialogflow';

const ROOT = path.resolve(__dirname, '../../..');
const FLOWS_DIR = path.join(ROOT, 'flows');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function unzip(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is not in the zip`);
    return JSON.parse(await file.async('string'));
  };
  return { names, read };
}

const unique = (phrases: string[] = []) => [...new Set(phrases.map((p) => p.trim()))];

describe('Dialogflow agent export', () => {
  const flows = loadFlows(FLOWS_DIR);
  const intents = intentExamples(flows);

  it("writes the sample flows' triggers in the agent ZIP layout", async () => {
    const { zip, summary } = await buildAgentZip(intents, { displayName: 'Deshi Bazar' });
    const { names, read } = await unzip(zip);

    expect(await read('package.json')).toEqual({ version: '1.0.0' });
    expect(await read('agent.json')).toMatchObject({
      displayName: 'Deshi Bazar',
      language: 'en',
      supportedLanguages: ['bn'],
      defaultTimezone: 'Asia/Dhaka',
      onePlatformApiVersion: 'v2',
    });

    const expectedFiles = ['package.json', 'agent.json', `intents/${FALLBACK_INTENT_NAME}.json`];
    for (const { intent, examples } of intents) {
      expectedFiles.push(`intents/${intent}.json`);
      const definition = await read(`intents/${intent}.json`);
      expect(definition).toMatchObject({ name: intent, auto: true, fallbackIntent: false, responses: [expect.objectContaining({ action: intent })] });
      expect(definition.id).toMatch(UUID);

      for (const locale of ['en', 'bn'] as Locale[]) {
        const phrases = unique(examples[locale]);
        if (phrases.length === 0) continue;
        const file = `intents/${intent}_usersays_${locale}.json`;
        expectedFiles.push(file);
        const usersays = await read(file);
        expect(usersays).toHaveLength(phrases.length);
        expect(usersays.map((u: { data: { text: string }[] }) => u.data[0].text)).toEqual(phrases);
        for (const phrase of usersays) {
          expect(phrase).toEqual({ id: expect.stringMatching(UUID), data: [{ text: expect.any(String), userDefined: false }], isTemplate: false, count: 0, lang: locale, updated: 0 });
        }
      }
    }
    expect(names.sort()).toEqual(expectedFiles.sort());

    const fallback = await read(`intents/${FALLBACK_INTENT_NAME}.json`);
    expect(fallback).toMatchObject({ name: FALLBACK_INTENT_NAME, fallbackIntent: true, responses: [expect.objectContaining({ action: 'input.unknown' })] });
    expect(fallback.responses[0].messages.map((m: { lang: string }) => m.lang)).toEqual(['en', 'bn']);

    const total = (locale: Locale) => intents.reduce((n, i) => n + unique(i.examples[locale]).length, 0);
    expect(summary).toEqual({ intents: intents.length, phrases: { en: total('en'), bn: total('bn') } });
  });

  it('is byte-identical for identical flows (reviewable, no churn)', async () => {
    const a = await buildAgentZip(intents, { displayName: 'Deshi Bazar' });
    const b = await buildAgentZip(intents, { displayName: 'Deshi Bazar' });
    expect(a.zip.equals(b.zip)).toBe(true);
  });

  it('merges triggers of one intent, drops duplicate phrases, and lists bn only when there are Bengali phrases', async () => {
    const english: IntentExamples[] = [
      { intent: 'opening_hours', examples: { en: ['when do you open', 'opening hours'] } },
      { intent: 'opening_hours', examples: { en: ['opening hours ', 'are you open on friday'] } },
    ];
    const { zip, summary } = await buildAgentZip(english, { displayName: 'English only', timeZone: 'Europe/London' });
    const { names, read } = await unzip(zip);
    expect(await read('agent.json')).toMatchObject({ supportedLanguages: [], defaultTimezone: 'Europe/London' });
    expect((await read('intents/opening_hours_usersays_en.json')).map((u: { data: { text: string }[] }) => u.data[0].text)).toEqual([
      'when do you open',
      'opening hours',
      'are you open on friday',
    ]);
    expect(names.filter((n) => n.includes('_bn'))).toEqual([]);
    expect(summary).toEqual({ intents: 1, phrases: { en: 3 } });
  });

  describe('the script', () => {
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'df-export-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('writes the zip given --flows and --out', async () => {
      const out = path.join(dir, 'agent.zip');
      const run = spawnSync(tsx, ['scripts/dialogflow-export.ts', '--flows', 'flows', '--out', out, '--name', 'Deshi Bazar'], { cwd: ROOT, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`${intents.length} intents`));
      const { read } = await unzip(fs.readFileSync(out));
      expect(await read('agent.json')).toMatchObject({ displayName: 'Deshi Bazar' });
    }, 60_000);

    it('explains a bad option or a broken flows folder', () => {
      const bad = spawnSync(tsx, ['scripts/dialogflow-export.ts', '--flow', 'flows'], { cwd: ROOT, encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/unknown option --flow/);
      const missing = spawnSync(tsx, ['scripts/dialogflow-export.ts', '--flows', path.join(dir, 'nope'), '--out', path.join(dir, 'a.zip')], { cwd: ROOT, encoding: 'utf8' });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/flows folder does not exist/);
    }, 60_000);
  });
});
