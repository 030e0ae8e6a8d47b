import type { Customer } from '../domain/customer';
import { phoneDigits } from '../domain/identity';
import { contentText, describeCatalogOrder, storedMessageId, type CatalogOrderItem, type InboundMessage, type SharedContact } from '../domain/message';
import type { FlowRegistry } from '../flowfiles/registry';
import type { Nlu, NluResult } from '../nlu/port';
import type { Store } from '../store/port';
import type { Logger } from '../observability/logger';
import { parseButtonId } from './buttonIds';
import type { FlowRunner } from './flowRunner';
import { matchGlobalCommand, type GlobalCommand } from './globalCommands';
import { renderDidYouMean, renderHumanOffer, renderMenu } from './renderStep';
import type { Flow } from '../flowfiles/model';
import { mediaName, systemText } from '../conversation/systemTexts';
import type { Turn } from '../conversation/turn';
import type { HandoffPort } from '../conversation/handoffPort';
import { pickOption } from './pickOption';
import { isTopicChange } from './topicChange';
import { unansweredKey } from '../domain/unanswered';

const MAX_REMEMBERED_INTENTS = 50;
/** The flow that greets a customer who opens the chat (flows/welcome.yaml), else the one that answers a greeting. */
const WELCOME_FLOW = 'welcome';
const GREETING_INTENT = 'greeting';

export interface BotTurnDeps {
  store: Store;
  nlu: Nlu;
  flows: FlowRegistry;
  runner: FlowRunner;
  logger: Logger;
  missesBeforeHuman: number;
  maxTextLength: number;
  clock: () => number;
  /** The people's side: survey answers go there. */
  handoffs: HandoffPort;
  /** NLU sentiment at or below which the customer is handed to a person. */
  sentimentThreshold: number;
  /** Team that confirms carts sent from the WhatsApp catalogue. */
  catalogOrderTeam: string;
}

/** What the bot does with one customer message in a conversation it owns. */
export class BotTurnHandler {
  constructor(private readonly deps: BotTurnDeps) {}

  /** Returns what the NLU made of the message, for the transcript. */
  async run(turn: Turn, message: InboundMessage, customer: Customer): Promise<{ intent?: string; confidence?: number } | undefined> {
    const content = message.content;
    if (message.secrets?.length) return this.onSecret(turn, message);
    switch (content.type) {
      case 'reaction':
      case 'system':
        return undefined; // acknowledged by nobody: WhatsApp users do not expect an answer
      case 'button':
        if (this.deps.handoffs.isSurveyButton(content.id)) {
          await this.deps.handoffs.answerSurvey(turn, { buttonId: content.id, isSomethingElse: false }, this.deps.clock());
          return undefined;
        }
        await this.onButton(turn, content.id);
        return undefined;
      case 'text':
        return this.onText(turn, content.text, customer);
      case 'order':
        this.onCatalogOrder(turn, content.items);
        return { intent: 'catalog_order', confidence: 1 };
      case 'welcome':
        return this.onWelcome(turn, message, customer);
      case 'contacts':
        if (content.origin === 'contact_request') return this.onSharedPhone(turn, content.contacts);
        this.cannotUse(turn, content.type);
        return undefined;
      case 'media':
        if (content.media.kind === 'sticker') return undefined;
        if (content.media.caption?.trim()) return this.onText(turn, content.media.caption, customer);
        this.cannotUse(turn, content.media.kind);
        return undefined;
      default:
        this.cannotUse(turn, content.type);
        return undefined;
    }
  }

  /**
   * A message that carried a PIN, a code, a card number or a password (masked before it got
   * here) gets one answer: the shop never needs it and did not keep it. The rest of the chat
   * stays where it was (a question the bot asked still waits for its answer).
   */
  private async onSecret(turn: Turn, message: InboundMessage): Promise<{ intent: string; confidence: number }> {
    const text = contentText(message.content).slice(0, this.deps.maxTextLength);
    if (text.trim()) {
      const nlu = await this.deps.nlu.detect({ text, conversationId: turn.conversation.id, previousLocale: turn.locale });
      if (nlu.script === 'bengali' || nlu.script === 'latin') turn.locale = nlu.locale;
    }
    turn.replies.push({ type: 'text', text: systemText('secretNotKept', turn.locale) });
    return { intent: 'secret-masked', confidence: 1 };
  }

