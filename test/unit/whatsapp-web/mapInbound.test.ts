import { ignoreReason, mapInbound, parseVCards, type WebMessageLike } from '../../../src/channels/whatsapp-web';
import { CUSTOMER, libraryMessage, type ModelName } from './fixtures';

const MS = 1_717_000_000_000;
const map = (name: ModelName, context = {}) => mapInbound(libraryMessage(name), context);

describe('mapInbound: what a customer sent', () => {
  it('text: number without @c.us, serialised id, milliseconds, profile name', () => {
    expect(map('chat')).toEqual({
      id: `false_${CUSTOMER}@c.us_3A0001CHAT`,
      channel: 'whatsapp-web',
      from: CUSTOMER,
      profileName: 'Karim Hossain',
      timestamp: MS,
      content: { type: 'text', text: 'আমার অর্ডার কোথায়?' },
    });
  });

  it.each<[ModelName, Record<string, unknown>]>([
    ['image_with_caption', { kind: 'image', mimeType: 'image/jpeg', caption: 'এই শাড়িটা আছে?' }],
    ['ptt', { kind: 'voice', mimeType: 'audio/ogg; codecs=opus' }],
    ['audio', { kind: 'audio', mimeType: 'audio/mpeg' }],
    ['video', { kind: 'video', mimeType: 'video/mp4', caption: 'unboxing' }],
    ['document_with_filename', { kind: 'document', mimeType: 'application/pdf', filename: 'invoice-2045.pdf' }],
    ['sticker', { kind: 'sticker', mimeType: 'image/webp' }],
  ])('%s → media with kind, MIME type, caption and filename; the message id is the media handle', (name, media) => {
    const message = libraryMessage(name);
    expect(mapInbound(message)?.content).toEqual({ type: 'media', media: { ...media, mediaId: message.id._serialized } });
  });

  it('never takes the base64 thumbnail of expired media for a caption', () => {
    expect(map('image_expired')?.content).toEqual({
      type: 'media',
      media: { kind: 'image', mimeType: 'image/jpeg', mediaId: `false_${CUSTOMER}@c.us_3A0008OLDIMG` },
    });
  });

  it('location with a place name and address, and a bare pin', () => {
    expect(map('location')?.content).toEqual({
      type: 'location',
      location: { latitude: 23.7806, longitude: 90.407, name: 'Bashundhara City', address: 'Panthapath, Dhaka 1215' },
    });
    expect(map('location_pin')?.content).toEqual({ type: 'location', location: { latitude: 22.3569, longitude: 91.7832 } });
  });

  it('a location without coordinates is unsupported, not NaN', () => {
    const broken = { ...libraryMessage('location_pin'), location: { latitude: 'x', longitude: undefined } } as unknown as WebMessageLike;
    expect(mapInbound(broken)?.content).toEqual({ type: 'unsupported', originalType: 'location', detail: 'the location has no coordinates' });
  });

  it('contact cards: FN and TEL lines of one or several vCards', () => {
    expect(map('vcard')?.content).toEqual({ type: 'contacts', contacts: [{ name: 'Rahim Uddin', phones: ['+880 1711-000002'] }] });
    expect(map('multi_vcard')?.content).toEqual({
      type: 'contacts',
      contacts: [
        { name: 'রহিম', phones: ['+880 1711-000002'] },
        { name: 'Dokan', phones: ['02-9123456', '8801811000003'] },
      ],
    });
  });

  it('a quoted reply: to one of ours (fromMe true) and to one of the customer\'s own', () => {
    expect(map('quoted_reply')).toMatchObject({
      content: { type: 'text', text: 'এটার দাম কত?' },
      replyTo: `true_${CUSTOMER}@c.us_3EB0A1B2C3D4E5F6`,
    });
    expect(map('quoted_own')?.replyTo).toBe(`false_${CUSTOMER}@c.us_3A0002IMAGE`);
  });

  it('a deleted message and a missed call are system notices for the transcript', () => {
    expect(map('revoked')?.content).toEqual({ type: 'system', detail: 'The customer deleted a message' });
    expect(map('call_log')?.content).toEqual({ type: 'system', detail: 'The customer tried to call this number on WhatsApp' });
  });

  it('security-code notices, business notices and undecrypted placeholders are dropped', () => {
    expect(map('e2e_notification')).toBeNull();
    expect(map('notification_template')).toBeNull();
    expect(map('ciphertext')).toBeNull();
  });

  it('anything else is unsupported with its original type', () => {
    expect(map('poll')?.content).toEqual({ type: 'unsupported', originalType: 'poll_creation' });
  });

  it('a privacy id (@lid) is kept whole unless the channel resolved the phone number', () => {
    expect(map('lid_chat')?.from).toBe('140737488355328@lid');
    expect(map('lid_chat', { senderJid: `${CUSTOMER}@c.us` })?.from).toBe(CUSTOMER);
  });

  it('falls back to the clock when a message has no timestamp, and omits an empty profile name', () => {
    const message = { ...libraryMessage('chat'), timestamp: undefined, _data: { notifyName: '  ' } } as unknown as WebMessageLike;
    const inbound = mapInbound(message, { now: () => 42 });
    expect(inbound?.timestamp).toBe(42);
    expect(inbound).not.toHaveProperty('profileName');
  });

  it('accepts plain objects with only the fields it reads', () => {
    expect(mapInbound({ id: { _serialized: 'x1' }, from: '8801811000009@c.us', type: 'chat', body: 'hi', timestamp: 1 })).toEqual({
      id: 'x1',
      channel: 'whatsapp-web',
      from: '8801811000009',
      timestamp: 1000,
      content: { type: 'text', text: 'hi' },
    });
  });
});

describe('mapInbound: what is not for the bot', () => {
  it.each<[ModelName, string]>([
    ['from_me', 'sent by this account'],
    ['group', 'group chat'],
    ['status', 'status or broadcast'],
    ['newsletter', 'channel (newsletter)'],
  ])('%s is ignored (%s)', (name, reason) => {
    expect(ignoreReason(libraryMessage(name))).toBe(reason);
    expect(map(name)).toBeNull();
  });
});

describe('parseVCards', () => {
  it('unfolds continued lines, reads N when FN is missing, unescapes, skips empty cards', () => {
    const card = 'BEGIN:VCARD\nVERSION:3.0\nN:Khan\\, Jr.;Salma;;;\nTEL;TYPE=CELL:+880 17\n 11-000004\nEND:VCARD';
    expect(parseVCards([card, 'BEGIN:VCARD\nVERSION:3.0\nEND:VCARD'])).toEqual([{ name: 'Salma Khan, Jr.', phones: ['+880 1711-000004'] }]);
  });

  it('reads several cards in one string', () => {
    const two = 'BEGIN:VCARD\nFN:A\nTEL:1\nEND:VCARD\nBEGIN:VCARD\nFN:B\nTEL:2\nEND:VCARD';
    expect(parseVCards([two])).toEqual([
      { name: 'A', phones: ['1'] },
      { name: 'B', phones: ['2'] },
    ]);
  });
});
