import { LocalNlu } from '../../../src/nlu/local';
import type { IntentExamples } from '../../../src/nlu/port';
import { OUT_OF_SCOPE_MESSAGES } from './outOfScopeMessages';
import { SHOP_INTENTS } from './shopIntents';

const detect = (nlu: LocalNlu, text: string) => nlu.detectSync({ text, conversationId: 'c' });

describe('LocalNlu: the calibrated "I don\'t know"', () => {
  const nlu = new LocalNlu();
  nlu.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });

  it('sets its line so that at most 5% of the out-of-scope messages (cross-validated) would be answered', () => {
    const { calibration } = nlu.stats;
    expect(calibration.measuredOn).toBe(OUT_OF_SCOPE_MESSAGES.length);
    expect(calibration.falseAcceptRate).toBeLessThanOrEqual(0.05);
    expect(nlu.threshold).toBe(calibration.threshold);
  });

  it('answers the shop questions and not chatter like the out-of-scope messages', () => {
    for (const [text, intent] of [['where is my order', 'order_status'], ['can I pay by bkash', 'payment_methods'], ['দোকান কখন খোলা থাকে', 'business_hours'], ['ferot dite chai', 'returns_refunds']]) {
      expect(detect(nlu, text as string).intent).toBe(intent);
    }
    for (const text of ['what a lovely evening', 'my uncle lives in dubai', 'tell me a riddle', 'আজ খুব গরম', 'ajke khub gorom']) {
      expect(detect(nlu, text).intent).toBeNull();
    }
  });

  it('keeps a fixed line when one is configured', () => {
    const fixed = new LocalNlu({ threshold: 0.9 });
    fixed.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });
    expect(fixed.threshold).toBe(0.9);
    expect(fixed.stats.calibration.measuredOn).toBe(0);
  });

  it('gives the same answers every time it is trained on the same flows', () => {
    const again = new LocalNlu();
    again.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });
    expect(again.threshold).toBe(nlu.threshold);
    for (const text of ['wher is my parcel', 'dam koto vai', 'kal ki bristi hobe']) expect(detect(again, text)).toEqual(detect(nlu, text));
  });
});

describe('LocalNlu: "did you mean…" between two close intents', () => {
  // Two intents that share everything but one word: a message without that word fits both.
  const close: IntentExamples[] = [
    { intent: 'shirt_price', examples: { en: ['price of the shirt', 'how much for the shirt', 'shirt price please'] } },
    { intent: 'saree_price', examples: { en: ['price of the saree', 'how much for the saree', 'saree price please'] } },
    { intent: 'shop_address', examples: { en: ['where is your shop', 'shop address'] } },
  ];
  const nlu = new LocalNlu({ threshold: 0.2 });
  nlu.train(close);

  it('asks between them instead of guessing', () => {
    const result = detect(nlu, 'price of the');
    expect(result.intent).toBeNull();
    expect(result.didYouMean?.sort()).toEqual(['saree_price', 'shirt_price']);
  });

  it('answers when one of them clearly fits', () => {
    expect(detect(nlu, 'how much for the shirt please')).toMatchObject({ intent: 'shirt_price' });
    expect(detect(nlu, 'how much for the shirt please').didYouMean).toBeUndefined();
  });
});

describe('LocalNlu: asking for a person', () => {
  const nlu = new LocalNlu();
  nlu.train(SHOP_INTENTS);

  it.each(['agent please', 'ম্যানেজারকে দিন', 'kotha bolte chai'])('flags %s as a request for a person', (text) => {
    expect(detect(nlu, text).handoffRequested).toBe(true);
  });

  it('does not flag a question about the delivery man', () => {
    expect(detect(nlu, 'is your delivery man a person from your shop?').handoffRequested).toBeUndefined();
  });

  it('does not let the intent model read a question about the rider as a request for the team either', () => {
    // A line this low accepts almost anything: only the rider rule keeps the handover away.
    const eager = new LocalNlu({ threshold: 0.02 });
    eager.train(SHOP_INTENTS);
    for (const text of ['is your delivery man a real person from your shop?', 'was the delivery guy a real person?']) {
      const result = detect(eager, text);
      expect(result.intent).not.toBe('talk_to_human');
      expect(result.didYouMean ?? []).not.toContain('talk_to_human');
    }
    // Without the rider the same words still reach a person.
    expect(detect(eager, 'is there a real person from your shop?').intent).toBe('talk_to_human');
  });
});

