export type HandoffStatus = 'queued' | 'claimed' | 'closed';
export type HandoffPriority = 'low' | 'normal' | 'high' | 'urgent';

export const PRIORITY_RANK: Record<HandoffPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Why the bot handed the chat to people. */
export type HandoffTrigger = 'customer-request' | 'flow' | 'misunderstood' | 'ask-failed' | 'sentiment' | 'rule';

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
  /** Optimistic-concurrency counter for guarded state changes. */
  version: number;
}
