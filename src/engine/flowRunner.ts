import type { Flow } from '../flowfiles/model';
import type { StepInput, StepKind } from '../flowfiles/schema';
import { nextStepId } from '../flowfiles/model';
import { stepKindOf } from '../flowfiles/schema';
import { interpolate } from '../flowfiles/interpolate';
import type { ButtonTarget } from './buttonIds';
import { localize } from '../conversation/localize';
import { renderMenu } from './renderStep';
import { systemText } from '../conversation/systemTexts';
import { templateValues, type Turn } from '../conversation/turn';
import type { Answer } from './validateAnswer';
import { askQuestion, reask } from './steps/ask';
import { phoneQuestion } from './steps/askPhone';
import { performAction } from './steps/reply';
import type { StepContext, StepExecutor, StepOutcome, StepRunnerDeps } from './steps/stepExecutor';
import { STEP_EXECUTORS } from './steps/stepExecutors';

// A flow whose gotos form a loop without a waiting step must not spin the worker forever.
const MAX_STEPS_PER_TURN = 50;

/** One step the runner executed, answered or pressed a button of: what the Flows page's test chat shows. */
export interface FlowStepTrace {
  conversationId: string;
  flowId: string;
  stepId: string;
  kind: StepKind;
  /** ran: executed; answered: the message answered this waiting step; pressed: a button or row of it was tapped. */
  event: 'ran' | 'answered' | 'pressed';
}

export type FlowRunnerDeps = StepRunnerDeps & {
  /** Told of every step as it happens (the draft bot of the test chat listens; production does not). */
  onStep?: (trace: FlowStepTrace) => void;
};

/**
 * Executes flow steps: starts flows, takes answers and button presses, runs until it must
 * wait. What each kind of step does is its executor's (engine/steps/, one file per kind).
 */
export class FlowRunner {
  constructor(private readonly deps: FlowRunnerDeps) {}

  async start(turn: Turn, flowId: string): Promise<void> {
    const flow = this.deps.flows.current.flows.get(flowId);
    if (!flow) {
      turn.replies.push(renderMenu(this.deps.flows.current, turn.locale, systemText('staleButton', turn.locale)));
      turn.conversation.position = undefined;
      return;
    }
    turn.conversation.position = { flowId, stepId: flow.order[0], flowVersion: flow.version, awaiting: false, attempts: 0 };
    await this.run(turn);
  }

  /** The step the conversation is waiting on, if any. */
  waitingStep(turn: Turn): { flow: Flow; step: StepInput } | null {
    const position = turn.conversation.position;
    if (!position?.awaiting) return null;
    const flow = this.deps.flows.resolve(position.flowId, position.flowVersion);
    const step = flow?.steps.get(position.stepId);
    return flow && step ? { flow, step } : null;
  }

  /**
   * Offers the customer's message to the waiting step. Returns false when it is not an answer
   * to it (the engine then treats the message as a new question).
   */
  async answer(turn: Turn, answer: Answer): Promise<boolean> {
    const waiting = this.waitingStep(turn);
    if (!waiting) return false;
    const context = this.context(turn, waiting.flow, waiting.step);
    const kind = stepKindOf(waiting.step);
    const executor = STEP_EXECUTORS[kind] as StepExecutor<typeof kind>;
    if (!executor.answer) return false;
    this.trace(turn, waiting.flow, waiting.step, 'answered');
    return executor.answer(context, specOf(waiting.step, kind), answer);
  }

  /** The waiting question (`ask`, `ask_phone`) got an answer it cannot use: hint and ask again, or give up. */
  async reask(turn: Turn): Promise<void> {
    const waiting = this.waitingStep(turn);
    if (!waiting) return;
    const context = this.context(turn, waiting.flow, waiting.step);
    const { ask, ask_phone: askPhone } = waiting.step;
    if (ask) await reask(context, ask, askQuestion(context, ask));
    else if (askPhone) await reask(context, askPhone, phoneQuestion(context, askPhone));
  }

