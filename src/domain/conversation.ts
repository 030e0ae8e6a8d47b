import type { ChannelName } from './message';
import type { Locale } from './locale';
import type { OutboundEntry } from './transcript';

/** Who may answer the customer right now. The bot answers only when it owns the chat. */
export type ConversationOwner = 'bot' | 'queue' | 'agent';

/** Values the bot collected: answers to `ask` steps, lookup results, NLU parameters. */
export type CollectedValues = Record<string, unknown>;

/** Where a conversation stands inside a flow, pinned to the flow version it started on. */
export interface FlowPosition {
  flowId: string;
  stepId: string;
  /** Content hash of the flow file when this run started (hot reload keeps old runs on it). */
  flowVersion: string;
  /** True when the step has been shown and the bot is waiting for the customer's answer. */
  awaiting: boolean;
  /** Failed answers to the current `ask` step. */
  attempts: number;
}

export interface MatchedIntent {
  intent: string;
  confidence: number;
  at: number;
}

/**
 * Facts kept on the conversation as messages arrive, so reports read one document per
 * conversation instead of scanning every message.
 */
export interface ConversationFacts {
  /** Customer messages in this conversation. */
  inbound: number;
  /** Customer texts the bot could not match to anything. */
  unmatched: number;
  /** Times this conversation was handed to people. */
  handoffs: number;
  firstCustomerMessageAt?: number;
  /** The bot's first answer (first response time = this minus firstCustomerMessageAt). */
  firstReplyAt?: number;
  /** The first intent the bot recognised: what the conversation was about. */
  firstIntent?: string;
}

export interface Conversation {
  id: string;
  /** `${channel}:${address}`: one customer on one channel. */
  customerId: string;
  channel: ChannelName;
  address: string;
  locale: Locale;
  owner: ConversationOwner;
  agentId?: string;
  handoffId?: string;
  status: 'open' | 'closed';
  position?: FlowPosition;
  values: CollectedValues;
  /** Consecutive messages the bot did not understand. */
  misses: number;
  intents: MatchedIntent[];
  /** The last inbound message whose effects were saved; a replay of it must not advance again. */
  lastInboundId?: string;
  /**
   * The replies of that message, saved in the same atomic write as the state they follow
   * from, so a worker that dies after the save still sends them when the job is retried.
   */
  pendingReplies?: OutboundEntry[];
  /** When the customer was last told they are waiting for a person (to avoid repeating it). */
  queueNoticeAt?: number;
  /** A "How did we do?" question is open for this closed handoff. */
  csat?: { handoffId: string; askedAt: number; stage: 'rating' | 'comment'; invalidAnswers: number };
  /**
   * The options of the last menu the bot showed outside a flow step (main menu, "talk to a
   * person?"), so a customer can answer "2" or type a title — the only way on whatsapp-web.
   */
  lastOptions?: { id: string; title: string }[];
  facts?: ConversationFacts;
  /** Sentiment of the latest customer text (-1..1), as the NLU judged it. */
  sentiment?: number;
  lastCustomerMessageAt?: number;
  /**
   * The last time a reply could not go out because the 24-hour window had closed and the
   * re-engagement template was sent instead; the chat waits for the customer to write again.
   */
  reengagement?: { template: string; at: number; messageId: string };
  createdAt: number;
  updatedAt: number;
  closedAt?: number;
  /** When its transcript, values and notes were removed (retention or erasure): only facts are left. */
  redactedAt?: number;
  /** Optimistic-concurrency counter: a save succeeds only against the version it read. */
  version: number;
}

export function customerIdOf(channel: ChannelName, address: string): string {
  return `${channel}:${address}`;
}
