import type { Handoff } from '../../domain/handoff';
import type { Store } from '../../store/port';
import { customerView } from './customerView';
import { contentText } from '../../domain/message';
import type { TranscriptEntry } from '../../domain/transcript';
import type { Conversation } from '../../domain/conversation';
import type { ChannelName } from '../../domain/message';
import { agentMayWrite, describeReplyRule, replyRuleAt, WHATSAPP_WINDOW, type ReplyWindow } from '../../domain/replyWindow';

const TRANSCRIPT_LIMIT = 500;
const PREVIOUS_HANDOFFS = 10;
/** Earlier handoffs looked at to decide which earlier chats an agent may read (older ones stay hidden). */
const EARLIER_HANDOFFS_READ = 100;

/**
 * A customer's file for the console: where to fetch it, why there is none, or that its download
 * is under way. Undefined for a channel that fetches no files (the simulator): its media
 * reference is all there is.
 */
function mediaLine(m: TranscriptEntry, handoffId: string, mediaChannels: ReadonlySet<string>) {
  if (m.direction !== 'in' || m.content.type !== 'media' || m.deletedAt) return undefined;
  const state = m.media;
  if (!state) return mediaChannels.has(m.channel) ? { status: 'pending' as const } : undefined;
  return {
    status: state.status,
    size: state.size,
    mimeType: state.mimeType ?? m.content.media.mimeType,
    reason: state.reason,
    url: state.status === 'stored' ? `/api/handoffs/${encodeURIComponent(handoffId)}/media/${encodeURIComponent(m.id)}` : undefined,
  };
}

/** One transcript entry as the console shows it; in a handoff's context, with its file's link. */
export function transcriptLine(m: TranscriptEntry, handoffId?: string, mediaChannels: ReadonlySet<string> = new Set()) {
  return {
    id: m.id,
    direction: m.direction,
    sender: m.direction === 'in' ? 'customer' : m.sender,
    agentId: m.direction === 'out' ? m.agentId : undefined,
    type: m.content.type,
    text: contentText(m.content),
    content: m.content,
    at: new Date(m.createdAt).toISOString(),
    intent: m.direction === 'in' ? m.intent : undefined,
    status: m.direction === 'out' ? m.status : undefined,
    error: m.direction === 'out' ? m.error : undefined,
    sentAsTemplate: m.direction === 'out' ? m.sentAsTemplate : undefined,
    media: handoffId === undefined ? undefined : mediaLine(m, handoffId, mediaChannels),
    editedAt: m.direction === 'in' && m.editedAt ? new Date(m.editedAt).toISOString() : undefined,
    deletedAt: m.direction === 'in' && m.deletedAt ? new Date(m.deletedAt).toISOString() : undefined,
  };
}

/**
 * Which of the channel's rules applies to a reply written now (domain/replyWindow.ts), and in
 * one sentence what it allows: the console shows it above the reply box.
 */
function replyRuleOf(conversation: Conversation, window: ReplyWindow, now: number) {
  const last = conversation.lastCustomerMessageAt ?? conversation.createdAt;
  const rule = replyRuleAt(window, last, now);
  return {
    open: agentMayWrite(rule),
    rule: rule.rule,
    until: 'until' in rule ? new Date(rule.until).toISOString() : undefined,
    platform: window.platform,
    templates: window.afterwards === 'template',
    explanation: describeReplyRule(window, rule, Math.floor((now - last) / 3_600_000)),
  };
}

/** How the chat is shown: the reply rule of its channel, and which channels fetch customers' files. */
export interface ContextView {
  replyWindowOf?: (channel: ChannelName) => ReplyWindow;
  mediaChannels?: ReadonlySet<string>;
}

/** Which of a customer's earlier chats the viewer may read. */
export interface EarlierChatsAccess {
  /** Supervisors and admins: every earlier chat, those the bot handled alone included. */
  all: boolean;
  /** An agent: chats handed to one of their teams, or held by them. */
  mayRead(earlier: Handoff): boolean;
}

/**
 * The customer's earlier handoffs the viewer may read, and whether a conversation of this
 * customer is theirs to read (this chat's, or one of those): the transcript and the files
 * customers sent are shown by the same rule.
 */
export async function readableChats(store: Store, handoff: Handoff, access: EarlierChatsAccess): Promise<{ previous: Handoff[]; readable: (conversationId: string) => boolean }> {
  const handoffs = await store.handoffs.listByCustomer(handoff.customerId, EARLIER_HANDOFFS_READ);
  const previous = handoffs.filter((h) => h.id !== handoff.id && (access.all || access.mayRead(h)));
  const conversations = new Set([handoff.conversationId, ...previous.map((h) => h.conversationId)]);
  return { previous, readable: (conversationId) => access.all || conversations.has(conversationId) };
}

/**
 * Everything an agent needs to answer without making the customer repeat themselves. Of the
 * customer's earlier chats, only those `access` allows are listed and kept in the transcript:
 * what a customer told the billing team is not for the sales team to read.
 */
export async function handoffContext(store: Store, handoff: Handoff, access: EarlierChatsAccess, view: ContextView = {}) {
  const replyWindowOf = view.replyWindowOf ?? (() => WHATSAPP_WINDOW);
  const mediaChannels = view.mediaChannels ?? new Set<string>();
  const [conversation, customer, allMessages, { previous, readable }, agent] = await Promise.all([
    store.conversations.get(handoff.conversationId),
    store.customers.get(handoff.customerId),
    store.messages.listByCustomer(handoff.customerId, { limit: TRANSCRIPT_LIMIT }),
    readableChats(store, handoff, access),
    handoff.agentId ? store.agents.get(handoff.agentId) : Promise.resolve(null),
  ]);
  const transcript = allMessages.filter((m) => readable(m.conversationId));
  const replyRule = conversation && replyRuleOf(conversation, replyWindowOf(conversation.channel), Date.now());
  return {
    handoff: { ...handoff, agent: agent ? { id: agent.id, name: agent.name } : undefined },
    summary: handoff.summary,
    conversation: conversation && {
      id: conversation.id,
      channel: conversation.channel,
      owner: conversation.owner,
      locale: conversation.locale,
      values: conversation.values,
      intents: conversation.intents,
      sentiment: conversation.sentiment,
      lastCustomerMessageAt: conversation.lastCustomerMessageAt,
      // Same rule as the reply check: the channel's window runs from the customer's last message.
      windowOpen: replyRule!.open,
      replyRule,
      // Set while a re-engagement template went out in place of a reply and the customer has not answered.
      reengagement: conversation.reengagement && { ...conversation.reengagement, at: new Date(conversation.reengagement.at).toISOString() },
    },
    customer: customer && {
      ...customerView(customer),
      locale: customer.locale ?? conversation?.locale,
      tags: customer.tags,
      firstSeenAt: new Date(customer.createdAt).toISOString(),
      // What the customer chose in WhatsApp about marketing messages (none: never said).
      marketing: customer.marketing && { status: customer.marketing.status, at: new Date(customer.marketing.at).toISOString() },
    },
    transcript: transcript.map((m) => transcriptLine(m, handoff.id, mediaChannels)),
    previous: previous
      .slice(0, PREVIOUS_HANDOFFS)
      .map((h) => ({ id: h.id, queuedAt: new Date(h.queuedAt).toISOString(), status: h.status, reason: h.reason, resolution: h.resolution, team: h.team, csat: h.csat?.score })),
  };
}
