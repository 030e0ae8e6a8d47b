import type { InboundContent, InboundMessage } from '../../domain/message';
import { isRecord, readArray, readNumber, readRecord, readString, type JsonRecord } from '../jsonShape';
import { WebhookPayloadError, type NormalizedDelivery } from '../webhookEndpoint';
import { echoContent, messageParts } from './inboundContent';
import type { MessengerPlatformProfile } from './platform';

/**
 * A Messenger Platform webhook delivery → messages, receipts and updates. Shape per
 * https://developers.facebook.com/docs/messenger-platform/webhooks#event-format:
 * `{ object: "page" | "instagram", entry: [{ id, time, messaging: [event] }] }`, one event per
 * `messaging[]` item, told apart by its field (Meta's webhook reference, one page each):
 * `message` (and its echo), `postback`, `reaction`, `read`, `delivery`, `message_edit`,
 * `referral`. Events a shop does not need (opt-ins, handover, account linking...) are logged
 * as ignored; an event missing the fields we need never fails the rest of the delivery.
 */

/** Sent as Send API `metadata` on everything the bot sends; its echo then needs no look-up. */
export const OWN_SEND_MARK = 'wabot';

const HANDLED = ['message', 'postback', 'reaction', 'read', 'delivery', 'message_edit', 'referral'] as const;

interface EventContext {
  profile: MessengerPlatformProfile;
  result: Required<NormalizedDelivery>;
  now: () => number;
}

/** Meta's Messenger timestamps are epoch milliseconds; tolerate seconds and ISO strings too. */
function epochMs(value: unknown, now: () => number): number {
  if (typeof value === 'string' && !/^\d+(\.\d+)?$/.test(value.trim())) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? now() : parsed;
  }
  const number = readNumber({ value }, 'value');
  if (number === undefined) return now();
  return number < 1e12 ? number * 1000 : number;
}

function message(id: string, from: string, at: number, content: InboundContent, ctx: EventContext, replyTo?: string): InboundMessage {
  const inbound: InboundMessage = { id, channel: ctx.profile.channel, from, timestamp: at, content };
  if (replyTo) inbound.replyTo = replyTo;
  return inbound;
}

/** "Came from the ad 1234 (ref summer_sale)": where an m.me link, an ad or a QR code brought the customer from. */
function referralText(referral: JsonRecord): string {
  const source = readString(referral, 'source');
  const parts = [
    source ? `source ${source.toLowerCase()}` : undefined,
    readString(referral, 'ad_id') ? `ad ${readString(referral, 'ad_id')}` : undefined,
    readString(referral, 'ref') ? `ref "${readString(referral, 'ref')}"` : undefined,
    readString(referral, 'referer_uri'),
  ].filter(Boolean);
  return `Opened the chat from a link or ad${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function readMessage(raw: JsonRecord, customer: string, at: number, ctx: EventContext): void {
  const mid = readString(raw, 'mid');
  if (!mid) {
    ctx.result.ignored.push({ field: 'message', reason: 'message without mid' });
    return;
  }
  const { channel } = ctx.profile;
  if (raw.is_echo === true) {
    if (readString(raw, 'metadata') === OWN_SEND_MARK) return; // the bot's own send: already in the transcript
    ctx.result.updates.push({ update: 'page-message', channel, customer, channelMessageId: mid, at, content: echoContent(raw) });
    return;
  }
  if (raw.is_deleted === true) {
    ctx.result.updates.push({ update: 'unsend', channel, customer, channelMessageId: mid, at });
    return;
  }
  const referral = readRecord(raw, 'referral');
  if (referral) ctx.result.messages.push(message(`${mid}#referral`, customer, at, { type: 'system', detail: referralText(referral) }, ctx));
  const replyTo = readRecord(raw, 'reply_to');
  const story = readRecord(replyTo, 'story');
  if (story) {
    const url = readString(story, 'url');
    ctx.result.messages.push(message(`${mid}#story`, customer, at, { type: 'system', detail: `Replied to the shop's story${url ? `: ${url}` : ''}` }, ctx));
  }
  for (const part of messageParts(raw)) {
    ctx.result.messages.push(message(`${mid}${part.suffix}`, customer, at, part.content, ctx, readString(replyTo, 'mid')));
  }
}

/** A postback button (button template, persistent menu, Get Started): its payload is the button id. */
function readPostback(raw: JsonRecord, customer: string, at: number, ctx: EventContext): void {
  const payload = readString(raw, 'payload');
  if (payload === undefined) {
    ctx.result.ignored.push({ field: 'postback', reason: 'postback without payload' });
    return;
  }
  const id = readString(raw, 'mid') ?? `postback:${customer}:${at}`;
  const referral = readRecord(raw, 'referral');
  if (referral) ctx.result.messages.push(message(`${id}#referral`, customer, at, { type: 'system', detail: referralText(referral) }, ctx));
  const title = readString(raw, 'title');
  ctx.result.messages.push(message(id, customer, at, title === undefined ? { type: 'button', id: payload } : { type: 'button', id: payload, title }, ctx));
}

