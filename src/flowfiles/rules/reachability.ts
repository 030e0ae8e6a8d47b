import type { StepInput } from '../schema';
import { stepReferences } from '../crossCheck';
import { problemAt, type FlowRule } from './types';

/** Steps a step can lead to, including falling through to the next one in the file. */
function successors(step: StepInput, following: string | undefined): string[] {
  const targets = stepReferences(step).filter((r) => r.kind === 'step').map((r) => r.target);
  const waitsForButtons = !!(step.reply?.buttons || step.reply?.list);
  const fallsThrough = !step.branch && !step.handoff && !step.end && !step.menu && !waitsForButtons;
  if (fallsThrough && !step.next && following) targets.push(following);
  return targets;
}

/** A step no path reaches from the first one is dead text that ops think is live. */
export const unreachableSteps: FlowRule = (files) =>
  files.flatMap((file) => {
    const steps = file.definition.steps;
    const reached = new Set<string>([steps[0].id]);
    const pending = [steps[0].id];
    while (pending.length > 0) {
      const id = pending.pop()!;
      const index = steps.findIndex((s) => s.id === id);
      if (index < 0) continue;
      for (const next of successors(steps[index], steps[index + 1]?.id)) {
        if (!reached.has(next)) {
          reached.add(next);
          pending.push(next);
        }
      }
    }
    return steps.flatMap((s, i) =>
      reached.has(s.id) ? [] : [problemAt(file, ['steps', i, 'id'], `step "${s.id}" can never be reached`, 'point a goto, next or button at it, or delete it')],
    );
  });
