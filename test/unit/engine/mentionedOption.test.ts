import { mentionedOption } from '../../../src/engine/pickOption';

/** Which choice a customer's first message already names (an `ask` with `prefill: true`). */
describe('mentionedOption', () => {
  const AREAS = [
    { id: 'inside', names: ['Inside Dhaka', 'ঢাকার ভেতরে', 'dhaka', 'mirpur', 'ঢাকা'] },
    { id: 'outside', names: ['Outside Dhaka', 'ঢাকার বাইরে', 'outside', 'sylhet', 'বাইরে'] },
  ];
  const named = (text: string) => mentionedOption(text, AREAS, (a) => a.names)?.id;

  it.each([
    ['what is the delivery charge outside Dhaka?', 'outside'],
    ['ঢাকার বাইরে ডেলিভারি চার্জ কত ভাই?', 'outside'],
    ['sylhet e delivery charge koto?', 'outside'],
    ['I live in MIRPUR, how much is delivery', 'inside'],
    ['delivery to dhaka city?', 'inside'],
  ])('reads %j as %s', (text, id) => {
    expect(named(text)).toBe(id);
  });

  it.each([
    ['delivery charge koto?'],
    ['I live in Dhaka but it goes to my mother in Sylhet'],
    // Whole words only: "outsider" is not "outside", "ঢাকায়" is not "ঢাকা".
    ['is the outsider fee extra'],
    ['ঢাকায় ডেলিভারি চার্জ কত?'],
    [''],
  ])('names nothing in %j', (text) => {
    expect(named(text)).toBeUndefined();
  });
});
