/**
 * WhatsApp Web message models, one per kind, as `window.WWebJS.getMessageModel()` hands them to
 * whatsapp-web.js (the raw `_data`). `libraryMessage()` turns one into a real
 * whatsapp-web.js `Message` with the library's own class, so the fields the channel reads
 * (`body`, `hasMedia`, `timestamp`, `location`, `vCards`, `isStatus`, …) are derived exactly as
 * in production (node_modules/whatsapp-web.js/src/structures/Message.js, `_patch`).
 *
 * Source: hand-written from the field names that `_patch` reads in whatsapp-web.js 1.34.7
 * (no live session is reachable from CI); numbers are made up, Bangladeshi-shaped.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the library's class, not its Client
const LibraryMessage = require('whatsapp-web.js/src/structures/Message');

export const CUSTOMER = '8801711000001';
export const SHOP = '8801900000000';
const customerJid = `${CUSTOMER}@c.us`;
const shopJid = `${SHOP}@c.us`;
const T = 1_717_000_000; // seconds, 2024-05-29

function id(raw: string, remote = customerJid, fromMe = false) {
  return { fromMe, remote, id: raw, _serialized: `${fromMe}_${remote}_${raw}` };
}

const base = (raw: string) => ({ id: id(raw), from: customerJid, to: shopJid, t: T, ack: 1, notifyName: 'Karim Hossain', star: false, broadcast: false, isForwarded: false });

export const MODELS = {
  chat: { ...base('3A0001CHAT'), type: 'chat', body: 'আমার অর্ডার কোথায়?' },
  image_with_caption: {
    ...base('3A0002IMAGE'),
    type: 'image',
    body: '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/', // thumbnail
    caption: 'এই শাড়িটা আছে?',
    mimetype: 'image/jpeg',
    directPath: '/v/t62.7118-24/11111_22222_n.enc',
    mediaKey: 'k3V0bW9ja21lZGlha2V5',
    size: 84211,
    width: 1080,
    height: 1350,
  },
  ptt: { ...base('3A0003PTT'), type: 'ptt', body: '', mimetype: 'audio/ogg; codecs=opus', directPath: '/v/t62.7117-24/33333_n.enc', duration: '7', size: 12044 },
  audio: { ...base('3A0004AUDIO'), type: 'audio', body: '', mimetype: 'audio/mpeg', directPath: '/v/t62.7114-24/44444_n.enc', duration: '184', size: 2944000 },
  video: { ...base('3A0005VIDEO'), type: 'video', body: '', caption: 'unboxing', mimetype: 'video/mp4', directPath: '/v/t62.7161-24/55555_n.enc', duration: '12', size: 1820000 },
  document_with_filename: {
    ...base('3A0006DOC'),
    type: 'document',
    body: '',
    filename: 'invoice-2045.pdf',
    mimetype: 'application/pdf',
    directPath: '/v/t62.7119-24/66666_n.enc',
    size: 53120,
    pageCount: 1,
  },
  sticker: { ...base('3A0007STICKER'), type: 'sticker', body: '', mimetype: 'image/webp', directPath: '/v/t62.15575-24/77777_n.enc', size: 20480, isAnimated: false },
  /** Media whose bytes are gone from WhatsApp's servers: no directPath, `body` is the thumbnail. */
  image_expired: { ...base('3A0008OLDIMG'), type: 'image', body: '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD', mimetype: 'image/jpeg' },
  location: { ...base('3A0009LOC'), type: 'location', body: '', lat: 23.7806, lng: 90.4070, loc: 'Bashundhara City\nPanthapath, Dhaka 1215' },
  location_pin: { ...base('3A0010PIN'), type: 'location', body: '', lat: 22.3569, lng: 91.7832 },
  vcard: {
    ...base('3A0011VCARD'),
    type: 'vcard',
    body: 'BEGIN:VCARD\nVERSION:3.0\nN:Uddin;Rahim;;;\nFN:Rahim Uddin\nitem1.TEL;waid=8801711000002:+880 1711-000002\nitem1.X-ABLabel:Mobile\nEND:VCARD',
    vcardFormattedName: 'Rahim Uddin',
  },
  multi_vcard: {
    ...base('3A0012MVCARD'),
    type: 'multi_vcard',
    body: '2 contacts',
    vcardList: [
      { displayName: 'রহিম', vcard: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:রহিম\r\nTEL;type=CELL;waid=8801711000002:+880 1711-000002\r\nEND:VCARD' },
      { displayName: 'Shop', vcard: 'BEGIN:VCARD\nVERSION:3.0\nN:;Dokan;;;\nTEL;type=WORK:02-9123456\nTEL;type=CELL;waid=8801811000003:\nEND:VCARD' },
    ],
  },
  /** The customer swiped one of the bot's messages and replied to it. */
  quoted_reply: {
    ...base('3A0013QUOTE'),
    type: 'chat',
    body: 'এটার দাম কত?',
    quotedMsg: { type: 'chat', body: '1. Track order\n2. Prices' },
    quotedStanzaID: '3EB0A1B2C3D4E5F6',
    quotedParticipant: { server: 'c.us', user: SHOP, _serialized: shopJid },
  },
  /** …and to one of their own earlier messages. */
  quoted_own: {
    ...base('3A0014QUOTE2'),
    type: 'chat',
    body: 'this one',
    quotedMsg: { type: 'image', body: '' },
    quotedStanzaID: '3A0002IMAGE',
    quotedParticipant: customerJid,
  },
  revoked: { ...base('3A0015REVOKED'), type: 'revoked', body: '' },
  call_log: { ...base('3A0016CALL'), type: 'call_log', subtype: 'miss', body: '' },
  e2e_notification: { ...base('3A0017E2E'), type: 'e2e_notification', subtype: 'encrypt', body: '' },
  notification_template: { ...base('3A0018NOTE'), type: 'notification_template', subtype: 'biz_privacy_mode_to_bsp', body: '' },
  ciphertext: { ...base('3A0019CIPHER'), type: 'ciphertext', body: '' },
  poll: { ...base('3A0020POLL'), type: 'poll_creation', body: '', pollName: 'Which colour?', pollOptions: [{ name: 'Red' }, { name: 'Blue' }], pollSelectableOptionsCount: 1 },
  /** From a privacy id (no phone number in the chat id). */
  lid_chat: { ...base('3A0021LID'), id: id('3A0021LID', '140737488355328@lid'), from: '140737488355328@lid', type: 'chat', body: 'hello' },
  group: {
    ...base('3A0022GROUP'),
    id: { ...id('3A0022GROUP', '120363041234567890@g.us'), participant: customerJid },
    from: '120363041234567890@g.us',
    author: customerJid,
    type: 'chat',
    body: 'who has the cheapest rice?',
  },
  status: { ...base('3A0023STATUS'), id: id('3A0023STATUS', 'status@broadcast'), from: 'status@broadcast', author: customerJid, isStatusV3: true, type: 'image', body: '', directPath: '/v/status.enc', mimetype: 'image/jpeg' },
  newsletter: { ...base('3A0024NEWS'), id: id('3A0024NEWS', '120363999999999999@newsletter'), from: '120363999999999999@newsletter', type: 'chat', body: 'Eid offers!' },
  from_me: { ...base('3EB0FROMME'), id: id('3EB0FROMME', customerJid, true), from: shopJid, to: customerJid, type: 'chat', body: 'typed on the phone by the owner' },
} as const;

export type ModelName = keyof typeof MODELS;

/** A real whatsapp-web.js Message built from a model (deep-copied, so tests may change it). */
export function libraryMessage(name: ModelName, client: unknown = {}): any {
  return new LibraryMessage(client, structuredClone(MODELS[name]));
}