/** An unreact arrives without emoji: it is an empty emoji, as on WhatsApp. */
function readReaction(raw: JsonRecord, customer: string, at: number, ctx: EventContext): void {
  const mid = readString(raw, 'mid');
  if (!mid) {
    ctx.result.ignored.push({ field: 'reaction', reason: 'reaction without mid' });
    return;
  }
  const action = readString(raw, 'action') ?? 'react';
  const emoji = action === 'unreact' ? '' : (readString(raw, 'emoji') ?? readString(raw, 'reaction') ?? '');
  ctx.result.messages.push(message(`${mid}#reaction:${customer}:${at}`, customer, at, { type: 'reaction', messageId: mid, emoji }, ctx));
}

/** Messenger: everything up to `watermark`; Instagram (`messaging_seen`): one message id. */
function readReceipt(raw: JsonRecord, status: 'delivered' | 'read', customer: string, at: number, ctx: EventContext): void {
  const { channel } = ctx.profile;
  const ids = [...readArray(raw, 'mids'), readString(raw, 'mid')].filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length > 0) {
    for (const id of ids) ctx.result.receipts.push({ channel, channelMessageId: id, status, at, recipient: customer });
    return;
  }
  const watermark = readNumber(raw, 'watermark');
  if (watermark === undefined) {
    ctx.result.ignored.push({ field: status, reason: 'receipt without message ids or watermark' });
    return;
  }
  ctx.result.receipts.push({ channel, status, at, recipient: customer, upTo: epochMs(watermark, ctx.now) });
}

function readEdit(raw: JsonRecord, customer: string, at: number, ctx: EventContext): void {
  const mid = readString(raw, 'mid');
  const text = readString(raw, 'text');
  if (!mid || text === undefined) {
    ctx.result.ignored.push({ field: 'message_edit', reason: 'edit without mid or text' });
    return;
  }
  ctx.result.updates.push({ update: 'edit', channel: ctx.profile.channel, customer, channelMessageId: mid, at, text });
}

function readEvent(event: JsonRecord, ctx: EventContext): void {
  const field = HANDLED.find((name) => isRecord(event[name]));
  if (!field) {
    const other = Object.keys(event).find((key) => !['sender', 'recipient', 'timestamp'].includes(key)) ?? 'unknown';
    ctx.result.ignored.push({ field: other, reason: 'event not handled by the chat channel' });
    return;
  }
  const raw = event[field] as JsonRecord;
  const at = epochMs(event.timestamp, ctx.now);
  // An echo comes from the business's own account: the customer is its recipient.
  const echo = field === 'message' && raw.is_echo === true;
  const customer = readString(readRecord(event, echo ? 'recipient' : 'sender'), 'id');
  if (!customer) {
    ctx.result.ignored.push({ field, reason: 'event without sender or recipient id' });
    return;
  }
  if (field === 'message') readMessage(raw, customer, at, ctx);
  else if (field === 'postback') readPostback(raw, customer, at, ctx);
  else if (field === 'reaction') readReaction(raw, customer, at, ctx);
  else if (field === 'read' || field === 'delivery') readReceipt(raw, field === 'read' ? 'read' : 'delivered', customer, at, ctx);
  else if (field === 'message_edit') readEdit(raw, customer, at, ctx);
  else ctx.result.messages.push(message(`referral:${customer}:${at}`, customer, at, { type: 'system', detail: referralText(raw) }, ctx));
}

/**
 * `accountId`, when set, is the one Page (or Instagram account) this channel serves: entries of
 * other Pages the app is subscribed to are ignored rather than answered with this Page's token.
 */
export function normalizeMessagingWebhook(profile: MessengerPlatformProfile, body: unknown, options: { accountId?: string; now?: () => number } = {}): Required<NormalizedDelivery> {
  if (!isRecord(body)) throw new WebhookPayloadError('webhook body is not a JSON object');
  const result: Required<NormalizedDelivery> = { messages: [], receipts: [], updates: [], ignored: [], errors: [] };
  const object = readString(body, 'object');
  if (object !== profile.object) {
    result.ignored.push({ field: `object:${object ?? 'missing'}`, reason: `not a ${profile.platform} webhook (object "${profile.object}")` });
    return result;
  }
  if (!Array.isArray(body.entry)) throw new WebhookPayloadError('webhook body has no entry list');
  const ctx: EventContext = { profile, result, now: options.now ?? Date.now };
  for (const entry of body.entry) {
    const id = readString(entry, 'id');
    if (options.accountId && id !== options.accountId) {
      result.ignored.push({ field: `entry:${id ?? 'missing'}`, reason: `not the configured ${profile.platform} account` });
      continue;
    }
    // Another app holds the thread (Meta's handover protocol): it answers, we only listen.
    if (readArray(entry, 'standby').length > 0) result.ignored.push({ field: 'standby', reason: 'another app controls this thread' });
    // Comments and mentions on posts (`changes[]`) are not direct messages.
    for (const change of readArray(entry, 'changes')) result.ignored.push({ field: readString(change, 'field') ?? 'changes', reason: 'not a direct message' });
    for (const event of readArray(entry, 'messaging')) {
      if (isRecord(event)) readEvent(event, ctx);
      else result.ignored.push({ field: 'messaging', reason: 'event is not an object' });
    }
  }
  return result;
}
