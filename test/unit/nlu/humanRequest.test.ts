import { asksForHuman } from '../../../src/nlu/local';
import { readHumanRequest } from '../../../src/nlu/local/humanRequest';
import { OtherBusinesses } from '../../../src/nlu/local/otherBusinesses';

/**
 * The wants-a-human detector. Phrasings here were written for this test; none comes from the
 * NLU evaluation sets (bench/nlu/).
 */
describe('asksForHuman', () => {
  it.each([
    // English
    'agent please', 'customer care please', 'I want to speak to the manager', 'need to talk to a human', 'get me a representative',
    'could someone from your team call me back', 'I would like to chat with an agent', 'live agent', 'real person pls',
    'phone me please', 'I need a human, not a bot', 'please stop the bot, human please',
    // Bengali script
    'ম্যানেজারকে দিন', 'প্রতিনিধির সাথে যোগাযোগ করিয়ে দিন', 'একজন মানুষ দরকার', 'কাস্টমার সার্ভিসে কথা বলতে চাই', 'আমাকে ফোন করুন',
    // English words in Bengali letters
    'রিপ্রেজেন্টেটিভ চাই', 'সুপারভাইজারের সাথে কথা বলবো', 'হিউম্যান এর সাথে কথা বলতে চাই', 'অটো রিপ্লাই না, মানুষ দেন',
    // Banglish
    'kotha bolte chai', 'menejar er sathe kotha bolbo', 'apnader manager ke dorkar', 'support team er sathe kotha bolte chai',
    'ami apnader owner er sathe kotha bolbo', 'call korun amake', 'amar sathe jogajog korun', 'robot er sathe kotha bolte chai na',
    // typos
    'custamer care plz', 'agnet pls', 'representativ please',
    // saying what they are, and asking too; a missed call, and a call asked for
    'cal me plz', 'amake ekta kol diben', 'phone koren amake',
    'I am a human, not a robot, connect me to an agent', 'I gave you a missed call, call me back', 'মিস কল দিয়েছি, আমাকে ফোন দিন',
  ])('takes %j as a request for a person', (text) => {
    expect(asksForHuman(text)).toBe(true);
  });

  it.each([
    'is your delivery man a person from your shop?',
    'the delivery man was rude',
    'can the rider call me before coming?',
    'কুরিয়ারের লোক কখন আসবে',
    'rider er number ta din',
    'I talked to your agent yesterday, where is my order?',
    'the manager called me yesterday about the refund',
    'I dont need an agent',
    'manush lagbe na',
    'your customer care is useless',
    'is customer care open on friday?',
    'is the support available on friday',
    'do you have customer care number?',
    'who is the owner of this shop',
    'my brother is a manager at a bank',
    'call me when the black hoodie is back in stock',
    'are you a human?',
    'keu ache?',
    'hello anyone there?',
    'taka kivabe dibo',
    'where is my order',
    'delivery charge koto',
    'talk to you later',
    'can you sell my old phone for me',
    'passport office ki aj khola',
    'dokan kokhon khola thake',
    // the customer says what they are; a missed call is not a call asked for
    'ami manush, robot na 😄',
    "I'm human too lol, not a bot",
    'এই নম্বর থেকে মিস কল এসেছিল, কে আপনি?',
    'kar number eta? miss call dekhlam',
    // "call" sounds like কাল (yesterday) and কালো (black); "korsi" (I did) is one slip from "kormi" (worker)
    'amake kalo ta din',
    'আমাকে কালো রঙেরটা দিন',
    'kal order korsi, kobe pabo?',
    'কাল কেউ বাসায় থাকবে না',
    'korsi',
  ])('leaves %j to the intent model', (text) => {
    expect(asksForHuman(text)).toBe(false);
  });

  it('reads nothing into empty or unreadable messages', () => {
    for (const text of ['', '   ', '???', '😀😀', '你好']) expect(asksForHuman(text)).toBe(false);
  });

  it.each([
    ['is your delivery man a person from your shop?', 'declines'],
    ['rider er number ta din', 'declines'],
    ['the courier guy was rude to my mother', 'declines'],
    ['the rider was rude, I want to talk to your manager', 'asks'],
    // A negation, but maybe of something else: the intent model decides.
    ["I don't want automatic replies, connect me to someone", null],
    ['I dont need an agent', null],
    ['are you a human?', null],
    ['where is my order', null],
  ] as const)('reads %j as %s', (text, reading) => {
    expect(readHumanRequest(text)).toBe(reading);
  });
});

describe('asksForHuman with the shop\'s list of other businesses', () => {
  const others = new OtherBusinesses(['grameenphone', 'গ্রামীণফোন', 'gp', 'union bank', 'passport office']);

  it.each([
    'Grameenphone customer care e agent er sathe kotha bolbo kivabe?',
    'গ্রামীণফোনের কাস্টমার কেয়ারে কোনো মানুষের সাথে কিভাবে কথা বলবো?',
    'Union Bank er manager er sathe kotha bolte chai, kar number e call dibo?',
    'how do I talk to someone at the passport office',
  ])('declines %j, about another business\'s people, for the intent model too', (text) => {
    expect(asksForHuman(text)).toBe(true);
    expect(readHumanRequest(text, others.mark)).toBe('declines');
  });

  it('leaves a message naming another business but asking for nobody to the intent model', () => {
    expect(readHumanRequest('is grameenphone internet slow today?', others.mark)).toBeNull();
  });

  it.each([
    'Grameenphone er customer care kisu bole na, apnader agent er sathe kotha bolte chai',
    'amar GP number e call den',
    'আমার গ্রামীণফোন নম্বরে একটু কল দিন',
    'please call my grameenphone number',
    'customer care please',
  ])('still hears %j ask for the shop\'s people', (text) => {
    expect(asksForHuman(text, others.mark)).toBe(true);
  });
});
