import type { Locale } from './locale';
import type { ChannelName } from './message';

export type HandoffStatus = 'queued' | 'claimed' | 'closed';
export type HandoffPriority = 'low' | 'normal' | 'high' | 'urgent';

/** The resolution HandoffDesk.handBack() records: the chat went on with the bot and no survey was sent. */
export const RETURNED_TO_BOT = 'returned to the bot';

export const PRIORITY_RANK: Record<HandoffPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Why the bot handed the chat to people. `erasure-request`: the customer asked to delete their data (admins only see it). */
export type HandoffTrigger = 'customer-request' | 'flow' | 'misunderstood' | 'ask-failed' | 'sentiment' | 'rule' | 'erasure-request';

export interface Handoff {
  id: string;
  conversationId: string;
  customerId: string;
  status: HandoffStatus;
  trigger: HandoffTrigger;
  reason: string;
  team: string;
  priority: HandoffPriority;
  queuedAt: number;
  claimedAt?: number;
  closedAt?: number;
  agentId?: string;
  resolution?: string;
  notes: HandoffNote[];
  csat?: CsatAnswer;
  /** When the wait passed the team's target (the chat was raised in priority). */
  slaBreachedAt?: number;
  /** When the claiming agent was last reminded of an unanswered chat. */
  remindedAt?: number;
  /** When an agent first answered the customer in this handoff. */
  firstAgentReplyAt?: number;
  /** Sentiment of the customer's messages when the chat was handed off (-1..1). */
  sentiment?: number;
  /** One paragraph for the agent: what the customer wanted and what the bot learned. */
  summary?: string;
  /** The customer's language when handed off. */
  locale?: Locale;
  /** The channel of the conversation (for reports by channel). */
  channel?: ChannelName;
  /** Optimistic-concurrency counter for guarded state changes. */
  version: number;
}

/** A private note of an agent on a handoff; never sent to the customer. */
export interface HandoffNote {
  id: string;
  agentId: string;
  text: string;
  at: number;
}

/** The customer's answer to "How did we do?" after a closed chat. */
export interface CsatAnswer {
  score: number;
  comment?: string;
  at: number;
  agentId?: string;
  team: string;
}
