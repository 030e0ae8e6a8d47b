import type { CustomerIdentifier, CustomerIdentity } from './identity';
import type { Locale } from './locale';
import type { SecretKind } from './secrets';

/**
 * Where a message came from / goes to: the name of a channel adapter (`simulator`,
 * `whatsapp-cloud`, `whatsapp-web`, ...). The list of channels is runtime/adapters.ts, not this
 * type; the engine never branches on it.
 */
export type ChannelName = string;

export type MediaKind = 'image' | 'audio' | 'voice' | 'video' | 'document' | 'sticker';

/** A pointer to media held by the channel; bytes are fetched only when someone needs them. */
export interface MediaRef {
  kind: MediaKind;
  mediaId?: string;
  url?: string;
  mimeType?: string;
  caption?: string;
  filename?: string;
  sha256?: string;
}

export interface Location {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

export interface SharedContact {
  name: string;
  phones: string[];
}

/** One line of a cart the customer sent from the shop's WhatsApp catalogue. */
export interface CatalogOrderItem {
  /** The shop's own product id (retailer id) in the catalogue. */
  productId: string;
  quantity: number;
  /** Price of one, as the catalogue showed it. */
  unitPrice?: number;
  currency?: string;
}

/** What a customer sent, normalised at the channel edge (see STYLE.md: one Activity shape). */
export type InboundContent =
  | { type: 'text'; text: string }
  /** A reply button, a list row or a template quick-reply: `id` is what the flow acts on. */
  | { type: 'button'; id: string; title?: string }
  | { type: 'media'; media: MediaRef }
  | { type: 'location'; location: Location }
  /**
   * Contact cards. `origin: 'contact_request'`: the customer pressed WhatsApp's "share contact
   * info" button the bot sent, so the card is their own and its phone is theirs.
   */
  | { type: 'contacts'; contacts: SharedContact[]; origin?: 'contact_request' }
  | { type: 'reaction'; messageId: string; emoji: string }
  /** A cart sent from the shop's catalogue: people confirm stock, delivery and payment. */
  | { type: 'order'; catalogId?: string; items: CatalogOrderItem[]; note?: string }
  /** Something the channel delivered that we cannot use (kept for the agent, logged). */
  | { type: 'unsupported'; originalType: string; detail?: string }
  /** Channel notices (number changed, etc.): recorded, never answered. */
  | { type: 'system'; detail: string }
  /** The customer changed an earlier message of theirs (`messageId`); `content` is what it says now. */
  | { type: 'edit'; messageId: string; content: InboundContent }
  /** The customer deleted an earlier message of theirs for everyone. */
  | { type: 'revoke'; messageId: string }
  /** The customer opened the chat for the first time (WhatsApp's `request_welcome`): greet them. */
  | { type: 'welcome' }
  /** The customer stopped or resumed marketing messages in WhatsApp's settings. */
  | { type: 'preference'; marketing: 'stop' | 'resume'; detail?: string };

/**
 * Kinds that change what the bot already knows (an earlier message, the customer's settings)
 * rather than say something new: recorded where they belong, never answered, and they neither
 * open a conversation nor WhatsApp's 24-hour window.
 */
export type CustomerNotice = Extract<InboundContent, { type: 'edit' | 'revoke' | 'preference' }>;

export function isCustomerNotice(content: InboundContent): content is CustomerNotice {
  return content.type === 'edit' || content.type === 'revoke' || content.type === 'preference';
}

export interface InboundMessage {
  /** The channel's own message id (WhatsApp `wamid`); with the channel, the dedupe key (`storedMessageId`). */
  id: string;
  channel: ChannelName;
  /**
   * The customer's address on that channel: a phone number without '+' when the channel gave
   * one, else another identifier (a WhatsApp BSUID for a customer who hides their number).
   */
  from: string;
  profileName?: string;
  /** Every identifier the channel sent for the sender, and their username (absent: `from` only). */
  identity?: CustomerIdentity;
  /** Epoch milliseconds when the customer sent it. */
  timestamp: number;
  content: InboundContent;
  /** The id of an earlier message this one replies to (WhatsApp `context.id`). */
  replyTo?: string;
  /** Secrets masked out of the content before it was queued (domain/secrets.ts): the bot warns the customer. */
  secrets?: SecretKind[];
}

/**
 * The id a customer's message is kept under, and deduplicated by: `channel:id`. A channel's ids
 * are unique within that channel only, and some channels let the sender choose (the simulator),
 * so an id predicted from another channel must not make the bot take a real WhatsApp message
 * for a redelivery and ignore it. Channel names contain no ':'.
 */
export function storedMessageId(message: Pick<InboundMessage, 'channel' | 'id'>): string {
  return `${message.channel}:${message.id}`;
}

/** The channel's own id of a stored customer message (what storedMessageId was given). */
export function channelMessageIdOf(stored: Pick<InboundMessage, 'channel' | 'id'>): string {
  const prefix = `${stored.channel}:`;
  return stored.id.startsWith(prefix) ? stored.id.slice(prefix.length) : stored.id;
}

export interface Button {
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  title?: string;
  rows: ListRow[];
}

/** What the bot or an agent sends. Channels convert it to their wire format. */
export type OutboundContent =
  | { type: 'text'; text: string }
  | { type: 'buttons'; text: string; buttons: Button[]; header?: string; footer?: string }
  | { type: 'list'; text: string; buttonLabel: string; sections: ListSection[]; header?: string; footer?: string }
  | { type: 'media'; media: MediaRef }
  | { type: 'template'; name: string; language: string; parameters: string[] }
  /**
   * Asks the customer for their phone number: WhatsApp's "share contact info" button on the
   * Cloud API, the text alone (answered by typing the number) on channels without one.
   */
  | { type: 'contact_request'; text: string };

/**
 * `sending`: claimed by one sender; nobody else sends it unless that claim grows stale.
 * `played`: a voice message the customer listened to (it was read too).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

/** `page`: the business's own account wrote from outside the bot (Meta Business Suite, the Page inbox). */
export type Sender = 'bot' | 'agent' | 'system' | 'page';

export interface OutboundMessage {
  /** Deterministic id (derived from the inbound message it answers) so a retried job sends once. */
  id: string;
  conversationId: string;
  channel: ChannelName;
  to: string;
  /** Every identifier known for the customer, so the channel can pick how to address them. */
  identifiers?: CustomerIdentifier[];
  content: OutboundContent;
  sender: Sender;
  agentId?: string;
  /** The inbound message this answers, when it answers one. */
  inReplyTo?: string;
  locale?: Locale;
  createdAt: number;
}

/** Plain text of any content, for transcripts, search and the NLU. */
export function contentText(content: InboundContent | OutboundContent): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'button':
      return content.title ?? content.id;
    case 'buttons':
    case 'list':
    case 'contact_request':
      return content.text;
    case 'media':
      return content.media.caption ?? '';
    case 'location':
      return [content.location.name, content.location.address].filter(Boolean).join(', ');
    case 'contacts':
      return content.contacts.map((c) => c.name).join(', ');
    case 'reaction':
      return content.emoji;
    case 'order':
      return describeCatalogOrder(content.items, content.note);
    case 'template':
      return `[template ${content.name}] ${content.parameters.join(' ')}`.trim();
    case 'unsupported':
    case 'revoke':
    case 'welcome':
      return '';
    case 'system':
      return content.detail;
    case 'edit':
      return contentText(content.content);
    case 'preference':
      return content.marketing === 'stop' ? 'Stopped marketing messages' : 'Resumed marketing messages';
  }
}

/**
 * "2 × SKU-1 (450 BDT), 1 × SKU-9 (1200 BDT) · total 2100 BDT · note": for agents and logs.
 * `maxLines` keeps a big cart's summary short ("… and 7 more"); the total covers every item.
 */
export function describeCatalogOrder(items: CatalogOrderItem[], note?: string, maxLines = Infinity): string {
  const shown = items.slice(0, maxLines);
  const more = items.length > shown.length ? ` and ${items.length - shown.length} more` : '';
  const lines = shown.map((i) => `${i.quantity} × ${i.productId}${i.unitPrice !== undefined ? ` (${i.unitPrice} ${i.currency ?? ''})`.replace(' )', ')') : ''}`);
  const priced = items.every((i) => i.unitPrice !== undefined) && new Set(items.map((i) => i.currency)).size === 1;
  const total = priced && items.length > 0 ? ` · total ${items.reduce((sum, i) => sum + i.unitPrice! * i.quantity, 0)} ${items[0].currency ?? ''}`.trimEnd() : '';
  return `${lines.join(', ')}${more}${total}${note?.trim() ? ` · ${note.trim()}` : ''}`;
}
