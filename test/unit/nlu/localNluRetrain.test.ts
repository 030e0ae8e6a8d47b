import { LocalNlu } from '../../../src/nlu/local';
import { OUT_OF_SCOPE_MESSAGES } from './outOfScopeMessages';
import { SHOP_INTENTS } from './shopIntents';

const GIFT_CARDS = { intent: 'gift_cards', examples: { en: ['do you sell gift cards', 'gift voucher for my sister'], bn: ['গিফট কার্ড আছে?', 'gift card ache?'] } };
const intentOf = (nlu: LocalNlu, text: string) => nlu.detectSync({ text, conversationId: 'c' }).intent;

/** Counts event-loop turns until stopped: other work the process gets done meanwhile. */
function otherWork(): { turns: () => number; stop: () => void } {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { turns: () => turns, stop: () => (running = false) };
}

describe('LocalNlu.retrain: learning on a flow reload without holding up the process', () => {
  it('lets other work run while it learns, answers with the old model until the new one is ready, then with the new one', async () => {
    const nlu = new LocalNlu({ trainingSliceMs: 0 });
    nlu.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });
    expect(intentOf(nlu, 'do you sell gift cards')).not.toBe('gift_cards');

    const work = otherWork();
    const learning = nlu.retrain([...SHOP_INTENTS, GIFT_CARDS], { outOfScope: OUT_OF_SCOPE_MESSAGES });
    await new Promise((resolve) => setImmediate(resolve));
    expect(intentOf(nlu, 'do you sell gift cards')).not.toBe('gift_cards');
    expect(intentOf(nlu, 'where is my order')).toBe('order_status');
    await learning;
    work.stop();

    // A training of this size pauses hundreds of times; the process served other work in each pause.
    expect(work.turns()).toBeGreaterThan(50);
    expect(intentOf(nlu, 'do you sell gift cards')).toBe('gift_cards');
    expect(intentOf(nlu, 'gift card ache?')).toBe('gift_cards');
    expect(nlu.stats.calibration.measuredOn).toBe(OUT_OF_SCOPE_MESSAGES.length);
    expect(nlu.stats.trainCpuMs).toBeGreaterThan(0);
  });

  it('gives up a training that a newer one superseded: the latest flows win', async () => {
    const nlu = new LocalNlu({ trainingSliceMs: 0 });
    nlu.train(SHOP_INTENTS);
    const older = nlu.retrain([...SHOP_INTENTS, GIFT_CARDS]);
    const newer = nlu.retrain(SHOP_INTENTS.filter((i) => i.intent !== 'business_hours'));
    await Promise.all([older, newer]);
    expect(intentOf(nlu, 'do you sell gift cards')).not.toBe('gift_cards');
    expect(nlu.stats.intents).toBe(SHOP_INTENTS.length - 1);
  });

  it('learns the same model as a training that holds the process', async () => {
    const background = new LocalNlu();
    const foreground = new LocalNlu();
    await background.retrain(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });
    foreground.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });
    expect(background.threshold).toBe(foreground.threshold);
    for (const text of ['amar order kothay', 'is it going to rain', 'delivery charge koto', 'kobe khola thake']) {
      expect(background.detectSync({ text, conversationId: 'c' })).toEqual(foreground.detectSync({ text, conversationId: 'c' }));
    }
  });
});

describe('LocalNlu: a reload reads again only the texts that changed', () => {
  const probes = ['where is my order', 'do you sell gift cards', 'voucher ache?', 'উপহার কার্ড আছে', 'bkash e payment kora jabe?', 'what is the capital of france', 'retrun policy'];
  const readings = (nlu: LocalNlu) => probes.map((text) => nlu.detectSync({ text, conversationId: 'c' })).map((r) => [r.intent, r.confidence, r.didYouMean]);

  it('understands after a reload exactly as a process that trained on the new flows from the start', () => {
    const reloaded = new LocalNlu();
    reloaded.train(SHOP_INTENTS, { outOfScope: OUT_OF_SCOPE_MESSAGES });
    reloaded.train([...SHOP_INTENTS, GIFT_CARDS], { outOfScope: OUT_OF_SCOPE_MESSAGES.slice(1) });
    const fresh = new LocalNlu();
    fresh.train([...SHOP_INTENTS, GIFT_CARDS], { outOfScope: OUT_OF_SCOPE_MESSAGES.slice(1) });
    expect(reloaded.threshold).toBe(fresh.threshold);
    expect(readings(reloaded)).toEqual(readings(fresh));
  });

  it('reads every text again when the synonym groups change', () => {
    const synonyms = [['gift card', 'voucher', 'উপহার কার্ড']];
    const reloaded = new LocalNlu();
    reloaded.train([...SHOP_INTENTS, GIFT_CARDS], { outOfScope: OUT_OF_SCOPE_MESSAGES });
    reloaded.train([...SHOP_INTENTS, GIFT_CARDS], { outOfScope: OUT_OF_SCOPE_MESSAGES, synonyms });
    const fresh = new LocalNlu();
    fresh.train([...SHOP_INTENTS, GIFT_CARDS], { outOfScope: OUT_OF_SCOPE_MESSAGES, synonyms });
    expect(readings(reloaded)).toEqual(readings(fresh));
    expect(reloaded.detectSync({ text: 'voucher ache?', conversationId: 'c' }).intent).toBe('gift_cards');
  });
});
