import { evaluate } from '../conditions';
import type { StepExecutor } from './stepExecutor';

/** `branch`: goes to the first case whose condition holds over the collected values, else `otherwise`. */
export const branchStep: StepExecutor<'branch'> = {
  run(context, branch) {
    const hit = branch.cases.find((c) => evaluate(c.when, context.turn.conversation.values));
    context.goto(hit ? hit.goto : branch.otherwise);
    return 'next';
  },
};
