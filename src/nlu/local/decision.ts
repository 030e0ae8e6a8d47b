import type { IntentScore } from '../port';
import type { ModelScores } from './intentModel';

/**
 * From the model's scores to what the bot does: answer an intent, ask which of two the
 * customer meant, or say it did not understand.
 *
 * Whether the message is in scope at all is read from the whole message, as the product of:
 *   - the probability that it is one of the intents (1 - the out-of-scope class's);
 *   - its coverage: "can you book me a hotel in cox's bazar" shares a place name with
 *     delivery_areas, but "book" and "hotel" are words no example uses;
 *   - the best intent's probability, and how much of one of that intent's examples the message
 *     holds (its containment; the square root, since a paraphrase rarely holds an example word
 *     for word): a question usually holds most of some example, and a long message that tells a
 *     story around the question holds as much of it as the bare question does. The cosine
 *     similarity used before fell with every word of context the customer added.
 * Which intent is the model's most probable one; a runner-up keeps its share of the score in
 * proportion to its probability. Two intents that split the probability between them say
 * which of them the customer means, not that the message is chatter: they lead to "did you
 * mean", not to "I didn't understand". Chatter scores low on at least one of the readings;
 * calibration.ts sets the line between.
 */
/** A small-talk intent this sure covers the whole message ("no, nothing else" is thanks). */
const WHOLE_MESSAGE = 0.9;

export interface DecisionRule {
  /** Lowest acceptance score that is answered (calibration.ts). */
  threshold: number;
  /** A runner-up at this share of the best one or more is close enough to ask between them. */
  askRatio: number;
}

export const DEFAULT_ASK_RATIO = 0.6;

export interface Decision {
  intent: string | null;
  confidence: number;
  /** Best first; confidences are acceptance scores. */
  candidates: IntentScore[];
  /** Two intents close enough that the bot asks which one the customer meant. */
  didYouMean?: string[];
}

/** How surely the message is one of the intents: what the calibration ranks out-of-scope messages by. */
export function acceptance(scores: ModelScores): number {
  const best = scores.ranked[0];
  if (!best) return 0;
  return (1 - scores.outOfScope) * scores.coverage * best.probability * Math.sqrt(best.containment);
}

export function decide(scores: ModelScores, smallTalk: ReadonlySet<string>, rule: DecisionRule, limit: number): Decision {
  const message = acceptance(scores);
  const bestProbability = scores.ranked[0]?.probability ?? 0;
  const ranked = scores.ranked
    .slice(0, Math.max(limit, 2))
    .map((c) => ({ intent: c.intent, confidence: round(bestProbability > 0 ? (message * c.probability) / bestProbability : 0) }));
  const candidates = preferSubstance(ranked, smallTalk, rule.threshold).slice(0, limit);
  const [best, next] = candidates;
  if (!best || best.confidence <= 0) return { intent: null, confidence: 0, candidates: [] };
  const close = next !== undefined && !smallTalk.has(best.intent) && !smallTalk.has(next.intent) && next.confidence >= rule.askRatio * best.confidence;
  if (close && best.confidence + next.confidence >= rule.threshold) {
    return { intent: null, confidence: best.confidence, candidates, didYouMean: [best.intent, next.intent] };
  }
  return { intent: best.confidence >= rule.threshold ? best.intent : null, confidence: best.confidence, candidates };
}

/**
 * "hi, where is my order?" is about the order. A small-talk intent on top that does not account
 * for the whole message gives way to the best other candidate that clears the line on its own.
 */
function preferSubstance(candidates: IntentScore[], smallTalk: ReadonlySet<string>, threshold: number): IntentScore[] {
  const top = candidates[0];
  if (!top || !smallTalk.has(top.intent) || top.confidence >= WHOLE_MESSAGE) return candidates;
  const substance = candidates.findIndex((c) => !smallTalk.has(c.intent) && c.confidence >= threshold);
  if (substance < 0) return candidates;
  return [candidates[substance] as IntentScore, ...candidates.filter((_, i) => i !== substance)];
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
