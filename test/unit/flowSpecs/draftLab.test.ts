import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load';
import { DraftLab } from '../../../src/flowspecs/draftLab';
import { createSilentLogger } from '../../../src/observability/logger';
import { DraftRefused } from '../../../src/opsfiles/draftTrials';

const FLOWS = path.resolve(__dirname, '../../../flows');
const live = fs.readFileSync(path.join(FLOWS, 'delivery_charge.yaml'), 'utf8');
const draft = live.replace('delivery charge is 60 BDT', 'delivery charge is 70 BDT');

jest.setTimeout(60_000);

/** The Flows page's test chat and spec run: the whole bot on a draft, apart from the live flows. */
describe('DraftLab', () => {
  let lab: DraftLab;
  beforeAll(() => {
    const config = loadConfig({ dotenv: false, env: { FLOWS_DIR: FLOWS, TEAMS: 'default,sales,delivery,billing,returns' } });
    lab = new DraftLab({ flowsDir: FLOWS, live: config, logger: createSilentLogger() });
  });
  afterAll(async () => lab.stop());

  it('answers from the draft, in the customer\'s language, with the intent, its score and each step taken', async () => {
    const asked = await lab.chat({ file: 'delivery_charge.yaml', text: draft, chatId: 'chat-1', say: 'how much is delivery?' });
    expect(asked).toMatchObject({ fresh: true, understood: { intent: 'delivery_charge' }, owner: 'bot' });
    expect(asked.understood.confidence).toBeGreaterThan(0.5);
    expect(asked.understood.candidates[0]).toMatchObject({ intent: 'delivery_charge' });
    expect(asked.steps).toEqual([{ flowId: 'delivery_charge', stepId: 'ask_area', kind: 'ask', event: 'ran' }]);
    const inside = asked.replies[0].options.find((o) => o.title === 'Inside Dhaka')!;

    const answered = await lab.chat({ file: 'delivery_charge.yaml', text: draft, chatId: 'chat-1', press: inside });
    expect(answered.fresh).toBe(false);
    expect(answered.replies.map((r) => r.text).join('\n')).toMatch(/delivery charge is 70 BDT/);
    expect(answered.steps.map((s) => `${s.stepId}:${s.event}`)).toEqual(['ask_area:answered', 'route:ran', 'inside_dhaka:ran', 'anything_else:ran']);
    expect(answered.values).toMatchObject({ area: 'inside' });

    const bengali = await lab.chat({ file: 'delivery_charge.yaml', text: draft, chatId: 'chat-2', say: 'ডেলিভারি চার্জ কত?' });
    expect(bengali.replies[0]).toMatchObject({ locale: 'bn', text: expect.stringContaining('কোথায় ডেলিভারি নেবেন') });
  });

  it('starts the chat again when the draft changes, and refuses a draft that does not load', async () => {
    const changed = await lab.chat({ file: 'delivery_charge.yaml', text: draft.replace('70 BDT', '80 BDT'), chatId: 'chat-1', say: 'hi' });
    expect(changed.fresh).toBe(true);
    await expect(lab.chat({ file: 'delivery_charge.yaml', text: draft.replace('goto: inside_dhaka', 'goto: nowhere'), chatId: 'chat-1', say: 'hi' })).rejects.toThrow(DraftRefused);
  });

  it('runs every conversation spec against the draft and says which went through its flow', async () => {
    const run = await lab.runSpecs({ file: 'delivery_charge.yaml', text: draft });
    const failed = run.specs.filter((s) => !s.ok);
    expect(failed.map((s) => s.name)).toEqual(['delivery charge inside Dhaka, tapping the button']);
    expect(failed[0]).toMatchObject({ touchesDraft: true, failure: expect.stringContaining('Inside Dhaka city the delivery charge is 60 BDT') });
    expect(run.passed).toBeGreaterThan(100);
    expect(run.specs.find((s) => s.name === 'delivery time, Bengali')).toMatchObject({ ok: true, touchesDraft: false });
    expect(fs.readFileSync(path.join(FLOWS, 'delivery_charge.yaml'), 'utf8')).toBe(live);
  });
});