  /** A press of a button or list row that belongs to a flow step (possibly an old message). */
  async press(turn: Turn, target: Extract<ButtonTarget, { kind: 'step' | 'choice' }>): Promise<boolean> {
    const position = turn.conversation.position;
    const pinned = position?.flowId === target.flowId ? position.flowVersion : undefined;
    const flow = this.deps.flows.resolve(target.flowId, pinned);
    const step = flow?.steps.get(target.stepId);
    if (!flow || !step) return false;
    if (target.kind === 'choice') {
      const waitingHere = position?.awaiting && position.flowId === target.flowId && position.stepId === target.stepId;
      return waitingHere ? this.answer(turn, { choiceId: target.choiceId }) : false;
    }
    const option = [...(step.reply?.buttons ?? []), ...(step.reply?.list?.rows ?? [])].find((o) => o.id === target.buttonId);
    if (!option) return false;
    turn.conversation.position = { flowId: flow.id, stepId: step.id, flowVersion: flow.version, awaiting: false, attempts: 0 };
    this.trace(turn, flow, step, 'pressed');
    await performAction(this.context(turn, flow, step), option);
    return true;
  }

  /** Executes steps from the current position until one waits for the customer or the flow ends. */
  async run(turn: Turn): Promise<void> {
    for (let executed = 0; executed < MAX_STEPS_PER_TURN; executed++) {
      const position = turn.conversation.position;
      if (!position || position.awaiting) return;
      const flow = this.deps.flows.resolve(position.flowId, position.flowVersion);
      const step = flow?.steps.get(position.stepId);
      if (!flow || !step) {
        // The flow changed under a running conversation and its step is gone: start over politely.
        this.deps.logger.warn('flow step vanished; restarting conversation', { flowId: position.flowId, stepId: position.stepId });
        turn.conversation.position = undefined;
        turn.replies.push(renderMenu(this.deps.flows.current, turn.locale, systemText('restarted', turn.locale)));
        return;
      }
      if ((await this.runStep(this.context(turn, flow, step))) === 'stop') return;
    }
    this.deps.logger.error('flow ran too many steps without waiting; stopped', { flowId: turn.conversation.position?.flowId });
    turn.conversation.position = undefined;
  }

  private runStep(context: StepContext): StepOutcome | Promise<StepOutcome> {
    this.trace(context.turn, context.flow, context.step, 'ran');
    const kind = stepKindOf(context.step);
    const executor = STEP_EXECUTORS[kind] as StepExecutor<typeof kind>;
    return executor.run(context, specOf(context.step, kind));
  }

  private context(turn: Turn, flow: Flow, step: StepInput): StepContext {
    const values = templateValues(turn);
    return {
      turn,
      flow,
      step,
      deps: this.deps,
      values,
      say: (text) => interpolate(localize(text, turn.locale), values),
      advance: () => this.advance(turn, flow, step.id),
      goto: (stepId) => this.goto(turn, stepId),
      startFlow: (flowId) => this.start(turn, flowId),
      runFromHere: () => this.run(turn),
    };
  }

  private trace(turn: Turn, flow: Flow, step: StepInput, event: FlowStepTrace['event']): void {
    this.deps.onStep?.({ conversationId: turn.conversation.id, flowId: flow.id, stepId: step.id, kind: stepKindOf(step), event });
  }

  private goto(turn: Turn, stepId: string): void {
    const position = turn.conversation.position;
    if (!position) return;
    turn.conversation.position = { ...position, stepId, awaiting: false, attempts: 0 };
  }

  private advance(turn: Turn, flow: Flow, fromStepId: string): void {
    const next = nextStepId(flow, fromStepId);
    if (next) this.goto(turn, next);
    else turn.conversation.position = undefined;
  }
}

/** The step's own part for its kind (`step.reply` for a reply step...). */
function specOf<K extends StepKind>(step: StepInput, kind: K): NonNullable<StepInput[K]> {
  return step[kind] as NonNullable<StepInput[K]>;
}
