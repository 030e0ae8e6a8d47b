import { maskInboundJob, maskInboundMessage, maskSecrets, SECRET_MARKS, type SecretKind } from '../../../src/domain/secrets';

/**
 * What customers of a Bangladeshi shop actually type: the secret must go, and the numbers the
 * shop needs (orders, tracking, phones, prices, dates, bKash transaction ids) must stay.
 */
const SECRETS: [string, SecretKind, string][] = [
  // one-time codes, as typed and as forwarded from the SMS
  ['my otp is 482913', 'code', '482913'],
  ['OTP: 482913', 'code', '482913'],
  ['the code is 4829, please check', 'code', '4829'],
  ['I got the code 77312 but it says expired', 'code', '77312'],
  ['Your bKash verification code is 482913. Do not share it with anyone.', 'code', '482913'],
  ['<#> 391044 is your Nagad OTP. Valid for 2 minutes.', 'code', '391044'],
  ['আমার ওটিপি ৪৮২৯১৩', 'code', '৪৮২৯১৩'],
  ['কোড হলো ৫৫২১', 'code', '৫৫২১'],
  ['আপনার বিকাশ ভেরিফিকেশন কোড ৪৮২৯১৩', 'code', '৪৮২৯১৩'],
  ['৭৭৩১২ আমার ওটিপি', 'code', '৭৭৩১২'],
  ['amar otp 482913', 'code', '482913'],
  ['otp dilam 123456', 'code', '123456'],
  ['code ta holo 4829', 'code', '4829'],
  ['vai ei je code 902211 eta ki dorkar?', 'code', '902211'],
  ['my otp is 482 913', 'code', '482 913'],
  ['OTP: 4 8 2 9 1 3', 'code', '4 8 2 9 1 3'],
  ['your security code is 482913', 'code', '482913'],
  ['ওটিপি ৪৮২ ৯১৩', 'code', '৪৮২ ৯১৩'],
  // mobile-banking PINs
  ['my bkash pin is 54321', 'pin', '54321'],
  ['bKash PIN 12345, please refund', 'pin', '12345'],
  ['Nagad pin: 4321', 'pin', '4321'],
  ['rocket er pin 8765', 'pin', '8765'],
  ['amar bikash er pin 54321', 'pin', '54321'],
  ['pin number holo 1234', 'pin', '1234'],
  ['বিকাশ পিন ১২৩৪৫', 'pin', '১২৩৪৫'],
  ['আমার নগদ পিন নম্বর ৪৩২১', 'pin', '৪৩২১'],
  // card numbers (Luhn-valid test numbers)
  ['my card is 4111 1111 1111 1111', 'card', '4111 1111 1111 1111'],
  ['5500-0000-0000-0004 exp 12/27', 'card', '5500-0000-0000-0004'],
  ['card number 378282246310005', 'card', '378282246310005'],
  ['কার্ড নম্বর ৪১১১১১১১১১১১১১১১', 'card', '৪১১১১১১১১১১১১১১১'],
  ['amar card 6011111111111117 diye pay korbo', 'card', '6011111111111117'],
  // the security code on the back of a card
  ['cvv 123', 'cvv', '123'],
  ['card er CVV holo 4567', 'cvv', '4567'],
  ['CVC: 321, exp 09/28', 'cvv', '321'],
  ['security code 482', 'cvv', '482'],
  ['কার্ডের সিভিভি ৭৮৯', 'cvv', '৭৮৯'],
  // passwords
  ['my password is Dhaka@123', 'password', 'Dhaka@123'],
  ['password: hunter22', 'password', 'hunter22'],
  ['Password = shopping', 'password', 'shopping'],
  ['pwd abc12345', 'password', 'abc12345'],
  ['পাসওয়ার্ড হলো abc123', 'password', 'abc123'],
  ['amar password holo rahim1990', 'password', 'rahim1990'],
];

const KEPT = [
  'where is my order 204518',
  'order number 204518',
  'my order code is 204518',
  'the code for my order is 204518',
  'tracking code 556677',
  'tracking RX123456789BD',
  'TRK204518 has not moved',
  'promo code 2024 is not working',
  'call me at 01712345678',
  'my number 8801712345678',
  '+880 1712-345678',
  'bkash number 01712345678',
  'bkash trx id 8N7A6D5F4G, paid 2500',
  'I paid 2500 with bkash',
  'price 1200 tk?',
  'দাম ১২০০ টাকা',
  '৳1,250 pay korbo',
  'BDT 2500 sent',
  'deliver on 12/05/2024 please',
  'on 2024-05-12',
  'ordered 3 pcs on 12.05.2024',
  'my post code is 1207',
  'room 1234, road 5, house 17',
  'অর্ডার নম্বর ২০৪৫১৮',
  'amar order 204518 kothay',
  'I forgot my password',
  'my password is not working',
  'password reset korte chai',
  'pin code nai',
  'The code did not arrive',
  'I want 4111 of them', // a number, not a card
  '4111111111111112', // fails Luhn
  '1234567890123456', // does not start like a card
  'my order code 4242424242424242', // a number after "order"
  'cvv ki dorkar?',
  'order code 482 913', // grouped, but an order's
  'size 38 40 42 ache?', // sizes next to each other, no secret word
  'the code is 12', // too short for a code
  'call me on 01712 345678 about the code', // a phone number: too long for a code
  'otp 482 913 1207 2200', // more digits than a code has
  'the code expired on 2024-05-12', // a date
];