  private async onText(turn: Turn, rawText: string, customer: Customer): Promise<{ intent?: string; confidence?: number }> {
    const text = rawText.slice(0, this.deps.maxTextLength);
    if (text.trim() === '') {
      turn.replies.push({ type: 'text', text: systemText('emptyMessage', turn.locale) });
      return {};
    }
    const nlu = await this.deps.nlu.detect({ text, conversationId: turn.conversation.id, previousLocale: turn.locale });
    if (nlu.script === 'bengali' || nlu.script === 'latin') turn.locale = nlu.locale;
    if (nlu.sentiment !== undefined) turn.conversation.sentiment = nlu.sentiment;

    const command = matchGlobalCommand(text);
    if (customer.optedOut && command !== 'stop') await this.deps.store.customers.update(customer.id, { optedOut: false });
    if (command) {
      turn.conversation.csat = undefined;
      await this.onCommand(turn, command, customer);
      return { intent: `command:${command}`, confidence: 1 };
    }
    // Asking for a person beats any open question, survey or intent: "agent please" in the middle
    // of an order-number question still reaches a person.
    if (nlu.handoffRequested) {
      turn.conversation.csat = undefined;
      turn.conversation.position = undefined;
      turn.conversation.misses = 0;
      turn.handoff = { trigger: 'customer-request', reason: nlu.source === 'local' ? 'The customer asked for a person' : 'The NLU recognised a request for a person' };
      return { intent: 'request:human', confidence: 1 };
    }
    if (await this.deps.handoffs.answerSurvey(turn, { text, isSomethingElse: nlu.intent !== null }, this.deps.clock())) {
      return { intent: 'csat', confidence: 1 };
    }
    const upset = nlu.sentiment !== undefined && nlu.sentiment <= this.deps.sentimentThreshold;

    const waiting = this.deps.runner.waitingStep(turn);
    if (waiting) {
      if (await this.deps.runner.answer(turn, { text })) {
        turn.conversation.misses = 0;
        return { intent: nlu.intent ?? undefined, confidence: nlu.confidence };
      }
      // A new question for another flow is answered; a poor answer gets the question again.
      const switching = isTopicChange({ nlu, text, waitingFlowId: waiting.flow.id, flowOf: (intent) => this.flowOf(intent) });
      if ((waiting.step.ask || waiting.step.ask_phone) && !switching && !upset) {
        await this.deps.runner.reask(turn);
        return { intent: nlu.intent ?? undefined, confidence: nlu.confidence };
      }
      turn.conversation.position = undefined;
    } else {
      const option = this.pickedOption(turn, text);
      if (option) {
        await this.onButton(turn, option.id);
        return { intent: `option:${option.id}`, confidence: 1 };
      }
    }
    // An upset customer whose question a flow answers gets that flow (it may hand off to the
    // right team itself); one the bot cannot place goes to a person at once.
    if (upset && !(nlu.intent && this.flowOf(nlu.intent))) {
      turn.conversation.position = undefined;
      turn.handoff = { trigger: 'sentiment', reason: 'The customer seems upset', text: systemText('upsetHandoff', turn.locale) };
      return { intent: nlu.intent ?? undefined, confidence: nlu.confidence };
    }
    await this.onQuestion(turn, nlu, text);
    return { intent: nlu.intent ?? undefined, confidence: nlu.confidence };
  }

  private async onQuestion(turn: Turn, nlu: NluResult, text: string): Promise<void> {
    const conversation = turn.conversation;
    const flowId = nlu.intent ? this.flowOf(nlu.intent) : undefined;
    if (nlu.intent && (flowId || nlu.fulfillmentText)) {
      conversation.misses = 0;
      conversation.intents = [...conversation.intents, { intent: nlu.intent, confidence: nlu.confidence, at: this.deps.clock() }].slice(-MAX_REMEMBERED_INTENTS);
      Object.assign(conversation.values, nlu.parameters);
      if (flowId) {
        turn.prefill = text;
        await this.deps.runner.start(turn, flowId);
        turn.prefill = undefined;
      }
      else turn.replies.push({ type: 'text', text: nlu.fulfillmentText! });
      return;
    }
    const choices = this.didYouMean(nlu);
    if (choices) {
      turn.replies.push(renderDidYouMean(choices, turn.locale));
      return;
    }
    conversation.misses += 1;
    turn.unmatched = true;
    // Kept for ops (npm run flows:gaps): the next intent to add is the most asked one here.
    const key = unansweredKey(text);
    if (key) await this.deps.store.unanswered.record({ key, text: text.slice(0, 500), at: this.deps.clock(), locale: turn.locale });
    if (conversation.misses >= this.deps.missesBeforeHuman) {
      turn.replies.push(renderHumanOffer(turn.locale));
    } else {
      turn.replies.push(renderMenu(this.deps.flows.current, turn.locale, systemText('notUnderstood', turn.locale)));
    }
  }

  private async onButton(turn: Turn, id: string): Promise<void> {
    const target = parseButtonId(id);
    turn.conversation.misses = 0;
    switch (target?.kind) {
      case 'menu':
        turn.conversation.position = undefined;
        turn.replies.push(renderMenu(this.deps.flows.current, turn.locale));
        return;
      case 'human':
        turn.handoff = { trigger: 'customer-request', reason: 'The customer pressed "Talk to a person"' };
        return;
      case 'flow':
        await this.deps.runner.start(turn, target.flowId);
        return;
      case 'step':
      case 'choice':
        if (await this.deps.runner.press(turn, target)) return;
        break;
    }
    this.deps.logger.info('unknown or stale button pressed', { buttonId: id.slice(0, 100) });
    turn.replies.push(renderMenu(this.deps.flows.current, turn.locale, systemText('staleButton', turn.locale)));
  }

