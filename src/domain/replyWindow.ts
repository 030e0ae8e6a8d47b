/**
 * How long after a customer's last message a business may still write to them, per platform:
 * - WhatsApp: free-form for 24 hours, then only an approved template
 *   (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages#customer-service-windows);
 * - Messenger and Instagram: anything for 24 hours (standard messaging), then a person's reply
 *   with the HUMAN_AGENT tag for up to 7 days where the Page was granted that permission, then
 *   nothing until the customer writes again
 *   (https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags).
 */
export interface ReplyWindow {
  /** The platform's name, as agents know it: "WhatsApp", "Messenger", "Instagram". */
  platform: string;
  /** Free-form messages within this long of the customer's last message. */
  standardMs: number;
  /** After that and until this long, a person (never the bot) may still reply with the HUMAN_AGENT tag. */
  humanAgentMs?: number;
  /** Outside every window: an approved template may still go (WhatsApp), or nothing. */
  afterwards: 'template' | 'nothing';
}

const HOUR_MS = 3_600_000;

/** WhatsApp's rule, also the rule of channels that declare none (as before there were others). */
export const WHATSAPP_WINDOW: ReplyWindow = { platform: 'WhatsApp', standardMs: 24 * HOUR_MS, afterwards: 'template' };

/** Messenger and Instagram; `humanAgent` when the Page (or account) has the Human Agent permission. */
export function messengerPlatformWindow(platform: string, humanAgent: boolean): ReplyWindow {
  return { platform, standardMs: 24 * HOUR_MS, humanAgentMs: humanAgent ? 7 * 24 * HOUR_MS : undefined, afterwards: 'nothing' };
}

/**
 * Which rule a message written now falls under:
 * - `standard`: anyone may write anything until `until`;
 * - `human-agent`: only a person may write, tagged HUMAN_AGENT, until `until`;
 * - `template-only`: only an approved template goes;
 * - `closed`: nothing goes until the customer writes again.
 */
export type ReplyRule =
  | { rule: 'standard'; until: number }
  | { rule: 'human-agent'; until: number }
  | { rule: 'template-only' }
  | { rule: 'closed' };

export function replyRuleAt(window: ReplyWindow, lastCustomerMessageAt: number, now: number): ReplyRule {
  const standardEnd = lastCustomerMessageAt + window.standardMs;
  if (now < standardEnd) return { rule: 'standard', until: standardEnd };
  if (window.humanAgentMs !== undefined && now < lastCustomerMessageAt + window.humanAgentMs) {
    return { rule: 'human-agent', until: lastCustomerMessageAt + window.humanAgentMs };
  }
  return window.afterwards === 'template' ? { rule: 'template-only' } : { rule: 'closed' };
}

/** Whether a person's free-form reply (text or attachment) may go under this rule. */
export function agentMayWrite(rule: ReplyRule): boolean {
  return rule.rule === 'standard' || rule.rule === 'human-agent';
}

/** One sentence for the agent: which rule applies and what it allows. */
export function describeReplyRule(window: ReplyWindow, rule: ReplyRule, hoursSinceCustomer: number): string {
  const { platform } = window;
  switch (rule.rule) {
    case 'standard':
      return `${platform}: within 24 hours of the customer's last message, anything may be sent.`;
    case 'human-agent':
      return `${platform}: more than 24 hours since the customer wrote (${hoursSinceCustomer} hours). Only a person may reply now, for up to 7 days after the customer's last message; your replies go with the HUMAN_AGENT tag.`;
    case 'template-only':
      return `The customer last wrote ${hoursSinceCustomer} hours ago. ${platform} allows free replies only within 24 hours of the customer's last message; send an approved template instead.`;
    case 'closed':
      return window.humanAgentMs !== undefined
        ? `The customer last wrote ${hoursSinceCustomer} hours ago. ${platform} allows replies only within 7 days of the customer's last message (24 hours, then a person's reply with the HUMAN_AGENT tag); wait until the customer writes again.`
        : `The customer last wrote ${hoursSinceCustomer} hours ago. ${platform} allows replies only within 24 hours of the customer's last message, and this Page is not set up for the Human Agent tag; wait until the customer writes again.`;
  }
}