describe('maskSecrets', () => {
  it.each(SECRETS)('masks %j as a %s', (text, kind, secret) => {
    const masked = maskSecrets(text);
    expect(masked.found).toEqual([kind]);
    expect(masked.text).not.toContain(secret);
    expect(masked.text).toContain(SECRET_MARKS[kind]);
    // Everything around the secret is kept for the agent.
    expect(masked.text.replace(SECRET_MARKS[kind], secret)).toBe(text);
  });

  it.each(KEPT)('keeps %j as it is', (text) => {
    expect(maskSecrets(text)).toEqual({ text, found: [] });
  });

  it('masks several secrets of one message and keeps the order number between them', () => {
    const masked = maskSecrets('order 204518: bkash pin 12345 and the otp 998877, card 4111111111111111');
    expect(masked.text).toBe(`order 204518: bkash pin ${SECRET_MARKS.pin} and the otp ${SECRET_MARKS.code}, card ${SECRET_MARKS.card}`);
    expect(masked.found).toEqual(['pin', 'code', 'card']);
  });

  it('never takes a Bangladeshi phone number for a card or a code, whatever the digits', () => {
    let seed = 7;
    const digit = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), String(seed % 10));
    for (let i = 0; i < 2000; i++) {
      const local = `01${3 + (i % 7)}${Array.from({ length: 8 }, digit).join('')}`;
      for (const phone of [local, `88${local}`, `+88${local}`, `${local.slice(0, 5)}-${local.slice(5)}`]) {
        expect(maskSecrets(`amar number ${phone}`).found).toEqual([]);
        expect(maskSecrets(`bkash ${phone} e taka pathan`).found).toEqual([]);
      }
    }
  });

  it('masks every Luhn-valid 16-digit card number, however it is grouped', () => {
    const luhnDigit = (body: string) => {
      let sum = 0;
      for (let i = 0; i < body.length; i++) {
        let d = Number(body[body.length - 1 - i]);
        if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      return String((10 - (sum % 10)) % 10);
    };
    for (let i = 0; i < 300; i++) {
      const body = `4${String(100_000_000_000_00 + i * 7_919_191).padStart(14, '0')}`;
      const card = body + luhnDigit(body);
      for (const written of [card, card.replace(/(\d{4})(?=\d)/g, '$1 '), card.replace(/(\d{4})(?=\d)/g, '$1-')]) {
        expect(maskSecrets(`pay with ${written} ok?`)).toEqual({ text: `pay with ${SECRET_MARKS.card} ok?`, found: ['card'] });
      }
    }
  });

  it('is idempotent: masking a masked text changes nothing', () => {
    for (const [text] of SECRETS) {
      const once = maskSecrets(text).text;
      expect(maskSecrets(once)).toEqual({ text: once, found: [] });
    }
  });
});

describe('maskInboundMessage', () => {
  const base = { id: 'wamid.1', channel: 'simulator', from: '8801700000001', timestamp: 1 };

  it('masks texts, captions and catalogue notes, and says what it masked', () => {
    const text = maskInboundMessage({ ...base, content: { type: 'text', text: 'my otp is 482913' } });
    expect(text.content).toEqual({ type: 'text', text: `my otp is ${SECRET_MARKS.code}` });
    expect(text.secrets).toEqual(['code']);
    const caption = maskInboundMessage({ ...base, content: { type: 'media', media: { kind: 'image', mediaId: 'm1', caption: 'bkash pin 12345' } } });
    expect(caption.content).toEqual({ type: 'media', media: { kind: 'image', mediaId: 'm1', caption: `bkash pin ${SECRET_MARKS.pin}` } });
    const order = maskInboundMessage({ ...base, content: { type: 'order', items: [{ productId: 'SKU-1', quantity: 1 }], note: 'card 4111 1111 1111 1111' } });
    expect(order.content).toMatchObject({ note: `card ${SECRET_MARKS.card}` });
  });

  it('keeps what an earlier pass found, and leaves a message without secrets untouched', () => {
    const once = maskInboundMessage({ ...base, content: { type: 'text', text: 'password: hunter22' } });
    expect(maskInboundMessage(once).secrets).toEqual(['password']);
    const plain = { ...base, content: { type: 'text' as const, text: 'order 204518' } };
    expect(maskInboundMessage(plain)).toBe(plain);
  });

  it('masks the new words of a WhatsApp edit, as of the message it replaces', () => {
    const edit = maskInboundMessage({ ...base, content: { type: 'edit', messageId: 'wamid.0', content: { type: 'text', text: 'sorry, the OTP is 482913' } } });
    expect(edit.content).toEqual({ type: 'edit', messageId: 'wamid.0', content: { type: 'text', text: `sorry, the OTP is ${SECRET_MARKS.code}` } });
    expect(edit.secrets).toEqual(['code']);
  });

  it('masks the new text of a message the customer edited (Messenger), and leaves other channel updates alone', () => {
    const update = { channel: 'messenger', customer: 'psid-1', channelMessageId: 'm_1', at: 1 };
    expect(maskInboundJob({ ...update, update: 'edit', text: 'sorry, the OTP is 482913' })).toEqual({ ...update, update: 'edit', text: `sorry, the OTP is ${SECRET_MARKS.code}` });
    const unsend = { ...update, update: 'unsend' as const };
    expect(maskInboundJob(unsend)).toBe(unsend);
    expect(maskInboundJob({ ...base, content: { type: 'text', text: 'pin 1234' } })).toMatchObject({ secrets: ['pin'] });
  });
});
