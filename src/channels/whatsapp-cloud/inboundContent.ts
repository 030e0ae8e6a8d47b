import type { InboundContent, MediaKind, MediaRef, SharedContact } from '../../domain/message';
import { isRecord, readArray, readNumber, readRecord, readString, type JsonRecord } from '../../meta/jsonShape';

/**
 * One `messages[]` item of a webhook → InboundContent. Payload shapes per type follow Meta's
 * messages webhook reference pages
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/<type>).
 * A type we do not know, or a known type missing the fields we need, becomes `unsupported`
 * with the original type: it is kept for the agent and logged, never dropped or thrown.
 */
type ContentReader = (message: JsonRecord) => InboundContent | undefined;

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

function text(message: JsonRecord): InboundContent | undefined {
  const body = readString(readRecord(message, 'text'), 'body');
  return body === undefined ? undefined : { type: 'text', text: body };
}

/** Reply buttons (`button_reply`) and list rows (`list_reply`) both come back as an id + title. */
function interactive(message: JsonRecord): InboundContent | undefined {
  const data = readRecord(message, 'interactive');
  const kind = readString(data, 'type');
  if (kind !== 'button_reply' && kind !== 'list_reply') {
    return unsupported(`interactive:${kind ?? 'unknown'}`);
  }
  const reply = readRecord(data, kind);
  const id = readString(reply, 'id');
  return id === undefined ? undefined : compact({ type: 'button' as const, id, title: readString(reply, 'title') });
}

/** A quick-reply button of a template: `payload` is what we set when sending, `text` its label. */
function templateButton(message: JsonRecord): InboundContent | undefined {
  const button = readRecord(message, 'button');
  const title = readString(button, 'text');
  const id = readString(button, 'payload') ?? title;
  return id === undefined ? undefined : compact({ type: 'button' as const, id, title });
}

function media(kind: MediaKind): ContentReader {
  return (message) => {
    const field = kind === 'voice' ? 'audio' : kind;
    const data = readRecord(message, field);
    const mediaId = readString(data, 'id');
    if (mediaId === undefined) return undefined;
    const ref: MediaRef = compact({
      kind: field === 'audio' && data?.voice === true ? 'voice' : kind,
      mediaId,
      url: readString(data, 'url'),
      mimeType: readString(data, 'mime_type'),
      caption: readString(data, 'caption'),
      filename: readString(data, 'filename'),
      sha256: readString(data, 'sha256'),
    });
    return { type: 'media', media: ref };
  };
}

function location(message: JsonRecord): InboundContent | undefined {
  const data = readRecord(message, 'location');
  const latitude = readNumber(data, 'latitude');
  const longitude = readNumber(data, 'longitude');
  if (latitude === undefined || longitude === undefined) return undefined;
  return {
    type: 'location',
    location: compact({ latitude, longitude, name: readString(data, 'name'), address: readString(data, 'address') }),
  };
}

function sharedContact(raw: unknown): SharedContact {
  const name = readRecord(raw, 'name');
  const joined = [readString(name, 'first_name'), readString(name, 'last_name')].filter(Boolean).join(' ');
  const phones = readArray(raw, 'phones')
    .map((phone) => readString(phone, 'phone') ?? readString(phone, 'wa_id'))
    .filter((phone): phone is string => phone !== undefined);
  return { name: readString(name, 'formatted_name') ?? joined, phones };
}

/**
 * `origin: "contact_request"` marks the card a customer shared by tapping our "share contact
 * info" button (their own). Meta's pages put it on the card; some SDKs read it on the message.
 */
function contacts(message: JsonRecord): InboundContent | undefined {
  const cards = readArray(message, 'contacts').filter(isRecord);
  if (cards.length === 0) return undefined;
  const requested = [message, ...cards].some((part) => readString(part, 'origin')?.startsWith('contact_request'));
  return { type: 'contacts', contacts: cards.map(sharedContact), ...(requested ? { origin: 'contact_request' as const } : {}) };
}

