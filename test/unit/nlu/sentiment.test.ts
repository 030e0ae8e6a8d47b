import { tokenize } from '../../../src/nlu/local/normalize';
import { scoreSentiment } from '../../../src/nlu/local/sentiment';

const sentiment = (text: string) => scoreSentiment(text, tokenize(text, 48));

describe('scoreSentiment', () => {
  it.each([
    'This is the worst service ever',
    'You are a fraud',
    'scam shop, refund now',
    'useless, I am angry',
    'খুব বাজে সার্ভিস',
    'ফালতু দোকান',
    'এটা প্রতারণা',
    'আমি খুব রাগ করেছি',
    'প্রোডাক্ট খারাপ',
    'baje service',
    'faltu dokan bhai',
    'apnara batpar',
    'The product is not good',
    'প্রোডাক্ট ভালো না',
    'product valo na',
    'সার্ভিস ভালো নয়',
    'ভুয়া প্রোডাক্ট',
    '😡😡',
  ])('is negative for an upset customer: %s', (text) => {
    expect(sentiment(text)).toBeLessThan(-0.2);
  });

  it.each([
    'thanks',
    'Thank you so much!',
    'great service',
    'ধন্যবাদ',
    'অনেক ধন্যবাদ, খুব ভালো',
    'dhonnobad bhai',
    'product ta darun',
    'no problem, thanks',
    '😊👍',
  ])('is positive for a happy customer: %s', (text) => {
    expect(sentiment(text)).toBeGreaterThan(0.2);
  });

  it.each(['where is my order', 'আমার অর্ডার কোথায়', 'delivery charge koto', '১২৩৪৫', '', 'asdfgh'])(
    'is neutral for a plain question: %j',
    (text) => {
      expect(sentiment(text)).toBe(0);
    },
  );

  it('gets stronger with exclamation marks and capitals', () => {
    expect(sentiment('worst service!!!')).toBeLessThan(sentiment('worst service'));
    expect(sentiment('WORST service')).toBeLessThan(sentiment('worst service'));
    expect(sentiment('great!!!')).toBeGreaterThan(sentiment('great'));
  });

  it('weighs what comes after "but" more', () => {
    expect(sentiment('thanks but this is the worst')).toBeLessThan(0);
    expect(sentiment('kharap chilo kintu ekhon darun')).toBeGreaterThan(0);
  });

  it('treats "not bad" as mildly positive rather than negative', () => {
    expect(sentiment('not bad')).toBeGreaterThan(0);
    expect(sentiment('not bad')).toBeLessThan(sentiment('good'));
  });

  it('stays within -1..1 however much anger piles up', () => {
    const rant = 'WORST FRAUD SCAM USELESS CHEATER LIAR!!!!!! 😡🤬 ফালতু বাজে প্রতারণা';
    expect(sentiment(rant)).toBeGreaterThanOrEqual(-1);
    expect(sentiment(rant)).toBeLessThan(-0.95);
    expect(sentiment('great amazing perfect excellent thanks 😍😍😍')).toBeLessThanOrEqual(1);
  });
});
