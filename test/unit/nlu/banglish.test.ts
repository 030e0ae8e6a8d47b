import { foldForCompare } from '../../../src/domain/text';
import { phoneticKey, romanizeBengali } from '../../../src/nlu/local/banglish';
import { allowedEdits, boundedEditDistance } from '../../../src/nlu/local/editDistance';
import { inflectionStems } from '../../../src/nlu/local/inflections';
import { isStopword } from '../../../src/nlu/local/stopwords';

const key = (word: string) => phoneticKey(foldForCompare(word));

describe('romanizeBengali', () => {
  it.each([
    ['আমার', 'amar'],
    ['কোথায়', 'kothay'],
    ['লাগবে', 'lagbe'],
    ['করবো', 'korbo'],
    ['ফেরত', 'ferot'],
    ['কিভাবে', 'kibhabe'],
    ['টাকা', 'taka'],
    ['দোকান', 'dokan'],
    ['বই', 'boi'],
    ['ক্যাশ', 'kash'],
  ])('writes %s the way Banglish writers do (%s)', (bengali, latin) => {
    expect(romanizeBengali(foldForCompare(bengali))).toBe(latin);
  });
});

describe('phoneticKey', () => {
  it('gives Bengali script and its common Banglish spellings the same key', () => {
    expect(key('kothay')).toBe(key('কোথায়'));
    expect(key('kothai')).toBe(key('কোথায়'));
    expect(key('koto')).toBe(key('কত'));
    expect(key('kivabe')).toBe(key('কিভাবে'));
    expect(key('kibhabe')).toBe(key('কিভাবে'));
    expect(key('bhai')).toBe(key('vai'));
    expect(key('ache')).toBe(key('আছে'));
    expect(key('ase')).toBe(key('achhe'));
    expect(key('nei')).toBe(key('nai'));
    expect(key('dhonnobad')).toBe(key('ধন্যবাদ'));
    expect(key('charge')).toBe(key('চার্জ'));
    expect(key('cash')).toBe(key('ক্যাশ'));
  });

  it('keeps near spellings within one edit, where typo matching takes over', () => {
    expect(boundedEditDistance(key('kotha'), key('kothay'), 1)).toBe(1);
    expect(boundedEditDistance(key('order'), key('অর্ডার'), 1)).toBe(1);
    expect(boundedEditDistance(key('delivery'), key('ডেলিভারি'), 1)).toBe(1);
    expect(boundedEditDistance(key('bkash'), key('বিকাশ'), 1)).toBe(1);
  });

  it('reads a Latin letter with a Bengali vowel sign as one Banglish word', () => {
    expect(key('kি')).toBe(key('ki'));
  });

  it('leaves digits and scripts it cannot read as they are', () => {
    expect(phoneticKey('12500')).toBe('12500');
    expect(phoneticKey('订单')).toBe('订单');
  });
});

describe('boundedEditDistance', () => {
  it('counts a swap of neighbouring letters as one slip', () => {
    expect(boundedEditDistance('paymnet', 'payment', 2)).toBe(1);
    expect(boundedEditDistance('retrun', 'return', 2)).toBe(1);
  });

  it('stops past the bound', () => {
    expect(boundedEditDistance('delivery', 'weather', 2)).toBe(3);
    expect(boundedEditDistance('abc', 'abcdefgh', 2)).toBe(3);
  });

  it('tolerates nothing on short words, one slip on medium and two on long ones', () => {
    expect(allowedEdits(3)).toBe(0);
    expect(allowedEdits(6)).toBe(1);
    expect(allowedEdits(11)).toBe(2);
  });
});

describe('inflectionStems', () => {
  it('offers the bare word inside Bengali and Banglish inflections', () => {
    expect(inflectionStems(foldForCompare('অর্ডারটা'))).toContain(foldForCompare('অর্ডার'));
    expect(inflectionStems(foldForCompare('বিকাশে'))).toContain(foldForCompare('বিকাশ'));
    expect(inflectionStems(foldForCompare('কয়টায়'))).toContain(foldForCompare('কয়টা'));
    expect(inflectionStems('orderta')).toContain('order');
    expect(inflectionStems('bkashe')).toContain('bkash');
  });

  it('never leaves a stem shorter than three letters', () => {
    expect(inflectionStems('ta')).toEqual([]);
    expect(inflectionStems(foldForCompare('টাকা')).every((stem) => stem.length >= 3)).toBe(true);
  });
});

describe('isStopword', () => {
  it('knows function words in every spelling, whichever way য় was typed', () => {
    for (const word of ['the', 'my', 'আমার', 'amar', 'ki', 'কি', 'kি', 'হ\u09DF', 'হ\u09AF\u09BC', 'দ\u09AF\u09BCা']) {
      const token = foldForCompare(word);
      expect([word, isStopword(token)]).toEqual([word, true]);
    }
  });

  it('does not discount content words', () => {
    for (const word of ['order', 'delivery', 'অর্ডার', 'ডেলিভারি', 'kothay', 'bkash']) {
      expect([word, isStopword(foldForCompare(word))]).toEqual([word, false]);
    }
  });
});