/** Meta omits `emoji` when the customer removes a reaction; that arrives as an empty emoji. */
function reaction(message: JsonRecord): InboundContent | undefined {
  const data = readRecord(message, 'reaction');
  const messageId = readString(data, 'message_id');
  return messageId === undefined ? undefined : { type: 'reaction', messageId, emoji: readString(data, 'emoji') ?? '' };
}

/** A cart from the catalogue: `order.product_items[]` with retailer id, quantity and price. */
function order(message: JsonRecord): InboundContent | undefined {
  const data = readRecord(message, 'order');
  const items = readArray(data, 'product_items').flatMap((raw) => {
    const productId = readString(raw, 'product_retailer_id');
    const quantity = readNumber(raw, 'quantity') ?? Number(readString(raw, 'quantity'));
    if (productId === undefined || !Number.isFinite(quantity) || quantity <= 0) return [];
    const price = readNumber(raw, 'item_price') ?? Number(readString(raw, 'item_price') ?? NaN);
    return [compact({ productId, quantity, unitPrice: Number.isFinite(price) ? price : undefined, currency: readString(raw, 'currency') })];
  });
  if (items.length === 0) return undefined;
  return compact({ type: 'order' as const, catalogId: readString(data, 'catalog_id'), items, note: readString(data, 'text') });
}

/** Notices such as `user_changed_number`; the body names the old and new numbers. */
function system(message: JsonRecord): InboundContent | undefined {
  const data = readRecord(message, 'system');
  const detail = readString(data, 'body') ?? readString(data, 'type');
  return detail === undefined ? undefined : { type: 'system', detail };
}

/** Meta's own "unsupported" type (e.g. polls, view-once media) carries its reason in `errors[]`. */
function metaUnsupported(message: JsonRecord): InboundContent {
  const error = readArray(message, 'errors')[0];
  const detail = readString(readRecord(error, 'error_data'), 'details') ?? readString(error, 'title');
  const innerType = readString(readRecord(message, 'unsupported'), 'type');
  return unsupported(innerType ?? 'unsupported', detail);
}

/**
 * The customer edited an earlier message (text, or a caption); Meta sends the message as it
 * reads now under `edit.message`, shaped like any received message
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/edit).
 */
function edit(message: JsonRecord): InboundContent | undefined {
  const data = readRecord(message, 'edit');
  const messageId = readString(data, 'original_message_id');
  const edited = readRecord(data, 'message');
  if (messageId === undefined || edited === undefined) return undefined;
  // Read as a message of its own; a type Meta leaves out is the content key that is there.
  const type = readString(edited, 'type') ?? Object.keys(edited).find((key) => key !== 'edit' && key !== 'revoke' && Object.hasOwn(READERS, key));
  const content = type === undefined || type === 'edit' || type === 'revoke' ? unsupported(type ?? 'unknown') : readInboundContent({ ...edited, type });
  return { type: 'edit', messageId, content };
}

/** The customer deleted an earlier message for everyone (…/webhooks/reference/messages/revoke). */
function revoke(message: JsonRecord): InboundContent | undefined {
  const messageId = readString(readRecord(message, 'revoke'), 'original_message_id');
  return messageId === undefined ? undefined : { type: 'revoke', messageId };
}

/** `request_welcome`: the customer opened the chat for the first time; the message has no body. */
function welcome(): InboundContent {
  return { type: 'welcome' };
}

function unsupported(originalType: string, detail?: string): InboundContent {
  return compact({ type: 'unsupported', originalType, detail });
}

const READERS: Record<string, ContentReader> = {
  text,
  interactive,
  button: templateButton,
  image: media('image'),
  audio: media('audio'),
  video: media('video'),
  document: media('document'),
  sticker: media('sticker'),
  location,
  contacts,
  reaction,
  order,
  system,
  unsupported: metaUnsupported,
  edit,
  revoke,
  request_welcome: welcome,
};

export function readInboundContent(message: JsonRecord): InboundContent {
  const type = readString(message, 'type') ?? 'unknown';
  const reader = Object.hasOwn(READERS, type) ? READERS[type] : undefined;
  if (!reader) return unsupported(type);
  try {
    return reader(message) ?? unsupported(type, `the ${type} payload lacks the fields this bot reads`);
  } catch {
    return unsupported(type, `the ${type} payload could not be read`);
  }
}
