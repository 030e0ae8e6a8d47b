import { randomUUID } from 'node:crypto';
import type { Conversation } from '../domain/conversation';
import { isCustomerNotice, storedMessageId, type CustomerNotice, type InboundMessage } from '../domain/message';
import { maskInboundMessage } from '../domain/secrets';
import type { InboundEntry } from '../domain/transcript';
import { customerPhone, type Customer } from '../domain/customer';
import { CustomerIdentities } from '../conversation/customerIdentity';
import type { FlowRegistry } from '../flowfiles/registry';
import type { Nlu } from '../nlu/port';
import type { Store } from '../store/port';
import { VersionConflictError } from '../store/port';
import type { Logger } from '../observability/logger';
import type { LiveEvents } from '../events/port';
import { BotTurnHandler } from './botTurn';
import type { FlowRunner } from './flowRunner';
import type { Outbox } from '../conversation/outbox';
import { systemText } from '../conversation/systemTexts';
import type { Turn } from '../conversation/turn';
import type { HandoffPort } from '../conversation/handoffPort';
import type { MediaStore } from '../media/port';
import { CustomerNotices } from './customerNotices';
import { publishChatMessage } from '../conversation/chatEvents';

export interface EngineDeps {
  store: Store;
  nlu: Nlu;
  flows: FlowRegistry;
  runner: FlowRunner;
  outbox: Outbox;
  logger: Logger;
  missesBeforeHuman: number;
  maxTextLength: number;
  sentimentThreshold: number;
  /** Team that confirms carts sent from the WhatsApp catalogue. */
  catalogOrderTeam: string;
  /** The people's side: handoffs and survey answers go there, through this interface only. */
  handoffs: HandoffPort;
  /** The agent console hears about customer messages in chats that people own. */
  events: LiveEvents;
  /** Files customers sent: a deleted message's goes too. */
  media?: MediaStore;
  clock?: () => number;
}

export type HandleOutcome = 'handled' | 'duplicate' | 'to-people' | 'notice';

// How long before a customer waiting for a person is reminded again that they are waiting.
const QUEUE_NOTICE_INTERVAL_MS = 10 * 60 * 1000;
// A bot conversation silent this long is over; the next message starts a new one (reports count
// conversations, and a customer back next week has a new question).
const IDLE_CONVERSATION_MS = 24 * 3_600_000;
const MAX_CONFLICT_RETRIES = 3;

/**
 * One inbound message in, the conversation advanced, replies recorded and queued.
 * The queue guarantees one message per customer at a time; this class guarantees that a
 * message seen before produces no second reply, even when its first run died half way.
 */
