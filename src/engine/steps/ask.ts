import { systemText } from '../../conversation/systemTexts';
import type { Turn } from '../../conversation/turn';
import type { OutboundContent } from '../../domain/message';
import type { StepInput } from '../../flowfiles/schema';
import { mentionedOption } from '../pickOption';
import { renderQuestion } from '../renderStep';
import { choiceNames, validateAnswer } from '../validateAnswer';
import type { StepContext, StepExecutor, StepOutcome } from './stepExecutor';

const DEFAULT_ASK_ATTEMPTS = 3;

type AskSpec = NonNullable<StepInput['ask']>;

/** `ask`: asks a question and waits for an answer that passes its validation, saved under `save`. */
export const askStep: StepExecutor<'ask'> = {
  run(context, ask) {
    return askUnlessKnown(context, ask.save, prefilled(context.turn, ask), () => askQuestion(context, ask));
  },

  async answer(context, ask, answer) {
    const verdict = validateAnswer(ask.validate, answer, context.turn.locale);
    if (!verdict.ok) return false;
    context.turn.conversation.values[ask.save] = verdict.value;
    context.advance();
    await context.runFromHere();
    return true;
  },
};

/** Saves a value the bot already has under `save` and goes on; else shows the question and waits. */
export function askUnlessKnown(context: StepContext, save: string, known: string | number | undefined, question: () => OutboundContent): StepOutcome {
  const { turn } = context;
  if (known !== undefined) {
    turn.conversation.values[save] = known;
    context.advance();
    return 'next';
  }
  turn.replies.push(question());
  const position = turn.conversation.position!;
  position.awaiting = true;
  position.attempts = 0;
  return 'stop';
}

/** What a waiting question does with answers it cannot use (`ask` and `ask_phone` share it). */
export type RetrySpec = Pick<AskSpec, 'hint' | 'attempts' | 'onFail'>;

/**
 * The waiting question got an answer it cannot use: a hint and `question` again, or give up
 * after `attempts` (hand over, or go to `onFail`).
 */
export async function reask(context: StepContext, spec: RetrySpec, question: OutboundContent): Promise<void> {
  const { turn, flow, step } = context;
  const position = turn.conversation.position!;
  position.attempts += 1;
  if (position.attempts >= (spec.attempts ?? DEFAULT_ASK_ATTEMPTS)) {
    if (!spec.onFail || spec.onFail === 'handoff') {
      turn.conversation.position = undefined;
      turn.handoff = { trigger: 'ask-failed', reason: `Could not answer "${step.id}" in ${flow.id} after ${position.attempts} tries` };
      return;
    }
    context.goto(spec.onFail);
    await context.runFromHere();
    return;
  }
  turn.replies.push({ type: 'text', text: context.say(spec.hint ?? systemText('retryAsk', turn.locale)) });
  turn.replies.push(question);
}

/** The question of an `ask` step as it is shown (again). */
export function askQuestion(context: StepContext, ask: AskSpec): OutboundContent {
  return renderQuestion(context.flow, context.step.id, context.say(ask.text), ask.validate, context.turn.locale);
}

/**
 * The answer already in the message that started the flow: a formatted value, or the one option
 * of a choice it names when the flow allows it (`prefill`). Free text would swallow the question
 * itself as the answer; so would a confirmation ("cancel my order" names "cancel").
 */
function prefilled(turn: Turn, ask: AskSpec): string | number | undefined {
  const text = turn.prefill;
  turn.prefill = undefined;
  const rule = ask.validate;
  if (!text || !rule) return undefined;
  if ('choice' in rule) {
    if (!ask.prefill) return undefined;
    // Not the ids: an id ("a", "opt_2") names the option for the flow file, not for the customer.
    return mentionedOption(text, rule.choice, choiceNames)?.id;
  }
  if (!('pattern' in rule || 'email' in rule || 'phone' in rule)) return undefined;
  const verdict = validateAnswer(rule, { text }, turn.locale);
  return verdict.ok ? verdict.value : undefined;
}
