import type { Flow } from '../flowfiles/model';
import type { FlowRegistry } from '../flowfiles/registry';
import type { StepInput, ValidationInput } from '../flowfiles/schema';
import { nextStepId } from '../flowfiles/model';
import type { Logger } from '../observability/logger';
import { pickOption } from './pickOption';
import type { ButtonTarget } from './buttonIds';
import { evaluate } from './conditions';
import { interpolate, interpolateUrl } from '../flowfiles/interpolate';
import { localize } from '../conversation/localize';
import type { LookupClient } from './lookup';
import { renderMenu, renderQuestion, renderReply } from './renderStep';
import { systemText } from '../conversation/systemTexts';
import { templateValues, type Turn } from '../conversation/turn';
import { validateAnswer, type Answer } from './validateAnswer';

const DEFAULT_ASK_ATTEMPTS = 3;
// A flow whose gotos form a loop without a waiting step must not spin the worker forever.
const MAX_STEPS_PER_TURN = 50;

type ButtonAction = Pick<NonNullable<NonNullable<StepInput['reply']>['buttons']>[number], 'goto' | 'flow' | 'handoff' | 'menu'>;

export interface FlowRunnerDeps {
  flows: FlowRegistry;
  lookup: LookupClient;
  lookupTimeoutMs: number;
  logger: Logger;
}

/** Executes flow steps: starts flows, takes answers and button presses, runs until it must wait. */
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
    const { flow, step } = waiting;
    if (step.ask) {
      const verdict = validateAnswer(step.ask.validate, answer, turn.locale);
      if (!verdict.ok) return false;
      turn.conversation.values[step.ask.save] = verdict.value;
      this.advance(turn, flow, step.id);
      await this.run(turn);
      return true;
    }
    const options = step.reply?.buttons ?? step.reply?.list?.rows;
    if (options && 'text' in answer) {
      const hit = pickOption<(typeof options)[number]>(answer.text, options, (o) => [o.id, localize(o.title, turn.locale), localize(o.title, 'en'), localize(o.title, 'bn')]);
      if (hit) {
        await this.perform(turn, flow, hit);
        return true;
      }
    }
    return false;
  }

  /** The waiting `ask` step got an answer it cannot use: hint and ask again, or give up. */
  async reask(turn: Turn): Promise<void> {
    const waiting = this.waitingStep(turn);
    const position = turn.conversation.position;
    if (!waiting?.step.ask || !position) return;
    const { flow, step } = waiting;
    const ask = step.ask!;
    position.attempts += 1;
    if (position.attempts >= (ask.attempts ?? DEFAULT_ASK_ATTEMPTS)) {
      if (!ask.onFail || ask.onFail === 'handoff') {
        turn.conversation.position = undefined;
        turn.handoff = { trigger: 'ask-failed', reason: `Could not answer "${step.id}" in ${flow.id} after ${position.attempts} tries` };
        return;
      }
      this.goto(turn, ask.onFail);
      await this.run(turn);
      return;
    }
    const hint = ask.hint ? localize(ask.hint, turn.locale) : systemText('retryAsk', turn.locale);
    turn.replies.push({ type: 'text', text: interpolate(hint, templateValues(turn)) });
    const question = interpolate(localize(ask.text, turn.locale), templateValues(turn));
    turn.replies.push(renderQuestion(flow, step.id, question, ask.validate, turn.locale));
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
    await this.perform(turn, flow, option);
    return true;
  }

  private async perform(turn: Turn, flow: Flow, action: ButtonAction): Promise<void> {
    if (action.goto) {
      this.goto(turn, action.goto);
      await this.run(turn);
    } else if (action.flow) {
      await this.start(turn, action.flow);
    } else if (action.handoff) {
      turn.conversation.position = undefined;
      turn.handoff = { trigger: 'flow', ...action.handoff, text: action.handoff.text ? localize(action.handoff.text, turn.locale) : undefined };
    } else {
      turn.conversation.position = undefined;
      turn.replies.push(renderMenu(this.deps.flows.current, turn.locale));
    }
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
      const values = templateValues(turn);
      const say = (t: Parameters<typeof localize>[0]) => interpolate(localize(t, turn.locale), values);
      if (step.reply) {
        turn.replies.push(...renderReply(flow, step.id, step.reply, turn.locale, values));
        if (step.reply.buttons || step.reply.list) {
          position.awaiting = true;
          return;
        }
        this.advance(turn, flow, step.id);
      } else if (step.ask) {
        const given = this.prefilled(turn, step.ask.validate);
        if (given !== undefined) {
          turn.conversation.values[step.ask.save] = given;
          this.advance(turn, flow, step.id);
          continue;
        }
        turn.replies.push(renderQuestion(flow, step.id, say(step.ask.text), step.ask.validate, turn.locale));
        position.awaiting = true;
        position.attempts = 0;
        return;
      } else if (step.branch) {
        const hit = step.branch.cases.find((c) => evaluate(c.when, turn.conversation.values));
        this.goto(turn, hit ? hit.goto : step.branch.otherwise);
      } else if (step.lookup) {
        const spec = step.lookup;
        const result = await this.deps.lookup({
          url: interpolateUrl(spec.url, values),
          method: spec.method,
          headers: spec.headers,
          body: spec.method === 'POST' ? turn.conversation.values : undefined,
          timeoutMs: spec.timeoutMs ?? this.deps.lookupTimeoutMs,
        });
        if (result.status === 'ok') {
          turn.conversation.values[spec.save] = result.data;
          this.advance(turn, flow, step.id);
        } else {
          turn.conversation.values[`${spec.save}_error`] = result.status === 'error' ? result.reason : 'not found';
          this.goto(turn, result.status === 'not-found' ? spec.onNotFound ?? spec.onError : spec.onError);
        }
      } else if (step.handoff) {
        turn.conversation.position = undefined;
        turn.handoff = { trigger: 'flow', ...step.handoff, text: step.handoff.text ? say(step.handoff.text) : undefined };
        return;
      } else if (step.end) {
        if (step.end.text) turn.replies.push({ type: 'text', text: say(step.end.text) });
        turn.conversation.position = undefined;
        return;
      } else if (step.menu) {
        turn.conversation.position = undefined;
        turn.replies.push(renderMenu(this.deps.flows.current, turn.locale, say(step.menu.text)));
        return;
      }
    }
    this.deps.logger.error('flow ran too many steps without waiting; stopped', { flowId: turn.conversation.position?.flowId });
    turn.conversation.position = undefined;
  }

  /** The answer already in the message that started the flow, for formatted values only. */
  private prefilled(turn: Turn, rule: ValidationInput | undefined): string | number | undefined {
    const text = turn.prefill;
    turn.prefill = undefined;
    // Free text and choices would swallow the question itself as the answer.
    if (!text || !rule || !('pattern' in rule || 'email' in rule || 'phone' in rule)) return undefined;
    const verdict = validateAnswer(rule, { text }, turn.locale);
    return verdict.ok ? verdict.value : undefined;
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
