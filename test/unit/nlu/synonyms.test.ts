import { phoneticKey, tokenize } from '../../../src/nlu/local';
import { SynonymMatcher } from '../../../src/nlu/local/synonyms';

const groups = [
  ['pay', 'payment', 'টাকা দেওয়া', 'taka deya'],
  ['parcel', 'package', 'পার্সেল'],
  ['bkash', 'বিকাশ'],
];
const matcher = new SynonymMatcher(groups);
const groupsIn = (text: string) => {
  const tokens = tokenize(text, 40);
  return [...new Set(matcher.find(tokens, tokens.map(phoneticKey)).map((m) => m.group))].sort();
};

describe('SynonymMatcher', () => {
  it('finds one-word and several-word members in any script', () => {
    expect(groupsIn('how do I pay')).toEqual([0]);
    expect(groupsIn('টাকা দেওয়া যাবে?')).toEqual([0]);
    expect(groupsIn('taka deya jabe bkash e')).toEqual([0, 2]);
    expect(groupsIn('my package')).toEqual([1]);
  });

  it('meets members by sound, with a suffix, or with one slip in a long word', () => {
    expect(groupsIn('বিকাশে দিলে হবে')).toEqual([2]); // বিকাশ + e
    expect(groupsIn('parcelta kothay')).toEqual([1]);
    expect(groupsIn('paymment done')).toEqual([0]);
  });

  it('says where a match is, so its words count as known', () => {
    const tokens = tokenize('can I taka deya now', 40);
    expect(matcher.find(tokens, tokens.map(phoneticKey))).toEqual([{ group: 0, start: 2, length: 2 }]);
  });

  it('finds nothing in unrelated text, and nothing without groups', () => {
    expect(groupsIn('what time do you open')).toEqual([]);
    const tokens = tokenize('my parcel', 40);
    expect(new SynonymMatcher([]).find(tokens, tokens.map(phoneticKey))).toEqual([]);
  });
});
