import type { Conversation, CollectedValues } from '../domain/conversation';
import type { HandoffPriority, HandoffTrigger } from '../domain/handoff';
import type { Locale } from '../domain/locale';
import type { OutboundContent } from '../domain/message';

export interface HandoffRequest {
  trigger: HandoffTrigger;
  reason: string;
  team?: string;
  priority?: HandoffPriority;
  /** What to tell the customer instead of the standard "connecting you" text. */
  text?: string;
}

/** Everything one inbound message changes: built up by the engine and runner, saved at the end. */
export interface Turn {
  conversation: Conversation;
  locale: Locale;
  profileName?: string;
  replies: OutboundContent[];
  handoff?: HandoffRequest;
  /**
   * The message that started a flow. An `ask` for a formatted value (an order number, a phone
   * number, an e-mail) takes its answer from it when it is there: "where is my order 204518".
   */
  prefill?: string;
  /** The bot could not match the customer's text (counted for reports). */
  unmatched?: boolean;
  /** The customer's phone number, when the channel or an earlier answer gave it (`ask_phone` skips). */
  knownPhone?: string;
  /**
   * A phone number the customer gave in this turn, stored on the customer after it. `verified`:
   * WhatsApp sent it (the share-contact button), so it identifies them; a typed one does not.
   */
  sharedPhone?: { value: string; verified: boolean };
}

/** Values visible to `{{...}}` in texts: what was collected, plus the customer's name. */
export function templateValues(turn: Turn): CollectedValues {
  return { ...turn.conversation.values, customer: { name: turn.profileName ?? '' } };
}
