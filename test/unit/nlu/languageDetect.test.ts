import type { Locale } from '../../../src/domain/locale';
import { detectLanguage } from '../../../src/nlu/local/languageDetect';
import { tokenize } from '../../../src/nlu/local/normalize';

const detect = (text: string, previousLocale?: Locale) => detectLanguage(text, tokenize(text, 48), previousLocale);

describe('detectLanguage', () => {
  it.each([
    'আমার অর্ডার কোথায়?',
    'ডেলিভারি চার্জ কত',
    'বিকাশে পেমেন্ট করা যাবে',
    'আমার order টা কোথায়',
  ])('answers Bengali script in Bengali: %s', (text) => {
    expect(detect(text, 'en')).toMatchObject({ locale: 'bn', script: 'bengali' });
  });

  it.each([
    'amar order kothay',
    'delivery charge koto',
    'bkash e payment kora jabe?',
    'ferot dite chai',
    'vai dam koto?',
    'apnader dokan kokhon khola thake',
    'order ta kobe pabo',
    'thanks bhai',
  ])('recognises Banglish as Bengali: %s', (text) => {
    expect(detect(text, 'en')).toMatchObject({ locale: 'bn', script: 'latin' });
  });

  it.each([
    'Where is my order?',
    'What is the delivery charge to Sylhet?',
    'Can I pay with bKash?',
    'I want to return this product',
    'What is the delivery charge bhai',
  ])('recognises English: %s', (text) => {
    expect(detect(text, 'bn')).toMatchObject({ locale: 'en', script: 'latin' });
  });

  it('keeps the conversation language when a message has no letters', () => {
    expect(detect('১২৩৪৫', 'bn')).toMatchObject({ locale: 'bn', script: 'none' });
    expect(detect('👍👍', 'bn')).toMatchObject({ locale: 'bn', script: 'none' });
    expect(detect('12345')).toMatchObject({ locale: 'en', script: 'none' });
    expect(detect('')).toMatchObject({ locale: 'en', script: 'none' });
  });

  it('keeps the conversation language for a short Latin word that is neither English nor Banglish', () => {
    expect(detect('ok', 'bn').locale).toBe('bn');
    expect(detect('bkash', 'bn').locale).toBe('bn');
    expect(detect('hi').locale).toBe('en');
  });

  it('reports other scripts with low confidence and keeps the conversation language', () => {
    const chinese = detect('你好，我的订单在哪里', 'bn');
    expect(chinese).toMatchObject({ locale: 'bn', script: 'other' });
    expect(chinese.confidence).toBeLessThan(0.5);
    expect(detect('كم سعر التوصيل')).toMatchObject({ locale: 'en', script: 'other' });
    expect(detect('मेरा ऑर्डर कहाँ है')).toMatchObject({ locale: 'en', script: 'other' });
  });

  it('is surer of clear messages than of a single marker', () => {
    expect(detect('amar order ta kothay ache bhai').confidence).toBeGreaterThan(detect('order e').confidence);
    expect(detect('আমার অর্ডার কোথায়').confidence).toBeGreaterThanOrEqual(0.9);
  });
});
