import { renderMenu } from '../renderStep';
import type { StepExecutor } from './stepExecutor';

/** `menu`: ends the flow with the main menu under its own text. */
export const menuStep: StepExecutor<'menu'> = {
  run(context, menu) {
    const { turn } = context;
    turn.conversation.position = undefined;
    turn.replies.push(renderMenu(context.deps.flows.current, turn.locale, context.say(menu.text)));
    return 'stop';
  },
};
