import { graphemeSafeCut, shortenWithEllipsis, splitTail, splitText } from '../../../src/channels/whatsapp-cloud/textSplitting';

describe('shortenWithEllipsis', () => {
  it('leaves text that fits untouched', () => {
    expect(shortenWithEllipsis('Track order', 20)).toBe('Track order');
  });

  it('ends over-long text with … and exactly fits the limit', () => {
    const out = shortenWithEllipsis('Delivery charges outside Dhaka', 20);
    expect(out).toBe('Delivery charges ou…');
    expect(out.length).toBe(20);
  });

  it('does not leave a dangling space before the ellipsis', () => {
    expect(shortenWithEllipsis('Cash on delivery available', 18)).toBe('Cash on delivery…');
  });

  it('never cuts a Bengali conjunct or an emoji in half', () => {
    // "ক্ষ" is ক + ্ + ষ: three code units, one grapheme.
    const out = shortenWithEllipsis('অক্ষর', 4);
    expect(out).toBe('অ…');
    const emoji = shortenWithEllipsis('👍🏽👍🏽👍🏽', 6);
    expect(emoji).toBe('👍🏽…');
    expect(emoji.length).toBeLessThanOrEqual(6);
  });
});

describe('graphemeSafeCut', () => {
  it('stops before a surrogate pair that would be split', () => {
    expect(graphemeSafeCut('ab😀', 3)).toBe(2);
  });
});

describe('splitText', () => {
  it('returns short text as one piece', () => {
    expect(splitText('  hello  ', 4096)).toEqual(['hello']);
  });

  it('returns nothing for blank text', () => {
    expect(splitText(' \n ', 4096)).toEqual([]);
  });

  it('prefers paragraph breaks', () => {
    const a = 'a'.repeat(60);
    const b = 'b'.repeat(30);
    expect(splitText(`${a}\n\n${b} ${b}`, 100)).toEqual([a, `${b} ${b}`]);
  });

  it('then sentence ends, including the Bengali dari (।)', () => {
    const first = 'আপনার অর্ডার পাঠানো হয়েছে।';
    const second = 'ডেলিভারি দুই দিনের মধ্যে হবে।';
    expect(splitText(`${first} ${second}`, first.length + 5)).toEqual([first, second]);
    expect(splitText('One two three. Four five six.', 20)).toEqual(['One two three.', 'Four five six.']);
  });

  it('then spaces; only unbroken text is cut mid-word', () => {
    expect(splitText('alpha beta gamma delta', 11)).toEqual(['alpha beta', 'gamma delta']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps every piece within the limit and loses no words', () => {
    const words = Array.from({ length: 3000 }, (_, i) => (i % 17 === 0 ? `word${i}.` : `w${i}`));
    const text = words.join(' ');
    const pieces = splitText(text, 4096);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.join(' ').split(/\s+/)).toEqual(words);
  });
});

describe('splitTail', () => {
  it('keeps the last paragraph (the question) as the tail', () => {
    const head = 'Here is our full price list. '.repeat(50).trim();
    const { head: h, tail } = splitTail(`${head}\n\nWhich one would you like?`, 1024);
    expect(h).toBe(head);
    expect(tail).toBe('Which one would you like?');
  });

  it('returns the whole text as tail when it fits', () => {
    expect(splitTail('short', 1024)).toEqual({ head: '', tail: 'short' });
  });

  it('falls back to sentences, then a mid-word cut, always fitting', () => {
    const text = 's'.repeat(2000);
    const { head, tail } = splitTail(text, 1024);
    expect(tail.length).toBe(1024);
    expect(head + tail).toBe(text);
  });
});
