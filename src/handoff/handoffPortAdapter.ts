import type { HandoffPort } from '../conversation/handoffPort';
import type { Store } from '../store/port';
import { answerSurvey, CSAT_BUTTON_PREFIX } from './csat';
import type { HandoffIntake } from './handoffIntake';

/** The people's side as the bot sees it: the intake queues chats, the survey takes ratings. */
export function createHandoffPort(deps: { intake: HandoffIntake; store: Store; csatWindowMs: number }): HandoffPort {
  return {
    async request(turn, request, causeId, now, customer) {
      await deps.intake.request(turn, request, causeId, now, customer);
    },
    isSurveyButton: (buttonId) => buttonId.startsWith(CSAT_BUTTON_PREFIX),
    answerSurvey: (turn, answer, now) => answerSurvey(deps.store, turn, answer, now, deps.csatWindowMs),
  };
}
