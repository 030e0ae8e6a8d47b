import type { StepExecutor } from './stepExecutor';

/** `handoff`: ends the flow and asks for a person (team, priority, reason, the customer's notice). */
export const handoffStep: StepExecutor<'handoff'> = {
  run(context, handoff) {
    const { turn } = context;
    turn.conversation.position = undefined;
    turn.handoff = { trigger: 'flow', ...handoff, text: handoff.text ? context.say(handoff.text) : undefined };
    return 'stop';
  },
};
