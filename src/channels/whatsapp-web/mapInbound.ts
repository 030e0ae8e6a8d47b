import type { InboundContent, InboundMessage, MediaKind, MediaRef } from '../../domain/message';
import { addressOf } from './addresses';
import { parseVCards } from './vcard';

/**
 * A whatsapp-web.js `Message` → InboundMessage (STYLE.md: one normalised shape, built only at
 * the channel edge). Typed structurally with just the fields read here, so tests pass plain
 * objects shaped like the library's (its `Message._patch` in src/structures/Message.js is
 * the reference for what each field holds).
 */
export interface WebMessageLike {
  id: { _serialized: string };
  /** `<number>@c.us` for a person, `<id>@lid` for a person behind a privacy id, `@g.us` groups… */
  from: string;
  type: string;
  body?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  fromMe?: boolean;
  isStatus?: boolean;
  hasMedia?: boolean;
  hasQuotedMsg?: boolean;
  location?: { latitude: number | string; longitude: number | string; name?: string; address?: string } | null;
  vCards?: string[];
  /** The raw WhatsApp Web model; whatsapp-web.js exposes several fields only here. */
  _data?: {
    notifyName?: string;
    mimetype?: string;
    filename?: string;
    caption?: string;
    quotedStanzaID?: string;
    quotedParticipant?: string | { _serialized?: string };
  };
}

export interface MapInboundContext {
  /** The sender's phone-number id when `from` is a privacy id (`…@lid`) the channel could resolve. */
  senderJid?: string;
  /** Used only when a message carries no timestamp. */
  now?: () => number;
}

const MEDIA_KINDS: Record<string, MediaKind> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'voice', // "push to talk": a voice note recorded in the chat
  document: 'document',
  sticker: 'sticker',
};

/**
 * Types that are not something a customer said, dropped without a trace: security-code changes
 * (e2e_notification), group and broadcast bookkeeping, protocol messages. `ciphertext` is a
 * message not decrypted yet: whatsapp-web.js emits it again once it is, under the same id,
 * and queuing the placeholder would make the queue drop the real one as a duplicate. `album`
 * is only the envelope of several images, each of which arrives as its own `image` message.
 */
const DROPPED_TYPES = new Set([
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'group_notification',
  'broadcast_notification',
  'protocol',
  'debug',
  'ciphertext',
  'album',
]);

/** Notices worth keeping in the transcript for the agent, but never answered by the bot. */
const SYSTEM_DETAILS: Record<string, string> = {
  revoked: 'The customer deleted a message',
  call_log: 'The customer tried to call this number on WhatsApp',
};

/** Why a message is not for the bot at all, or null when it is. */
export function ignoreReason(message: WebMessageLike): string | null {
  if (message.fromMe) return 'sent by this account';
  const from = message.from ?? '';
  if (message.isStatus || from.endsWith('@broadcast')) return 'status or broadcast';
  if (from.endsWith('@g.us')) return 'group chat';
  if (from.endsWith('@newsletter')) return 'channel (newsletter)';
  if (!from.endsWith('@c.us') && !from.endsWith('@lid')) return `unknown chat kind "${from.split('@')[1] ?? from}"`;
  return null;
}

export function mapInbound(message: WebMessageLike, context: MapInboundContext = {}): InboundMessage | null {
  if (ignoreReason(message) !== null || DROPPED_TYPES.has(message.type)) return null;
  const seconds = Number(message.timestamp);
  const inbound: InboundMessage = {
    id: message.id._serialized,
    channel: 'whatsapp-web',
    from: addressOf(context.senderJid ?? message.from),
    timestamp: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : (context.now ?? Date.now)(),
    content: readContent(message),
  };
  const profileName = message._data?.notifyName?.trim();
  if (profileName) inbound.profileName = profileName;
  const replyTo = quotedId(message);
  if (replyTo) inbound.replyTo = replyTo;
  return inbound;
}

/**
 * A customer's edit or deletion of an earlier message of theirs, as a notice naming that
 * message (whatsapp-web.js keeps the message's id through both). Edits carry the new text; each
 * gets an id of its own, so a second edit of the same message is not taken for a duplicate.
 */
export function mapChange(change: { kind: 'edit'; message: WebMessageLike; newBody: string } | { kind: 'revoke'; message: WebMessageLike }, context: MapInboundContext = {}): InboundMessage | null {
  const { message } = change;
  if (ignoreReason(message) !== null) return null;
  const original = message.id._serialized;
  const at = (context.now ?? Date.now)();
  return {
    id: change.kind === 'edit' ? `edit:${original}:${at}` : `revoke:${original}`,
    channel: 'whatsapp-web',
    from: addressOf(context.senderJid ?? message.from),
    timestamp: at,
    content: change.kind === 'edit' ? { type: 'edit', messageId: original, content: { type: 'text', text: change.newBody } } : { type: 'revoke', messageId: original },
  };
}

function readContent(message: WebMessageLike): InboundContent {
  const type = message.type;
  if (type === 'chat') return { type: 'text', text: message.body ?? '' };
  if (Object.hasOwn(MEDIA_KINDS, type)) return { type: 'media', media: mediaRef(message, MEDIA_KINDS[type]) };
  if (type === 'location') return location(message);
  if (type === 'vcard' || type === 'multi_vcard') {
    const contacts = parseVCards(message.vCards ?? []);
    return contacts.length > 0 ? { type: 'contacts', contacts } : { type: 'unsupported', originalType: type, detail: 'no readable contact card' };
  }
  if (Object.hasOwn(SYSTEM_DETAILS, type)) return { type: 'system', detail: SYSTEM_DETAILS[type] };
  // Polls, orders, products, payments, group invites, events…: kept for the agent, not answered.
  return { type: 'unsupported', originalType: type || 'unknown' };
}

function mediaRef(message: WebMessageLike, kind: MediaKind): MediaRef {
  // The message id is the handle to fetch the bytes later (`message.downloadMedia()`).
  const ref: MediaRef = { kind, mediaId: message.id._serialized };
  const data = message._data ?? {};
  if (data.mimetype) ref.mimeType = data.mimetype;
  if (data.filename) ref.filename = data.filename;
  // `body` holds the caption only while the media is downloadable; otherwise whatsapp-web.js
  // puts WhatsApp's raw body there, which for images is a base64 thumbnail, not words.
  const caption = (data.caption ?? (message.hasMedia ? message.body : undefined))?.trim();
  if (caption) ref.caption = caption;
  return ref;
}

function location(message: WebMessageLike): InboundContent {
  const latitude = Number(message.location?.latitude);
  const longitude = Number(message.location?.longitude);
  if (!message.location || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return { type: 'unsupported', originalType: 'location', detail: 'the location has no coordinates' };
  }
  const { name, address } = message.location;
  return {
    type: 'location',
    location: { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) },
  };
}

/**
 * whatsapp-web.js gives only the raw id of the quoted message (`quotedStanzaID`). Serialised ids
 * are `<fromMe>_<chat>_<id>` (the same form as `sent.id._serialized`, which we keep as the
 * outbound `channelMessageId`), so it is rebuilt: in a one-to-one chat a quote whose author is
 * not the customer is one of ours.
 */
function quotedId(message: WebMessageLike): string | undefined {
  const stanzaId = message._data?.quotedStanzaID;
  if (!message.hasQuotedMsg || !stanzaId) return undefined;
  const raw = message._data?.quotedParticipant;
  const participant = typeof raw === 'string' ? raw : raw?._serialized;
  if (!participant) return stanzaId;
  return `${participant !== message.from}_${message.from}_${stanzaId}`;
}
