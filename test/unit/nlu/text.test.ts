import { detectScript, foldForCompare, parseNumber, toAsciiDigits } from '../../../src/domain/text';

describe('toAsciiDigits', () => {
  it('turns Bengali, Devanagari and Arabic-Indic digits into 0-9', () => {
    expect(toAsciiDigits('০১২৩৪৫৬৭৮৯')).toBe('0123456789');
    expect(toAsciiDigits('०१२')).toBe('012');
    expect(toAsciiDigits('٣٤٥')).toBe('345');
    expect(toAsciiDigits('۷۸۹')).toBe('789');
  });

  it('leaves everything else alone', () => {
    expect(toAsciiDigits('অর্ডার #৪৫ is ready')).toBe('অর্ডার #45 is ready');
  });
});

describe('parseNumber', () => {
  it.each([
    ['১২৩', 123],
    ['12,500', 12500],
    [' 42 ', 42],
    ['৪২.৫', 42.5],
    ['1,25,000', 125000],
    ['১,২৫,০০০', 125000],
    ['-7', -7],
    ['٣٫٥', 3.5],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['', 'abc', '12 taka', '১২৩টাকা', '1,2', '12,50', '1.2.3', '৳500', 'NaN', 'Infinity'])('rejects %j', (text) => {
    expect(parseNumber(text)).toBeNull();
  });
});

describe('foldForCompare', () => {
  it('ignores case, punctuation, emoji and extra spaces', () => {
    expect(foldForCompare('  Where is   MY order?!! 😡 ')).toBe('where is my order');
    expect(foldForCompare("What's the price…")).toBe('whats the price');
  });

  it('treats the precomposed and the nukta spelling of য়, ড়, ঢ় as the same letter', () => {
    expect(foldForCompare('কোথা\u09DF')).toBe(foldForCompare('কোথা\u09AF\u09BC'));
    expect(foldForCompare('বা\u09DCি')).toBe(foldForCompare('বা\u09A1\u09BCি'));
    expect(foldForCompare('\u09DDাকা')).toBe(foldForCompare('\u09A2\u09BCাকা'));
  });

  it('drops zero-width joiners and non-joiners inside Bengali words', () => {
    expect(foldForCompare('ক্\u200Cষ')).toBe(foldForCompare('ক্ষ'));
    expect(foldForCompare('র\u200D্যাব')).toBe(foldForCompare('র্যাব'));
  });

  it('writes the Bengali danda and digits the same way as their plain forms', () => {
    expect(foldForCompare('দাম কত। ১২০ টাকা?')).toBe('দাম কত 120 টাকা');
  });

  it('unifies full-width and compatibility characters', () => {
    expect(foldForCompare('ＯＲＤＥＲ １２')).toBe('order 12');
  });

  it('returns an empty string for text without letters or digits', () => {
    expect(foldForCompare('😀😀 !!! ...')).toBe('');
    expect(foldForCompare('')).toBe('');
  });
});

describe('detectScript', () => {
  it('names the script most letters are written in', () => {
    expect(detectScript('আমার অর্ডার কোথায়')).toBe('bengali');
    expect(detectScript('amar order kothay')).toBe('latin');
    expect(detectScript('আমার order কোথায়')).toBe('bengali');
    expect(detectScript('你好，我的订单在哪里')).toBe('other');
    expect(detectScript('كم سعر التوصيل')).toBe('other');
    expect(detectScript('Café crème')).toBe('latin');
  });

  it("is 'none' without letters", () => {
    expect(detectScript('')).toBe('none');
    expect(detectScript('১২৩ 456 !!!')).toBe('none');
    expect(detectScript('😀😀👍')).toBe('none');
  });
});
