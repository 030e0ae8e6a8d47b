import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { applyFormEdits } from '../../../src/flowfiles/editing/formEdits';
import { YamlEditError } from '../../../src/flowfiles/editing/sequenceEdit';
import { formOf } from '../../../src/opsfiles/formView';

const source = fs.readFileSync(path.resolve(__dirname, '../../../flows/delivery_charge.yaml'), 'utf8');
const changedLines = (before: string, after: string) => {
  const old = before.split('\n');
  const next = after.split('\n');
  return { removed: old.filter((l) => !next.includes(l)), added: next.filter((l) => !old.includes(l)) };
};

describe('form view: the common edits written into the YAML, everything else kept', () => {
  const form = formOf(source);
  const textAt = (label: string) => form.texts.find((t) => t.label === label)!;

  it('lists the texts per language, the examples per intent and the buttons of each reply, with their paths', () => {
    expect(textAt('Step "inside_dhaka" › reply › text')).toMatchObject({ path: ['steps', 2, 'reply', 'text'], values: { en: expect.stringContaining('60 BDT'), bn: expect.stringContaining('৬০ টাকা') } });
    expect(textAt('Step "anything_else" › reply › Button "pay" › title').values).toEqual({ en: 'How to pay', bn: 'কীভাবে পেমেন্ট করবো' });
    expect(form.examples).toEqual([expect.objectContaining({ path: ['triggers', 0, 'examples'], label: 'Trigger "delivery_charge"', en: expect.arrayContaining(['delivery fee']) })]);
    expect(form.buttons[0]).toMatchObject({ path: ['steps', 5, 'reply', 'buttons'], items: [{ id: 'time', does: 'starts flow delivery_time' }, { id: 'pay' }, { id: 'menu', does: 'shows the main menu' }] });
    expect(form.steps).toEqual(['ask_area', 'route', 'inside_dhaka', 'outside_dhaka', 'both_areas', 'anything_else']);
    expect(formOf('id: [').texts).toEqual([]);
  });

  it('changes a text in one language in place, in the quoting it had, and only that line', () => {
    const out = applyFormEdits(source, [{ op: 'set', path: ['steps', 2, 'reply', 'text', 'en'], value: 'Inside Dhaka: 70 BDT.\nFree over 2,000 BDT.' }]);
    expect(changedLines(source, out)).toEqual({
      removed: ['        en: "🏙️ Inside Dhaka city the delivery charge is 60 BDT.\\n\\n🎉 Orders over 2,000 BDT get free delivery."'],
      added: ['        en: "Inside Dhaka: 70 BDT.\\nFree over 2,000 BDT."'],
    });
    const flowStyle = applyFormEdits(source, [{ op: 'set', path: ['title', 'en'], value: 'Delivery: charges, fees' }]);
    expect(changedLines(source, flowStyle).added).toEqual(['title: { en: "Delivery: charges, fees", bn: ডেলিভারি চার্জ }']);
    expect(applyFormEdits(source, [{ op: 'set', path: ['title', 'en'], value: 'Shipping charge' }])).toBe(source.replace('en: Delivery charge, bn', 'en: Shipping charge, bn'));
  });

  it('adds a missing translation next to the other language', () => {
    const oneLanguage = 'id: x\ntitle: { en: Hello }   # keep me\nsteps:\n  - id: a\n    reply:\n      text:\n        en: Hi\n';
    const out = applyFormEdits(oneLanguage, [{ op: 'set', path: ['title', 'bn'], value: 'হ্যালো' }, { op: 'set', path: ['steps', 0, 'reply', 'text', 'bn'], value: 'হাই' }]);
    expect(out).toBe('id: x\ntitle: { en: Hello, bn: হ্যালো }   # keep me\nsteps:\n  - id: a\n    reply:\n      text:\n        en: Hi\n        bn: হাই\n');
  });

  it('adds and removes examples and buttons', () => {
    const out = applyFormEdits(source, [
      { op: 'append', path: ['triggers', 0, 'examples', 'en'], value: 'what does delivery cost' },
      { op: 'remove', path: ['triggers', 0, 'examples', 'en', 0] },
      { op: 'remove', path: ['steps', 5, 'reply', 'buttons', 1] },
      { op: 'appendItem', path: ['steps', 5, 'reply', 'buttons'], item: { id: 'areas', title: { en: 'Areas we cover', bn: 'কোথায় ডেলিভারি দিই' }, flow: 'delivery_areas' } },
    ]);
    const data = parse(out);
    expect(data.triggers[0].examples.en[0]).toBe('delivery charge?');
    expect(data.triggers[0].examples.en).toContain('what does delivery cost');
    expect(data.steps[5].reply.buttons.map((b: { id: string }) => b.id)).toEqual(['time', 'menu', 'areas']);
    expect(changedLines(source, out)).toEqual({
      removed: ['        - what is the delivery charge', '        - id: pay', '          title: { en: How to pay, bn: কীভাবে পেমেন্ট করবো }', '          flow: payment_methods'],
      added: ['        - what does delivery cost', '        - id: areas', '          title: { en: Areas we cover, bn: কোথায় ডেলিভারি দিই }', '          flow: delivery_areas'],
    });
    expect(out.match(/^#.*$/gm)).toEqual(source.match(/^#.*$/gm));
  });

  it('refuses an edit it cannot make without touching anything else', () => {
    expect(() => applyFormEdits(source, [{ op: 'set', path: ['steps', 0], value: 'x' }])).toThrow(YamlEditError);
    expect(() => applyFormEdits(source, [{ op: 'remove', path: ['title', 'en'] }])).toThrow(YamlEditError);
    expect(() => applyFormEdits('a: [', [{ op: 'set', path: ['a'], value: 'x' }])).toThrow(/not valid YAML/);
  });
});
