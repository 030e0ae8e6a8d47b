import { isTopicChange, looksLikeQuestion } from '../../../src/engine/topicChange';
import type { NluResult } from '../../../src/nlu/port';

const FLOWS: Record<string, string> = { delivery_time: 'delivery_time', delivery_areas: 'delivery_areas', delivery_charge: 'delivery_charge' };
const nlu = (intent: string | null, confidence: number, extra: Partial<NluResult> = {}): NluResult => ({
  intent, confidence, locale: 'bn', script: 'bengali', candidates: [], parameters: {}, source: 'local', ...extra,
});
const change = (result: NluResult, text: string) => isTopicChange({ nlu: result, text, waitingFlowId: 'delivery_charge', flowOf: (i) => FLOWS[i] });

describe('a message typed while a flow waits for an answer', () => {
  it('is a new question when another flow\'s intent is accepted and the message asks something', () => {
    expect(change(nlu('delivery_time', 0.5), 'ডেলিভারি কতদিনে পাবো?')).toBe(true);
    expect(change(nlu('delivery_time', 0.5), 'koy din lagbe delivery')).toBe(true);
    expect(change(nlu('delivery_time', 0.5), 'how long does it take')).toBe(true);
    expect(change(nlu('delivery_areas', 0.5), 'do you deliver to sylhet')).toBe(true);
  });

  it('is a new question when the NLU is sure of another flow, however it is worded', () => {
    expect(change(nlu('delivery_time', 0.9), 'delivery time please')).toBe(true);
  });

  it('is an attempt at an answer when it states something', () => {
    expect(change(nlu('delivery_areas', 0.55), 'i am in savar')).toBe(false);
    expect(change(nlu('delivery_areas', 0.55), 'savar?')).toBe(false);
    expect(change(nlu('delivery_areas', 0.55), 'ami savar e thaki')).toBe(false);
  });

  it('is not a new question for the waiting flow itself, for an unsure intent or for two close ones', () => {
    expect(change(nlu('delivery_charge', 0.95), 'how much is delivery?')).toBe(false);
    expect(change(nlu(null, 0.2), 'what is this?')).toBe(false);
    expect(change(nlu(null, 0.4, { didYouMean: ['delivery_time', 'delivery_areas'] }), 'kobe pabo?')).toBe(false);
  });

  it('takes an intent without a flow as another topic only when it comes with its own answer', () => {
    expect(change(nlu('smalltalk.weather', 0.9), 'how is the weather?')).toBe(false);
    expect(change(nlu('smalltalk.weather', 0.9, { fulfillmentText: 'Sunny' }), 'how is the weather?')).toBe(true);
  });
});

describe('looksLikeQuestion', () => {
  it.each(['when will it come?', 'কবে পাবো', 'কতদিনে আসবে', 'kobe pabo', 'can you send it today', 'what about bkash'])('%j is a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(true);
  });
  it.each(['inside', 'mirpur 10', 'ঢাকার বাইরে', 'i am in savar', 'savar?', 'kotha bolbo na', ''])('%j is not', (text) => {
    expect(looksLikeQuestion(text)).toBe(false);
  });
});
