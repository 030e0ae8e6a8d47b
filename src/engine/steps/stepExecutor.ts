import type { CollectedValues } from '../../domain/conversation';
import type { Turn } from '../../conversation/turn';
import type { Flow } from '../../flowfiles/model';
import type { FlowRegistry } from '../../flowfiles/registry';
import type { LocalizedTextInput, StepInput, StepKind } from '../../flowfiles/schema';
import type { Logger } from '../../observability/logger';
import type { LookupClient } from '../lookup';
import type { Answer } from '../validateAnswer';

export interface StepRunnerDeps {
  flows: FlowRegistry;
  lookup: LookupClient;
  lookupTimeoutMs: number;
  logger: Logger;
}

/** One step of one flow being executed in a customer's turn, and what a step may do to the run. */
export interface StepContext {
  turn: Turn;
  flow: Flow;
  step: StepInput;
  deps: StepRunnerDeps;
  /** What `{{...}}` reads: the collected values and the customer's name. */
  values: CollectedValues;
  /** A flow text in the customer's language, placeholders filled. */
  say(text: LocalizedTextInput): string;
  /** Moves to the step after this one, or ends the flow after the last. */
  advance(): void;
  goto(stepId: string): void;
  /** Starts another flow from its first step (and runs it). */
  startFlow(flowId: string): Promise<void>;
  /** Runs steps from the current position until one waits or the flow ends. */
  runFromHere(): Promise<void>;
}

/** After a step: go on with the step the position now names, or stop the turn here. */
export type StepOutcome = 'next' | 'stop';

/** How one kind of step runs; `spec` is the step's own part (`step.reply`, `step.lookup`, ...). */
export interface StepExecutor<K extends StepKind> {
  run(context: StepContext, spec: NonNullable<StepInput[K]>): StepOutcome | Promise<StepOutcome>;
  /**
   * For a step that waits for the customer: takes the message as its answer and carries on.
   * False when the message does not answer it (the bot then treats it as a new question).
   */
  answer?(context: StepContext, spec: NonNullable<StepInput[K]>, answer: Answer): boolean | Promise<boolean>;
}

/** One executor per step kind; the compiler insists every kind of the schema has one. */
export type StepExecutors = { [K in StepKind]: StepExecutor<K> };
