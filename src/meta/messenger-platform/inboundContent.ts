import type { InboundContent, MediaKind, MediaRef, OutboundContent } from '../../domain/message';
import { isRecord, readArray, readNumber, readRecord, readString, type JsonRecord } from '../jsonShape';

/**
 * The content of a Messenger Platform `message` → InboundContent, one per part: a text, then
 * one per attachment (Messenger sends several photos in one message). Attachment shapes per
 * https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
 * and the Instagram messaging webhook reference. Anything unknown is kept for the agent as
 * `unsupported` with its type, never dropped or thrown.
 */
export interface ContentPart {
  /** Added to the message id for every part after the first (`<mid>#2`), so each part is one job. */
  suffix: string;
  content: InboundContent;
}

const MEDIA_KINDS: Record<string, MediaKind> = { image: 'image', audio: 'audio', video: 'video', file: 'document' };

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

/** Messenger's "like" (thumbs up) and other stickers come as an image with a sticker id. */
function media(type: string, attachment: JsonRecord): InboundContent | undefined {
  const payload = readRecord(attachment, 'payload');
  const url = readString(payload, 'url');
  if (!url) return undefined;
  const sticker = readNumber(payload, 'sticker_id') !== undefined;
  return { type: 'media', media: compact<MediaRef>({ kind: sticker ? 'sticker' : MEDIA_KINDS[type], url, caption: readString(attachment, 'title') }) };
}

function location(attachment: JsonRecord): InboundContent | undefined {
  const coordinates = readRecord(readRecord(attachment, 'payload'), 'coordinates');
  const latitude = readNumber(coordinates, 'lat');
  const longitude = readNumber(coordinates, 'long');
  if (latitude === undefined || longitude === undefined) return undefined;
  return { type: 'location', location: compact({ latitude, longitude, name: readString(attachment, 'title') }) };
}

/** A shared link (Messenger `fallback`), a shared post, reel or story: for the agent to open. */
function shared(kind: string, attachment: JsonRecord): InboundContent {
  const payload = readRecord(attachment, 'payload');
  const url = readString(payload, 'url') ?? readString(attachment, 'url') ?? readString(attachment, 'URL');
  const title = readString(payload, 'title') ?? readString(attachment, 'title');
  const detail = [title, url].filter(Boolean).join(' ') || undefined;
  return compact({ type: 'unsupported' as const, originalType: kind, detail });
}

/**
 * A story mention is the customer telling their followers about the shop, not a question: it is
 * recorded for the agents (with the story's short-lived link; Meta asks that the media itself
 * is not stored) and the bot stays silent.
 */
function storyMention(attachment: JsonRecord): InboundContent {
  const url = readString(readRecord(attachment, 'payload'), 'url');
  return { type: 'system', detail: `Mentioned the shop in their story${url ? `: ${url}` : ''}` };
}

function attachmentContent(raw: unknown): InboundContent {
  if (!isRecord(raw)) return { type: 'unsupported', originalType: 'attachment', detail: 'not an object' };
  const type = readString(raw, 'type') ?? 'unknown';
  if (type === 'location') return location(raw) ?? { type: 'unsupported', originalType: type, detail: 'a location without coordinates' };
  if (type === 'story_mention') return storyMention(raw);
  // Instagram's heart sticker carries no media: a sticker, which the bot leaves unanswered.
  if (type === 'like_heart') return { type: 'media', media: { kind: 'sticker', caption: '❤️' } };
  if (Object.hasOwn(MEDIA_KINDS, type)) return media(type, raw) ?? { type: 'unsupported', originalType: type, detail: `the ${type} has no link` };
  // fallback (a shared link), share (a post), ig_reel / reel, template (a product), and whatever comes next.
  return shared(type === 'fallback' ? 'link' : type, raw);
}

/** Text first, then each attachment; a message with neither is kept as `unsupported`. */
export function messageParts(message: JsonRecord): ContentPart[] {
  const parts: InboundContent[] = [];
  const text = readString(message, 'text');
  const attachments = readArray(message, 'attachments');
  // A shared link comes as its URL in `text` and again as a `fallback` attachment: one part, not two.
  const linkOnly = text !== undefined && attachments.some((a) => [readString(readRecord(a, 'payload'), 'url'), readString(a, 'url'), readString(a, 'URL')].includes(text.trim()));
  const quickReply = readString(readRecord(message, 'quick_reply'), 'payload');
  if (quickReply !== undefined) parts.push(compact({ type: 'button' as const, id: quickReply, title: text }));
  else if (text !== undefined && text.trim() !== '' && !linkOnly) parts.push({ type: 'text', text });
  for (const attachment of attachments) parts.push(attachmentContent(attachment));
  // Instagram: a message the API cannot show the business (a voice call, a poll...).
  if (parts.length === 0 && message.is_unsupported === true) parts.push({ type: 'unsupported', originalType: 'unsupported', detail: 'Instagram does not show this kind of message to the business' });
  if (parts.length === 0) parts.push({ type: 'unsupported', originalType: 'message', detail: 'a message without text or attachments' });
  return parts.map((content, index) => ({ suffix: index === 0 ? '' : `#${index + 1}`, content }));
}

/** What the Page itself sent (an echo) → how the transcript shows it. */
export function echoContent(message: JsonRecord): OutboundContent {
  const text = readString(message, 'text');
  if (text) return { type: 'text', text };
  const attachment = readArray(message, 'attachments')[0];
  const type = readString(attachment, 'type') ?? 'message';
  const payload = readRecord(attachment, 'payload');
  const url = readString(payload, 'url');
  if (url && Object.hasOwn(MEDIA_KINDS, type)) return { type: 'media', media: { kind: MEDIA_KINDS[type], url } };
  // A template the Page sent (buttons, a receipt...): its text, or what kind it was.
  return { type: 'text', text: readString(payload, 'text') ?? `[${readString(payload, 'template_type') ?? type}]` };
}