describe('LocalNlu: synonym groups', () => {
  const intents: IntentExamples[] = [
    { intent: 'order_status', examples: { en: ['where is my parcel', 'has my parcel arrived', 'track my parcel'] } },
    { intent: 'returns', examples: { en: ['I want to return it', 'return policy', 'can I return the item'] } },
    { intent: 'shop_address', examples: { en: ['where is your shop', 'shop address please'] } },
  ];

  it('lets a word no example uses reach the intent through its group', () => {
    const without = new LocalNlu({ threshold: 0.35 });
    without.train(intents);
    const withGroups = new LocalNlu({ threshold: 0.35 });
    withGroups.train(intents, { synonyms: [['parcel', 'package', 'পার্সেল', 'consignment']] });
    for (const text of ['consignment?', 'track consignment']) {
      expect(detect(without, text).intent).not.toBe('order_status');
      expect(detect(withGroups, text).intent).toBe('order_status');
    }
  });
});

describe('LocalNlu: the shop\'s list of other businesses', () => {
  const others = ['desco', 'ডেসকো', 'wasa', 'ওয়াসা', 'titas', 'তিতাস', 'union bank', 'ইউনিয়ন ব্যাংক', 'brac bank', 'daraz', 'দারাজ', 'foodpanda', 'ফুডপান্ডা'];
  // Out-of-scope messages name four of them; the questions below name the others.
  const aboutSome = ['how do I pay my desco bill', 'desco er bill kivabe dibo', 'ডেসকোর বিল কিভাবে দিব', 'union bank er manager er sathe kotha bolbo', 'my daraz order is late', 'daraz er parcel ashe nai', 'দারাজের অর্ডার কবে আসবে', 'brac bank customer care number'];
  const trained = (otherBusinesses: string[]) => {
    const nlu = new LocalNlu();
    nlu.train(SHOP_INTENTS, { outOfScope: [...OUT_OF_SCOPE_MESSAGES, ...aboutSome], otherBusinesses });
    return nlu;
  };
  const withList = trained(others);
  const withoutList = trained([]);

  it('reads what it learnt about some of them as true of all: questions about the others lose their answer', () => {
    for (const text of ['foodpanda order kobe ashbe', 'titas office kothay', 'can I pay wasa by bkash', 'তিতাস অফিস কোথায়']) {
      expect(detect(withList, text).confidence).toBeLessThan(detect(withoutList, text).confidence * 0.6);
    }
    expect(detect(withoutList, 'foodpanda refund').intent).toBe('returns_refunds');
    expect(detect(withList, 'foodpanda refund').intent).toBeNull();
  });

  it('does not hand a question about their people to the shop\'s, and still hands over a request for its own', () => {
    expect(detect(withoutList, 'talk to titas customer care').handoffRequested).toBe(true);
    expect(detect(withList, 'talk to titas customer care').handoffRequested).toBeUndefined();
    // Nor answer it with the person flow, which would hand the chat over all the same.
    for (const text of ['talk to titas customer care', 'তিতাসের কাস্টমার কেয়ারে মানুষের সাথে কথা বলবো']) expect(detect(withList, text).intent).not.toBe('talk_to_human');
    for (const text of ['customer care', 'titas er lok kichu bole na, apnader agent er sathe kotha bolte chai']) expect(detect(withList, text).handoffRequested).toBe(true);
    for (const [text, intent] of [['where is my order', 'order_status'], ['can I pay by bkash', 'payment_methods']]) expect(detect(withList, text as string).intent).toBe(intent);
  });
});

describe('LocalNlu: a business the shop works with, on the list of other businesses', () => {
  const synonyms = [['bkash', 'বিকাশ', 'nagad', 'mobile banking']];
  const trained = (otherBusinesses: string[]) => {
    const nlu = new LocalNlu();
    nlu.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES, synonyms, otherBusinesses });
    return nlu;
  };
  const withPartner = trained(['bkash', 'বিকাশ', 'daraz']);
  const without = trained(['daraz']);

  it('still reads paying with it as the shop\'s payment, as well as without the name on the list', () => {
    for (const text of ['can I pay by bkash', 'বিকাশে পেমেন্ট করা যাবে?']) {
      expect(detect(withPartner, text).intent).toBe('payment_methods');
      expect(detect(withPartner, text).confidence).toBeCloseTo(detect(without, text).confidence, 2);
    }
  });

  it('takes its people for its own, not the shop\'s', () => {
    for (const text of ['bkash customer care er sathe kotha bolbo kivabe', 'বিকাশের এজেন্টের সাথে কথা বলবো কিভাবে']) {
      expect(detect(without, text).handoffRequested).toBe(true);
      expect(detect(withPartner, text).handoffRequested).toBeUndefined();
      expect(detect(withPartner, text).intent).not.toBe('talk_to_human');
    }
  });
});

describe('LocalNlu: a word with a slip', () => {
  // "sodrer" (the district town's) is one letter from "odrer", as "order" is one swap from it.
  const nlu = new LocalNlu();
  nlu.train(SHOP_INTENTS, { outOfScope: [...OUT_OF_SCOPE_MESSAGES, 'sodrer hospital kothay', 'sodrer haat kobe bose'] });

  it('is read as the word more examples use when two are equally near', () => {
    expect(detect(nlu, 'where is my odrer').intent).toBe('order_status');
  });
});
