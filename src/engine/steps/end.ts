import type { StepExecutor } from './stepExecutor';

/** `end`: ends the flow, with a last word if it has one. */
export const endStep: StepExecutor<'end'> = {
  run(context, end) {
    const { turn } = context;
    if (end.text) turn.replies.push({ type: 'text', text: context.say(end.text) });
    turn.conversation.position = undefined;
    return 'stop';
  },
};
