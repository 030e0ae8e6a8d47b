import { localize } from '../../conversation/localize';
import type { StepInput } from '../../flowfiles/schema';
import { pickOption } from '../pickOption';
import { renderMenu, renderReply } from '../renderStep';
import type { StepContext, StepExecutor } from './stepExecutor';

/** What a button or list row of a reply does: exactly one of these. */
export type ButtonAction = Pick<NonNullable<NonNullable<StepInput['reply']>['buttons']>[number], 'goto' | 'flow' | 'handoff' | 'menu'>;

/** Carries out a pressed button or chosen list row. */
export async function performAction(context: StepContext, action: ButtonAction): Promise<void> {
  const { turn } = context;
  if (action.goto) {
    context.goto(action.goto);
    await context.runFromHere();
  } else if (action.flow) {
    await context.startFlow(action.flow);
  } else if (action.handoff) {
    turn.conversation.position = undefined;
    turn.handoff = { trigger: 'flow', ...action.handoff, text: action.handoff.text ? localize(action.handoff.text, turn.locale) : undefined };
  } else {
    turn.conversation.position = undefined;
    turn.replies.push(renderMenu(context.deps.flows.current, turn.locale));
  }
}

/** `reply`: says something (with media, buttons or a list); with options it waits for a choice. */
export const replyStep: StepExecutor<'reply'> = {
  run(context, reply) {
    const { turn, flow, step } = context;
    turn.replies.push(...renderReply(flow, step.id, reply, turn.locale, context.values));
    if (reply.buttons || reply.list) {
      turn.conversation.position!.awaiting = true;
      return 'stop';
    }
    context.advance();
    return 'next';
  },

  /** A typed answer to the options: "2", a title in any language, an id. */
  async answer(context, reply, answer) {
    const options = reply.buttons ?? reply.list?.rows;
    if (!options || !('text' in answer)) return false;
    const locale = context.turn.locale;
    const hit = pickOption<(typeof options)[number]>(answer.text, options, (o) => [o.id, localize(o.title, locale), localize(o.title, 'en'), localize(o.title, 'bn')]);
    if (!hit) return false;
    await performAction(context, hit);
    return true;
  },
};