  private async onCommand(turn: Turn, command: GlobalCommand, customer: Customer): Promise<void> {
    const conversation = turn.conversation;
    conversation.misses = 0;
    conversation.position = undefined;
    if (command === 'human') {
      turn.handoff = { trigger: 'customer-request', reason: 'The customer asked for a person' };
    } else if (command === 'menu') {
      turn.replies.push(renderMenu(this.deps.flows.current, turn.locale));
    } else if (command === 'erase') {
      // Nothing is deleted on a message alone: anyone holding the phone could send it.
      turn.handoff = { trigger: 'erasure-request', reason: 'The customer asked to delete their data', priority: 'high', text: systemText('erasureRequested', turn.locale) };
    } else if (command === 'restart') {
      conversation.values = {};
      turn.replies.push(renderMenu(this.deps.flows.current, turn.locale, systemText('restarted', turn.locale)));
    } else {
      await this.deps.store.customers.update(customer.id, { optedOut: true });
      turn.replies.push({ type: 'text', text: systemText('stopped', turn.locale) });
    }
  }

  /**
   * WhatsApp's `request_welcome`: the customer opened the chat for the first time and has not
   * written yet. The welcome flow greets them, once: a customer the bot already knows (any
   * earlier message, or a first message that beat this request) is not greeted again.
   */
  private async onWelcome(turn: Turn, message: InboundMessage, customer: Customer): Promise<{ intent?: string; confidence?: number } | undefined> {
    const newest = await this.deps.store.messages.listByCustomer(customer.id, { limit: 2 });
    if (newest.some((entry) => entry.id !== storedMessageId(message))) return undefined;
    const flows = this.deps.flows.current;
    const flowId = flows.flows.has(WELCOME_FLOW) ? WELCOME_FLOW : this.flowOf(GREETING_INTENT);
    if (flowId) await this.deps.runner.start(turn, flowId);
    else turn.replies.push(renderMenu(flows, turn.locale));
    return { intent: 'welcome', confidence: 1 };
  }

  /**
   * A cart from the catalogue is a sale waiting to be confirmed: stock, delivery charge and
   * payment are for people, so it goes straight to them, with the cart in the transcript.
   */
  private onCatalogOrder(turn: Turn, items: CatalogOrderItem[]): void {
    turn.conversation.position = undefined;
    const count = items.reduce((sum, i) => sum + i.quantity, 0);
    turn.conversation.values.catalog_order = { items, count };
    turn.handoff = {
      trigger: 'customer-request',
      reason: `Catalogue order: ${describeCatalogOrder(items, undefined, 5)}`,
      team: this.deps.catalogOrderTeam,
      priority: 'high',
      text: systemText('catalogOrderReceived', turn.locale, { count }),
    };
  }

  /**
   * The card the customer shared with WhatsApp's "share contact info" button: their number, from
   * WhatsApp. It answers a waiting `ask_phone` (or a phone `ask`); otherwise it is kept with thanks.
   */
  private async onSharedPhone(turn: Turn, cards: SharedContact[]): Promise<{ intent: string; confidence: number } | undefined> {
    const phone = cards.flatMap((card) => card.phones).map(phoneDigits).find((digits) => digits !== undefined);
    if (!phone) {
      turn.replies.push({ type: 'text', text: systemText('noPhoneInCard', turn.locale) });
      return undefined;
    }
    const answered = await this.deps.runner.answer(turn, { sharedPhone: phone });
    turn.sharedPhone = { value: phone, verified: true };
    if (!answered) turn.replies.push({ type: 'text', text: systemText('phoneShared', turn.locale) });
    turn.conversation.misses = 0;
    return { intent: 'shared_phone', confidence: 1 };
  }

  private cannotUse(turn: Turn, kind: string): void {
    turn.replies.push({ ...renderHumanOffer(turn.locale), text: systemText('cannotUseMedia', turn.locale, { kind: mediaName(kind, turn.locale) }) });
  }

  /** "2" or a title typed after a menu that no flow step is waiting on. */
  private pickedOption(turn: Turn, text: string): { id: string; title: string } | undefined {
    const options = turn.conversation.lastOptions;
    return options?.length ? pickOption(text, options, (o) => [o.title]) : undefined;
  }

  /**
   * The flows of two close intents, when both exist and differ: asking only makes sense then. Or
   * the one flow the NLU offers on its own (a request for a person it doubts, LocalNlu).
   */
  private didYouMean(nlu: NluResult): Flow[] | undefined {
    const offered = nlu.didYouMean ?? [];
    const flows = offered.map((intent) => this.flowOf(intent)).map((id) => (id ? this.deps.flows.current.flows.get(id) : undefined));
    const distinct = [...new Set(flows)];
    const needed = offered.length === 1 ? 1 : 2;
    return distinct.length >= needed && distinct.every((f): f is Flow => f !== undefined) ? distinct.slice(0, 2) : undefined;
  }

  private flowOf(intent: string): string | undefined {
    return this.deps.flows.current.intentToFlow.get(intent);
  }
}
