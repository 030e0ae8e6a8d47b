import type { NluResult } from '../nlu/port';

/**
 * While a flow waits for an answer ("Inside or outside Dhaka?"), a message that is not a valid
 * answer is either a poor attempt at one ("i am in savar": the hint and the question again) or
 * a new question ("ডেলিভারি কতদিনে পাবো?": the customer has moved on, answer that instead).
 *
 * A new question is an intent of another flow that the NLU accepted on its own (no "did you
 * mean") and that is either very sure, or worded as a question. Answers to a step are
 * statements (a place, a number, a name), so the question's shape is what tells them apart:
 * a place name alone can look like the delivery-areas intent as surely as a real question.
 */
// Sure enough on its own, whatever the wording ("what are your payment methods" needs no "?").
// A statement about the step ("phone number diye khuje nen" while the bot asks for the order
// number) can still lean on another intent's words ("phone number" -> talk_to_human, 0.77).
const SURE = 0.85;

/** Question words anywhere in the message, in the three ways customers write. */
const QUESTION_WORDS = new Set([
  // English
  'what', 'whats', "what's", 'how', 'when', 'where', 'which', 'why', 'who', 'whom', 'whose',
  // Bengali script
  'কী', 'কি', 'কত', 'কতো', 'কবে', 'কোথায়', 'কোথায়', 'কোথা', 'কীভাবে', 'কিভাবে', 'কেমনে', 'কেন', 'কোন', 'কোনটা', 'কে', 'নাকি',
  // Banglish
  'ki', 'kii', 'koto', 'kto', 'koy', 'koydin', 'kotodin', 'kobe', 'kothay', 'kothai', 'kothae', 'kivabe', 'kibhabe', 'kivbe', 'kemne', 'keno', 'kon', 'konta', 'naki',
]);
/** Question words that take suffixes: কতদিন, কতদিনে, কতটা, kotodine. */
const QUESTION_STEMS = ['কত', 'কবে', 'কীভাবে', 'কিভাবে', 'koto', 'kotodin', 'kobe', 'kivabe'];
/** English questions that open with a verb: "can you…", "do you…", "is there…". */
const OPENING_VERBS = new Set(['can', 'could', 'do', 'does', 'did', 'is', 'are', 'will', 'would', 'should', 'shall', 'may', 'have', 'has']);
const WORD = /[\p{L}\p{M}\p{N}'’]+/gu;

export interface TopicChangeInput {
  nlu: NluResult;
  text: string;
  /** The flow that is waiting for an answer. */
  waitingFlowId: string;
  /** The flow an intent starts, if any. */
  flowOf: (intent: string) => string | undefined;
}

/** Whether a message typed while a flow waits is a new question for another flow. */
export function isTopicChange({ nlu, text, waitingFlowId, flowOf }: TopicChangeInput): boolean {
  if (!nlu.intent || nlu.didYouMean?.length) return false;
  const flow = flowOf(nlu.intent);
  // An intent without a flow is another topic only when it has its own answer (Dialogflow's fulfillment).
  if (flow === waitingFlowId || (!flow && !nlu.fulfillmentText)) return false;
  return nlu.confidence >= SURE || looksLikeQuestion(text);
}

/**
 * A question mark (on more than one word: "savar?" is an answer said unsurely), a question word,
 * or an English sentence opening with a verb.
 */
export function looksLikeQuestion(text: string): boolean {
  const words = (text.toLowerCase().match(WORD) ?? []).map((w) => w.normalize('NFC'));
  if (words.length === 0) return false;
  if (/[?？]/.test(text) && words.length > 1) return true;
  if (OPENING_VERBS.has(words[0] as string)) return true;
  return words.some((w) => QUESTION_WORDS.has(w) || QUESTION_STEMS.some((stem) => w.startsWith(stem)));
}
