import type { FlowFileInput, StepInput } from './schema';

/** One validated flow, pinned to the content hash of the file it came from. */
export interface Flow {
  id: string;
  file: string;
  version: string;
  definition: FlowFileInput;
  steps: Map<string, StepInput>;
  /** Step ids in file order, to find the step after another. */
  order: string[];
}

/** Every flow loaded together; swapped as a whole on reload. */
export interface FlowSet {
  flows: Map<string, Flow>;
  /** intent id -> flow id */
  intentToFlow: Map<string, string>;
  /** Flows shown in the main menu, in menu order. */
  menu: Flow[];
  /** Combined hash of every file: changes when anything changes. */
  version: string;
  loadedAt: number;
  /** Synonym groups of every flow file, for the NLU. */
  synonyms: string[][];
  /** Messages no flow should answer (flows/nlu/out_of_scope.yaml), for the NLU. */
  outOfScope: string[];
  /** Names of other businesses and offices customers mention (flows/nlu/out_of_scope.yaml), for the NLU. */
  otherBusinesses?: string[];
  /** More phrasings of intents, from flows/nlu/<name>.yaml (trainingFile.ts). */
  trainingExamples?: { intent: string; file: string; examples: { en: string[]; bn: string[] } }[];
}

/** A problem in a flow file, pointing at the place to fix. */
export interface FlowProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export function formatProblem(p: FlowProblem): string {
  return `${p.file}:${p.line}:${p.column}  ${p.message}${p.hint ? `  (${p.hint})` : ''}`;
}

export class FlowLoadError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`Flow files have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'FlowLoadError';
  }
}

export function nextStepId(flow: Flow, stepId: string): string | undefined {
  const step = flow.steps.get(stepId);
  if (step?.next) return step.next;
  const index = flow.order.indexOf(stepId);
  return index >= 0 ? flow.order[index + 1] : undefined;
}