export class ConversationEngine {
  private readonly clock: () => number;
  private readonly botTurn: BotTurnHandler;
  private readonly notices: CustomerNotices;
  private readonly identities: CustomerIdentities;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? Date.now;
    this.botTurn = new BotTurnHandler({ ...deps, clock: this.clock });
    this.notices = new CustomerNotices(deps);
    this.identities = new CustomerIdentities({ store: deps.store, logger: deps.logger });
  }

  async handle(received: InboundMessage): Promise<HandleOutcome> {
    const { store, logger } = this.deps;
    // Channels mask secrets before queuing; this covers any other way in (specs, replays).
    const message = maskInboundMessage(received);
    const log = logger.child({ messageId: message.id, channel: message.channel });
    if (message.secrets?.length) log.info('secrets masked out of a customer message', { kinds: message.secrets });
    const id = storedMessageId(message);
    const now = this.clock();
    // An edit, a deletion or a preference change: recorded, never answered (engine/customerNotices.ts).
    if (isCustomerNotice(message.content)) {
      // A preference is kept on the customer, whoever they are so far; an edit or a deletion is
      // about a message of a customer the bot knows.
      const customer = message.content.type === 'preference' ? await this.identities.resolve(message, now) : await this.identities.find(message);
      if (customer) await this.notices.apply(message as InboundMessage & { content: CustomerNotice }, customer.id);
      else log.info(`${message.content.type} from a customer the bot does not know; nothing to change`);
      return 'notice';
    }

    for (let attempt = 0; ; attempt++) {
      // Again on a retry: a merge of this customer's records is what changed the conversation.
      const customer = await this.identities.resolve(message, now);
      const conversation = (await this.openConversation(customer.id, now)) ?? (await this.open(customer, now));
      const entry = this.inboundEntry(message, conversation, now);
      const fresh = await store.messages.insertInbound(entry);
      if (!fresh) {
        const earlier = await store.messages.get(id);
        if (earlier?.direction === 'in' && earlier.handledAt) {
          log.info('duplicate message ignored');
          return 'duplicate';
        }
        if (conversation.lastInboundId === id) {
          // The first run saved its effects and died before sending: finish its work only.
          log.warn('resuming a message whose first run did not finish');
          const pending = conversation.pendingReplies ?? [];
          await this.deps.outbox.record(pending);
          await this.deps.outbox.dispatch(conversation.id, pending.map((e) => e.id), id);
          await store.messages.markHandled(id, now);
          return 'handled';
        }
      }
      try {
        return await this.process(message, conversation, customer, entry, now);
      } catch (error) {
        if (error instanceof VersionConflictError && attempt < MAX_CONFLICT_RETRIES) {
          log.info('conversation changed while handling a message; handling it again', { attempt });
          continue;
        }
        throw error;
      }
    }
  }

  private async process(message: InboundMessage, conversation: Conversation, customer: Customer, entry: InboundEntry, now: number): Promise<HandleOutcome> {
    const { store } = this.deps;
    const turn: Turn = {
      // The store hands out copies, so the turn may change this one freely.
      conversation,
      locale: conversation.locale,
      profileName: message.profileName ?? customer.profileName,
      replies: [],
      knownPhone: customerPhone(customer) ?? customer.statedPhone,
    };
    turn.conversation.lastCustomerMessageAt = message.timestamp;
    // The customer wrote again: the window is open and no re-engagement is outstanding.
    turn.conversation.reengagement = undefined;
    let outcome: HandleOutcome = 'handled';
    let nlu: { intent?: string; confidence?: number } | undefined;

    if (turn.conversation.owner === 'bot') {
      nlu = await this.botTurn.run(turn, message, customer);
      if (turn.handoff) await this.deps.handoffs.request(turn, turn.handoff, entry.id, now, customer);
      if (turn.replies.length > 0) turn.conversation.lastOptions = menuOptions(turn);
    } else {
      outcome = 'to-people';
      // The team scopes who hears about it: agents of other teams must not see this chat.
      await publishChatMessage(this.deps, conversation, now, { messageId: entry.id, direction: 'in' });
      const noticeDue = turn.conversation.owner === 'queue' && now - (turn.conversation.queueNoticeAt ?? 0) > QUEUE_NOTICE_INTERVAL_MS;
      // Even in a chat people hold, the customer learns at once that the secret was not kept.
      if (message.secrets?.length) turn.replies.push({ type: 'text', text: systemText('secretNotKept', turn.locale) });
      else if (noticeDue && message.content.type !== 'reaction' && message.content.type !== 'system' && message.content.type !== 'welcome') {
        turn.replies.push({ type: 'text', text: systemText('alreadyWaiting', turn.locale) });
        turn.conversation.queueNoticeAt = now;
      }
    }

    const entries = this.deps.outbox.build(turn.conversation, turn.replies, {
      causeId: entry.id,
      sender: 'bot',
      inReplyTo: entry.id,
      locale: turn.locale,
    });
    updateFacts(turn, message, entries.length > 0 && outcome === 'handled' ? now : undefined);
    turn.conversation.locale = turn.locale;
    turn.conversation.lastInboundId = entry.id;
    turn.conversation.pendingReplies = entries;
    turn.conversation.updatedAt = now;
    await store.conversations.save(turn.conversation);
    await this.deps.outbox.record(entries);
    await this.deps.outbox.dispatch(turn.conversation.id, entries.map((e) => e.id), entry.id);
    // After the save: a number shared with WhatsApp's button may merge this customer's records.
    if (turn.sharedPhone) await this.rememberPhone(customer, turn.sharedPhone, now);
    await store.messages.markHandled(entry.id, now, nlu);
    return outcome;
  }

  /** A number WhatsApp shared identifies the customer; a typed one is only kept for them. */
  private async rememberPhone(customer: Customer, phone: NonNullable<Turn['sharedPhone']>, now: number): Promise<void> {
    if (phone.verified) await this.identities.learn(customer.id, { identifiers: [{ kind: 'phone', value: phone.value }] }, now);
    else await this.identities.statePhone(customer.id, phone.value);
  }

  /** The customer's open conversation, unless it went idle while the bot owned it (then it is closed). */
  private async openConversation(customerId: string, now: number): Promise<Conversation | null> {
    const open = await this.deps.store.conversations.findOpen(customerId);
    if (!open || open.owner !== 'bot' || now - (open.lastCustomerMessageAt ?? open.updatedAt) < IDLE_CONVERSATION_MS) return open;
    try {
      await this.deps.store.conversations.save({ ...open, status: 'closed', closedAt: now, position: undefined });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
    return this.deps.store.conversations.findOpen(customerId);
  }

  private async open(customer: Customer, now: number): Promise<Conversation> {
    const conversation: Conversation = {
      id: randomUUID(),
      customerId: customer.id,
      channel: customer.channel,
      address: customer.address,
      locale: customer.locale ?? 'en',
      owner: 'bot',
      status: 'open',
      values: {},
      misses: 0,
      intents: [],
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    await this.deps.store.conversations.create(conversation);
    return conversation;
  }

  private inboundEntry(message: InboundMessage, conversation: Conversation, now: number): InboundEntry {
    const content =
      message.content.type === 'text' && message.content.text.length > 20000
        ? { type: 'text' as const, text: message.content.text.slice(0, 20000) }
        : message.content;
    return {
      id: storedMessageId(message),
      direction: 'in',
      conversationId: conversation.id,
      customerId: conversation.customerId,
      channel: message.channel,
      createdAt: now,
      content,
      replyTo: message.replyTo,
    };
  }
}


/** The options of the turn's last interactive reply, unless a flow step is waiting on them. */
function menuOptions(turn: Turn): { id: string; title: string }[] | undefined {
  if (turn.conversation.position?.awaiting || turn.conversation.owner !== 'bot') return undefined;
  const last = [...turn.replies].reverse().find((r) => r.type === 'buttons' || r.type === 'list');
  if (!last) return undefined;
  return last.type === 'buttons' ? last.buttons : last.type === 'list' ? last.sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title }))) : undefined;
}

function updateFacts(turn: Turn, message: InboundMessage, repliedAt: number | undefined): void {
  const c = turn.conversation;
  const facts = c.facts ?? { inbound: 0, unmatched: 0, handoffs: 0 };
  c.facts = {
    ...facts,
    inbound: facts.inbound + 1,
    unmatched: facts.unmatched + (turn.unmatched ? 1 : 0),
    handoffs: facts.handoffs + (turn.handoff ? 1 : 0),
    firstCustomerMessageAt: facts.firstCustomerMessageAt ?? message.timestamp,
    firstReplyAt: facts.firstReplyAt ?? repliedAt,
    firstIntent: facts.firstIntent ?? c.intents[0]?.intent,
  };
}
