import type { CustomerIdentity } from '../../domain/identity';
import type { InboundMessage } from '../../domain/message';
import type { DeliveryReceipt } from '../port';
import { classifyGraphCode, explainedTitle } from './graphErrors';
import { readInboundContent } from './inboundContent';
import { isRecord, readArray, readNumber, readRecord, readString, type JsonRecord } from '../../meta/jsonShape';
import { WebhookPayloadError, type NormalizedDelivery } from '../../meta/webhookEndpoint';
import { preferenceIdentity, recipientIdentity, readWebhookContacts, senderIdentity } from './webhookIdentity';

export { WebhookPayloadError };

/**
 * A webhook delivery → what the rest of the app understands. Structure per Meta's messages
 * webhook reference (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages):
 * `{ object: "whatsapp_business_account", entry: [{ id, changes: [{ field, value }] }] }`, where
 * one delivery may batch several entries, changes, messages and statuses.
 */
export type NormalizedWebhook = Required<Omit<NormalizedDelivery, 'updates'>>;

const CHANNEL = 'whatsapp-cloud' as const;
const TRACKED_STATUSES = new Set<DeliveryReceipt['status']>(['sent', 'delivered', 'read', 'played', 'failed']);

/** Meta timestamps are Unix seconds, as strings. */
function epochMs(raw: JsonRecord, now: () => number): number {
  const seconds = readNumber(raw, 'timestamp');
  return seconds === undefined ? now() : seconds * 1000;
}

/** `from` is the phone when the sender shows one, else their BSUID (webhookIdentity.ts). */
function toInboundMessage(raw: JsonRecord, sender: CustomerIdentity, now: () => number): InboundMessage {
  const { profileName, ...identity } = sender;
  const message: InboundMessage = {
    id: readString(raw, 'id') as string,
    channel: CHANNEL,
    from: sender.identifiers[0].value,
    timestamp: epochMs(raw, now),
    content: readInboundContent(raw),
    identity,
  };
  if (profileName) message.profileName = profileName;
  const replyTo = readString(readRecord(raw, 'context'), 'id');
  if (replyTo) message.replyTo = replyTo;
  return message;
}

function toReceipt(raw: JsonRecord, contacts: ReturnType<typeof readWebhookContacts>, now: () => number): DeliveryReceipt | string {
  const id = readString(raw, 'id');
  const status = readString(raw, 'status');
  if (!id || !status) return 'status without id or status';
  if (!TRACKED_STATUSES.has(status as DeliveryReceipt['status'])) return `status "${status}" is not tracked`;
  const receipt: DeliveryReceipt = {
    channel: CHANNEL,
    channelMessageId: id,
    status: status as DeliveryReceipt['status'],
    at: epochMs(raw, now),
  };
  const recipient = readString(raw, 'recipient_id') ?? readString(raw, 'recipient_user_id');
  if (recipient) receipt.recipient = recipient;
  const identity = recipientIdentity(raw, contacts);
  if (identity) receipt.identity = identity;
  const sendKey = readString(raw, 'biz_opaque_callback_data');
  if (sendKey) receipt.sendKey = sendKey;
  const error = readArray(raw, 'errors')[0];
  if (isRecord(error)) {
    const code = readNumber(error, 'code');
    receipt.error = {
      code: code === undefined ? 'UNKNOWN' : String(code),
      title: explainedTitle(code, readString(error, 'title') ?? readString(error, 'message') ?? 'delivery failed'),
      retryable: classifyGraphCode(code) === 'retry',
    };
  }
  return receipt;
}

function readMessagesValue(value: JsonRecord, result: NormalizedWebhook, now: () => number): void {
  const contacts = readWebhookContacts(value);
  for (const raw of readArray(value, 'messages')) {
    // Without an id there is nothing to dedupe on, without a sender no one to answer.
    const sender = isRecord(raw) ? senderIdentity(raw, contacts) : undefined;
    if (!isRecord(raw) || !readString(raw, 'id') || !sender) {
      result.ignored.push({ field: 'messages', reason: 'message without id or sender' });
      continue;
    }
    result.messages.push(toInboundMessage(raw, sender, now));
  }
  for (const raw of readArray(value, 'statuses')) {
    const receipt = isRecord(raw) ? toReceipt(raw, contacts, now) : 'status is not an object';
    if (typeof receipt === 'string') result.ignored.push({ field: 'messages.statuses', reason: receipt });
    else result.receipts.push(receipt);
  }
  for (const raw of readArray(value, 'errors')) {
    result.errors.push({
      code: readNumber(raw, 'code') ?? 0,
      title: readString(raw, 'title') ?? readString(raw, 'message') ?? 'unknown error',
    });
  }
}

/**
 * `user_preferences`: a customer stopped or resumed marketing messages
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/user_preferences).
 * Queued like a message of that customer, so it is kept in order with what they write; its id
 * (customer, time, choice) makes a redelivery a duplicate.
 */
function readPreferencesValue(value: JsonRecord, result: NormalizedWebhook, now: () => number): void {
  const contacts = readWebhookContacts(value);
  for (const raw of readArray(value, 'user_preferences')) {
    const customer = isRecord(raw) ? preferenceIdentity(raw, contacts) : undefined;
    const choice = readString(raw, 'value');
    if (!isRecord(raw) || !customer || readString(raw, 'category') !== 'marketing_messages' || (choice !== 'stop' && choice !== 'resume')) {
      result.ignored.push({ field: 'user_preferences', reason: 'not a marketing stop or resume of a known customer' });
      continue;
    }
    const timestamp = epochMs(raw, now);
    const content: InboundMessage['content'] = { type: 'preference', marketing: choice };
    const detail = readString(raw, 'detail');
    if (detail) content.detail = detail;
    const { profileName, ...identity } = customer;
    const from = identity.identifiers[0].value;
    const message: InboundMessage = { id: `user_preferences:${from}:${timestamp}:${choice}`, channel: CHANNEL, from, timestamp, content, identity };
    if (profileName) message.profileName = profileName;
    result.messages.push(message);
  }
}

export function normalizeWebhook(body: unknown, now: () => number = Date.now): NormalizedWebhook {
  if (!isRecord(body)) throw new WebhookPayloadError('webhook body is not a JSON object');
  const result: NormalizedWebhook = { messages: [], receipts: [], ignored: [], errors: [] };
  const object = readString(body, 'object');
  if (object !== 'whatsapp_business_account') {
    result.ignored.push({ field: `object:${object ?? 'missing'}`, reason: 'not a WhatsApp Business Account webhook' });
    return result;
  }
  if (!Array.isArray(body.entry)) throw new WebhookPayloadError('webhook body has no entry list');

  for (const entry of body.entry) {
    for (const change of readArray(entry, 'changes')) {
      const field = readString(change, 'field') ?? 'missing';
      const value = readRecord(change, 'value');
      if (field === 'user_preferences' && value) {
        readPreferencesValue(value, result, now);
      } else if (field !== 'messages') {
        // Template status, account and quality updates, etc.: not this channel's business.
        result.ignored.push({ field, reason: 'webhook field not handled by the chat channel' });
      } else if (!value) {
        result.ignored.push({ field, reason: 'change without a value object' });
      } else {
        readMessagesValue(value, result, now);
      }
    }
  }
  return result;
}
