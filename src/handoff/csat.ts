import type { Locale } from '../domain/locale';
import type { OutboundContent } from '../domain/message';
import { toAsciiDigits } from '../domain/text';
import type { Store } from '../store/port';
import { systemText } from '../conversation/systemTexts';
import type { Turn } from '../conversation/turn';
import type { SurveyAnswer } from '../conversation/handoffPort';

export const CSAT_BUTTON_PREFIX = 'csat:';

const LABELS: Record<Locale, string[]> = {
  en: ['Bad', 'Poor', 'Okay', 'Good', 'Excellent'],
  bn: ['খুব খারাপ', 'খারাপ', 'মোটামুটি', 'ভালো', 'চমৎকার'],
};

/** "How did we do?" as a list of 1-5, best first, in the customer's language. */
export function csatQuestion(locale: Locale, _handoffId: string): OutboundContent {
  const rows = [5, 4, 3, 2, 1].map((score) => ({
    id: `${CSAT_BUTTON_PREFIX}${score}`,
    title: `${locale === 'bn' ? '০১২৩৪৫'[score] : score} ${'⭐'.repeat(score)}`,
    description: LABELS[locale][score - 1],
  }));
  return { type: 'list', text: systemText('csatQuestion', locale), buttonLabel: systemText('csatButton', locale), sections: [{ rows }] };
}

/** A rating in a short answer: "4", "৪", "4 stars", "⭐⭐⭐", "csat:4". Null when there is none. */
export function parseRating(answer: string): number | null {
  const text = toAsciiDigits(answer.normalize('NFKC')).trim();
  if (text.startsWith(CSAT_BUTTON_PREFIX)) return parseRating(text.slice(CSAT_BUTTON_PREFIX.length));
  const stars = [...text].filter((ch) => ch === '⭐' || ch === '★').length;
  if (stars >= 1 && stars <= 5 && text.replace(/[⭐★\s\uFE0F]/gu, '') === '') return stars;
  if (text.length > 24) return null;
  const digits = text.match(/\d+/g);
  if (digits?.length !== 1) return null;
  const n = Number(digits[0]);
  return n >= 1 && n <= 5 ? n : null;
}

/**
 * Takes the customer's answer to an open survey. Returns true when the message was the
 * answer (or a polite refusal of a late one) and needs no other handling.
 */
export async function answerSurvey(store: Store, turn: Turn, input: SurveyAnswer, now: number, windowMs: number): Promise<boolean> {
  const conversation = turn.conversation;
  const pending = conversation.csat;
  const rating = input.buttonId ? parseRating(input.buttonId) : input.text ? parseRating(input.text) : null;
  const say = (key: Parameters<typeof systemText>[0]) => turn.replies.push({ type: 'text', text: systemText(key, turn.locale) });

  if (!pending) {
    // A press on an old survey: thank, do not store.
    if (input.buttonId?.startsWith(CSAT_BUTTON_PREFIX)) {
      say('csatClosed');
      return true;
    }
    return false;
  }
  if (now - pending.askedAt > windowMs) {
    conversation.csat = undefined;
    if (rating !== null && !input.isSomethingElse) {
      say('csatClosed');
      return true;
    }
    return false;
  }
  if (pending.stage === 'rating') {
    if (rating !== null) {
      const handoff = await store.handoffs.get(pending.handoffId);
      if (handoff?.csat) {
        say('csatAlready');
      } else if (handoff) {
        await store.handoffs.transition(handoff.id, 'closed', { csat: { score: rating, at: now, agentId: handoff.agentId, team: handoff.team } });
        say('csatThanks');
      }
      conversation.csat = { ...pending, stage: 'comment' };
      return true;
    }
    if (input.isSomethingElse || pending.invalidAnswers >= 1) {
      conversation.csat = undefined;
      return false;
    }
    conversation.csat = { ...pending, invalidAnswers: pending.invalidAnswers + 1 };
    say('csatInvalid');
    turn.replies.push(csatQuestion(turn.locale, pending.handoffId));
    return true;
  }
  // stage 'comment': a free text that is not a new question is the comment.
  conversation.csat = undefined;
  if (input.buttonId?.startsWith(CSAT_BUTTON_PREFIX)) {
    say('csatAlready');
    return true;
  }
  if (input.isSomethingElse || !input.text?.trim()) return false;
  const handoff = await store.handoffs.get(pending.handoffId);
  if (handoff?.csat) {
    await store.handoffs.transition(handoff.id, 'closed', { csat: { ...handoff.csat, comment: input.text.trim().slice(0, 2000) } });
    say('csatCommentThanks');
  }
  return true;
}
