import fs from 'node:fs';
import path from 'node:path';
import { startTestBot, textOf, type TestBot } from '../../support/testBot';
import type { LiveEvent } from '../../../src/events/port';

const FIXTURES = path.resolve(__dirname, '../../fixtures/flows');

async function until<T>(probe: () => T | Promise<T>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('hot reload of flows', () => {
  let bot: TestBot;
  let dir: string;
  const events: LiveEvent[] = [];
  const extras = () => fs.readFileSync(path.join(dir, 'extras.yaml'), 'utf8');

  beforeEach(async () => {
    const flows: Record<string, string> = {};
    for (const f of fs.readdirSync(FIXTURES)) flows[f] = fs.readFileSync(path.join(FIXTURES, f), 'utf8');
    bot = await startTestBot({ flows });
    dir = bot.config.flowsDir;
    events.length = 0;
    bot.runtime.events.subscribe((e) => events.push(e));
  });
  afterEach(async () => bot.stop());

  it('puts a valid change live within 2 seconds, without a restart', async () => {
    expect((await bot.send('8801', 'size guide')).map(textOf)).toEqual(['Which size?']);
    const started = Date.now();
    fs.writeFileSync(path.join(dir, 'extras.yaml'), extras().replace('text: { en: Which size?, bn: কোন সাইজ? }', 'text: { en: What size do you wear?, bn: আপনি কোন সাইজ পরেন? }'));
    await until(() => events.some((e) => e.type === 'flows.reloaded'), 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await bot.send('8802', 'size guide')).map(textOf)).toEqual(['What size do you wear?']);
  });

  it('refuses a broken change with file:line messages while the bot keeps answering', async () => {
    const before = bot.runtime.flows.current.version;
    fs.writeFileSync(path.join(dir, 'extras.yaml'), extras().replace('save: size', 'save: size\n      colour: red'));
    const rejected = await until(() => events.find((e) => e.type === 'flows.rejected'), 2000);
    expect((rejected!.detail as { problems: string[] }).problems[0]).toMatch(/extras\.yaml:\d+:\d+  steps\.0\.ask: unknown field "colour"/);
    expect(bot.runtime.flows.current.version).toBe(before);
    expect(bot.runtime.flowWatcher.status().rejected?.problems.length).toBe(1);
    // Still answering with the last good flows.
    expect((await bot.send('8803', 'size guide')).map(textOf)).toEqual(['Which size?']);
    // A YAML that does not even parse is refused the same way.
    fs.writeFileSync(path.join(dir, 'steps.yaml'), 'id: [broken');
    await until(() => events.filter((e) => e.type === 'flows.rejected').length >= 2, 2000);
    expect((await bot.send('8804', 'where is my order')).length).toBeGreaterThan(0);
  });

  it('reloads when the out-of-scope file changes', async () => {
    fs.mkdirSync(path.join(dir, 'nlu'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'nlu', 'out_of_scope.yaml'), 'examples:\n  en: [tell me a joke, is it going to rain]\n  bn: [একটা গল্প বলো]\n');
    await until(() => events.some((e) => e.type === 'flows.reloaded'), 3000);
    expect(bot.runtime.flows.current.outOfScope).toEqual(['tell me a joke', 'is it going to rain', 'একটা গল্প বলো']);
    // A broken one is refused like a broken flow, with its file and line.
    fs.writeFileSync(path.join(dir, 'nlu', 'out_of_scope.yaml'), 'examples:\n  en: [tell me a joke]\n  fr: [bonjour]\n');
    const rejected = await until(() => events.find((e) => e.type === 'flows.rejected'), 3000);
    expect((rejected!.detail as { problems: string[] }).problems[0]).toMatch(/out_of_scope\.yaml:\d+:\d+  examples/);
  });

  it('learns a training file added to nlu/, in the background, and answers with it once learnt', async () => {
    const phrasing = 'which measurements fit a tall person';
    expect((await bot.send('8806', phrasing)).map(textOf)).not.toContain('Which size?');
    fs.mkdirSync(path.join(dir, 'nlu'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'nlu', 'pick_size.yaml'), `intent: pick_size\nexamples:\n  en: [${phrasing}]\n`);
    await until(() => events.some((e) => e.type === 'flows.reloaded'), 3000);
    await bot.runtime.flowWatcher.learnt;
    expect((await bot.send('8807', phrasing)).map(textOf)).toEqual(['Which size?']);
  });

  it('lets a conversation in the middle of a changed flow finish on the version it started', async () => {
    await bot.send('8805', 'size guide');
    // The quantity question is replaced by a colour question in the new version.
    fs.writeFileSync(path.join(dir, 'extras.yaml'), extras().replace('text: How many?', 'text: How many pieces?'));
    await until(() => events.some((e) => e.type === 'flows.reloaded'), 2000);
    expect((await bot.send('8805', 'M')).map(textOf)).toEqual(['How many?']);
    expect((await bot.send('8806', 'size guide')).map(textOf)).toEqual(['Which size?']);
    expect((await bot.send('8806', 'M')).map(textOf)).toEqual(['How many pieces?']);
  });
});
