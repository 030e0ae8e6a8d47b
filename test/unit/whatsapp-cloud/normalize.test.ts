import { normalizeWebhook, WebhookPayloadError } from '../../../src/channels/whatsapp-cloud';
import { loadFixture } from './support';

const CUSTOMER = '8801711000001';
const SENT_AT_MS = 1750000000 * 1000;

function onlyMessage(fixture: string) {
  const result = normalizeWebhook(loadFixture(fixture));
  expect(result.messages).toHaveLength(1);
  return result.messages[0];
}

describe('normalizeWebhook: message types', () => {
  it('text: sender wa_id, profile name from contacts[], seconds → milliseconds, channel', () => {
    expect(onlyMessage('text')).toEqual({
      id: 'wamid.TEXT00000000000000000000000001',
      channel: 'whatsapp-cloud',
      from: CUSTOMER,
      profileName: 'Rahim Uddin',
      timestamp: SENT_AT_MS,
      content: { type: 'text', text: 'আমার অর্ডার কোথায়?' },
      identity: { identifiers: [{ kind: 'phone', value: CUSTOMER }] },
    });
  });

  it('a reply to one of our messages keeps context.id as replyTo', () => {
    expect(onlyMessage('text_reply_context').replyTo).toBe('wamid.OUTBOUND0000000000000000000001');
  });

  it.each([
    ['interactive_button_reply', { type: 'button', id: 'track_order', title: 'Track order' }],
    ['interactive_list_reply', { type: 'button', id: 'delivery_dhaka', title: 'Inside Dhaka' }],
    ['button_quick_reply', { type: 'button', id: 'STOP_PROMOTIONS', title: 'Stop promotions' }],
  ])('%s becomes a button choice the flow can act on', (fixture, content) => {
    const message = onlyMessage(fixture);
    expect(message.content).toEqual(content);
    expect(message.replyTo).toBe('wamid.OUTBOUND0000000000000000000001');
  });

  it('image keeps media id, mime type, caption, sha256 and url', () => {
    expect(onlyMessage('image').content).toEqual({
      type: 'media',
      media: {
        kind: 'image',
        mediaId: '1003000000000001',
        mimeType: 'image/jpeg',
        caption: 'এই শাড়িটা আছে?',
        sha256: '9f2c6d1b0a5e4c3f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003000000000001',
      },
    });
  });

  it('a voice note (audio.voice = true) is kind "voice"; a plain audio file stays "audio"', () => {
    expect(onlyMessage('audio_voice').content).toMatchObject({ type: 'media', media: { kind: 'voice', mediaId: '1003000000000002', mimeType: 'audio/ogg; codecs=opus' } });
    expect(onlyMessage('audio_file').content).toMatchObject({ type: 'media', media: { kind: 'audio', mediaId: '1003000000000003' } });
  });

  it('video, document (with filename) and sticker', () => {
    expect(onlyMessage('video').content).toMatchObject({ media: { kind: 'video', caption: 'Unboxing', mimeType: 'video/mp4' } });
    expect(onlyMessage('document').content).toMatchObject({
      media: { kind: 'document', filename: 'invoice-1042.pdf', caption: 'Invoice', mimeType: 'application/pdf', mediaId: '1003000000000005' },
    });
    expect(onlyMessage('sticker').content).toMatchObject({ media: { kind: 'sticker', mimeType: 'image/webp', mediaId: '1003000000000006' } });
  });

  it('location', () => {
    expect(onlyMessage('location').content).toEqual({
      type: 'location',
      location: { latitude: 23.7461, longitude: 90.3742, name: 'Home', address: 'House 12, Road 5, Dhanmondi, Dhaka' },
    });
  });

  it('a cart from the catalogue: items with retailer id, quantity and price, and the note', () => {
    expect(onlyMessage('order').content).toEqual({
      type: 'order',
      catalogId: '801234567890123',
      items: [
        { productId: 'PANJABI-BLK-XL', quantity: 2, unitPrice: 1450, currency: 'BDT' },
        { productId: 'ATTAR-12ML', quantity: 1, unitPrice: 350, currency: 'BDT' },
      ],
      note: 'Please deliver after 5pm',
    });
  });

  it('a cart whose items lack ids or quantities keeps the good ones, or becomes unsupported', () => {
    const payload = loadFixture('order');
    const items = payload.entry[0].changes[0].value.messages[0].order.product_items;
    items[0].quantity = 'two';
    expect(normalizeWebhook(payload).messages[0].content).toMatchObject({ type: 'order', items: [{ productId: 'ATTAR-12ML', quantity: 1 }] });
    delete items[1].product_retailer_id;
    expect(normalizeWebhook(payload).messages[0].content).toMatchObject({ type: 'unsupported', originalType: 'order' });
  });

  it('shared contacts: formatted name (or first + last), phone numbers', () => {
    expect(onlyMessage('contacts').content).toEqual({
      type: 'contacts',
      contacts: [
        { name: 'Karim Ahmed', phones: ['+880 1811-000002'] },
        { name: 'Nusrat', phones: ['8801911000003'] },
      ],
    });
  });

  it('reaction, and a removed reaction (Meta omits emoji) as an empty emoji', () => {
    expect(onlyMessage('reaction').content).toEqual({ type: 'reaction', messageId: 'wamid.OUTBOUND0000000000000000000001', emoji: '👍' });
    expect(onlyMessage('reaction_removed').content).toEqual({ type: 'reaction', messageId: 'wamid.OUTBOUND0000000000000000000001', emoji: '' });
  });

  it("Meta's unsupported type keeps its reason; unknown future types keep their type name", () => {
    expect(onlyMessage('unsupported').content).toEqual({
      type: 'unsupported',
      originalType: 'unsupported',
      detail: 'Message type is currently not supported.',
    });
    expect(onlyMessage('unknown_future_type').content).toEqual({ type: 'unsupported', originalType: 'hologram' });
    expect(onlyMessage('interactive_nfm_reply').content).toEqual({ type: 'unsupported', originalType: 'interactive:nfm_reply' });
  });

  it('system notice (number changed) has no contacts[] and so no profile name', () => {
    const message = onlyMessage('system');
    expect(message.content).toEqual({ type: 'system', detail: 'User Rahim Uddin changed from 8801711000001 to 8801711000009' });
    expect(message.profileName).toBeUndefined();
  });

  it('a known type missing its fields becomes unsupported instead of throwing', () => {
    const payload = loadFixture('location');
    delete payload.entry[0].changes[0].value.messages[0].location.latitude;
    expect(normalizeWebhook(payload).messages[0].content).toEqual({
      type: 'unsupported',
      originalType: 'location',
      detail: 'the location payload lacks the fields this bot reads',
    });
  });

  it('a type field of the wrong shape (text as a string) becomes unsupported', () => {
    const payload = loadFixture('text');
    payload.entry[0].changes[0].value.messages[0].text = 'not an object';
    expect(normalizeWebhook(payload).messages[0].content).toMatchObject({ type: 'unsupported', originalType: 'text' });
  });
});

describe('normalizeWebhook: edits, deletions, welcome requests and marketing preferences', () => {
  it('an edit names the original message and carries the message as it reads now', () => {
    const message = onlyMessage('edit');
    expect(message).toMatchObject({ id: 'wamid.EDIT00000000000000000000000001', from: CUSTOMER, profileName: 'Rahim Uddin' });
    expect(message.content).toEqual({
      type: 'edit',
      messageId: 'wamid.TEXT00000000000000000000000001',
      content: { type: 'text', text: 'আমার অর্ডার 204518 কোথায়? (ভুল নম্বর দিয়েছিলাম)' },
    });
  });

  it('an edited caption keeps the media it belongs to', () => {
    expect(onlyMessage('edit_caption').content).toMatchObject({
      type: 'edit',
      messageId: 'wamid.IMAGE0000000000000000000000001',
      content: { type: 'media', media: { kind: 'image', caption: 'এই শাড়িটা লাল রঙে আছে?', mediaId: '1003000000000001' } },
    });
  });

  it('an edit whose message has no type is read by the content it holds; one without the original id is unsupported', () => {
    const payload = loadFixture('edit');
    delete payload.entry[0].changes[0].value.messages[0].edit.message.type;
    expect(normalizeWebhook(payload).messages[0].content).toMatchObject({ type: 'edit', content: { type: 'text' } });
    delete payload.entry[0].changes[0].value.messages[0].edit.original_message_id;
    expect(normalizeWebhook(payload).messages[0].content).toMatchObject({ type: 'unsupported', originalType: 'edit' });
  });

  it('a deletion names the message the customer deleted', () => {
    expect(onlyMessage('revoke').content).toEqual({ type: 'revoke', messageId: 'wamid.TEXT00000000000000000000000001' });
  });

  it('a welcome request (first open of the chat) has no body', () => {
    expect(onlyMessage('request_welcome')).toMatchObject({ id: 'wamid.WELCOME00000000000000000000001', from: CUSTOMER, content: { type: 'welcome' } });
  });

  it.each([
    ['user_preferences_stop', 'stop', 1750000300],
    ['user_preferences_resume', 'resume', 1750000900],
  ])('%s becomes a preference notice of that customer, with an id that makes a redelivery a duplicate', (fixture, choice, seconds) => {
    const result = normalizeWebhook(loadFixture(fixture));
    expect(result.ignored).toEqual([]);
    expect(result.messages).toEqual([
      {
        id: `user_preferences:${CUSTOMER}:${seconds * 1000}:${choice}`,
        channel: 'whatsapp-cloud',
        from: CUSTOMER,
        profileName: 'Rahim Uddin',
        timestamp: seconds * 1000,
        content: { type: 'preference', marketing: choice, detail: `User requested to ${choice} marketing messages` },
        identity: { identifiers: [{ kind: 'phone', value: CUSTOMER }] },
      },
    ]);
    expect(normalizeWebhook(loadFixture(fixture)).messages[0].id).toBe(result.messages[0].id);
  });

  it('a preference of another category or value is ignored with a reason', () => {
    const payload = loadFixture('user_preferences_stop');
    payload.entry[0].changes[0].value.user_preferences[0].category = 'offers';
    const result = normalizeWebhook(payload);
    expect(result.messages).toEqual([]);
    expect(result.ignored).toEqual([{ field: 'user_preferences', reason: 'not a marketing stop or resume of a known customer' }]);
  });
});

describe('normalizeWebhook: deliveries, statuses and other fields', () => {
  it('reads every entry, change and message of one delivery, matching profile names by wa_id', () => {
    const result = normalizeWebhook(loadFixture('batch_mixed'));
    expect(result.messages.map((m) => [m.id, m.from, m.profileName])).toEqual([
      ['wamid.BATCH000000000000000000000000001', CUSTOMER, 'Rahim Uddin'],
      ['wamid.BATCH000000000000000000000000002', '8801811000004', 'Salma Begum'],
      ['wamid.BATCH000000000000000000000000003', CUSTOMER, 'Rahim Uddin'],
    ]);
    expect(result.receipts).toHaveLength(1);
    expect(result.ignored).toEqual([{ field: 'account_update', reason: 'webhook field not handled by the chat channel' }]);
  });

  it.each([
    ['status_sent', 'sent', 1750000100],
    ['status_delivered', 'delivered', 1750000105],
    ['status_read', 'read', 1750000200],
  ])('%s becomes a receipt', (fixture, status, seconds) => {
    expect(normalizeWebhook(loadFixture(fixture)).receipts).toEqual([
      { channel: 'whatsapp-cloud', channelMessageId: 'wamid.OUTBOUND0000000000000000000001', status, at: seconds * 1000, recipient: CUSTOMER, identity: { identifiers: [{ kind: 'phone', value: CUSTOMER }] } },
    ]);
  });

  it("keeps the key the bot sent the part with (biz_opaque_callback_data), which finds a message whose id was never recorded", () => {
    expect(normalizeWebhook(loadFixture('status_sent_callback_data')).receipts).toEqual([
      { channel: 'whatsapp-cloud', channelMessageId: 'wamid.OUTBOUND0000000000000000000002', status: 'sent', at: 1750000100_000, recipient: CUSTOMER, identity: { identifiers: [{ kind: 'phone', value: CUSTOMER }] }, sendKey: 'whatsapp-cloud:wamid.INBOUND0000000000000000000007#0#0' },
    ]);
  });

  it('a failed status carries errors[0] as a DeliveryError (131047 is not retryable)', () => {
    const [receipt] = normalizeWebhook(loadFixture('status_failed')).receipts;
    expect(receipt.status).toBe('failed');
    expect(receipt.error).toEqual({ code: '131047', title: 'Re-engagement message', retryable: false });
  });

  it('a failed status with a temporary error (131000) is marked retryable', () => {
    const payload = loadFixture('status_failed');
    payload.entry[0].changes[0].value.statuses[0].errors[0].code = 131000;
    expect(normalizeWebhook(payload).receipts[0].error).toMatchObject({ code: '131000', retryable: true });
  });

  it('played (the customer listened to a voice message) is a receipt too', () => {
    expect(normalizeWebhook(loadFixture('status_played')).receipts).toEqual([
      {
        channel: 'whatsapp-cloud', channelMessageId: 'wamid.OUTBOUND0000000000000000000001', status: 'played', at: 1750000400 * 1000, recipient: CUSTOMER,
        identity: { identifiers: [{ kind: 'phone', value: CUSTOMER }] },
      },
    ]);
  });

  it('several statuses of one message in one delivery, out of order, are all kept with their own times', () => {
    expect(normalizeWebhook(loadFixture('statuses_out_of_order')).receipts.map((r) => [r.status, r.at / 1000])).toEqual([
      ['read', 1750000200],
      ['sent', 1750000100],
      ['delivered', 1750000150],
    ]);
  });

  it('statuses this app does not track are ignored with a reason', () => {
    const payload = loadFixture('status_read');
    payload.entry[0].changes[0].value.statuses[0].status = 'deleted';
    const result = normalizeWebhook(payload);
    expect(result.receipts).toEqual([]);
    expect(result.ignored).toEqual([{ field: 'messages.statuses', reason: 'status "deleted" is not tracked' }]);
  });

  it('collects value-level errors[]', () => {
    expect(normalizeWebhook(loadFixture('value_errors')).errors).toEqual([{ code: 130429, title: 'Rate limit hit' }]);
  });

  it('other webhook fields (template status…) are ignored, not errors', () => {
    const result = normalizeWebhook(loadFixture('template_status_update'));
    expect(result).toEqual({
      messages: [],
      receipts: [],
      errors: [],
      ignored: [{ field: 'message_template_status_update', reason: 'webhook field not handled by the chat channel' }],
    });
  });

  it('a message without id or sender is ignored, the rest of the delivery is kept', () => {
    const payload = loadFixture('batch_mixed');
    delete payload.entry[0].changes[0].value.messages[0].id;
    const result = normalizeWebhook(payload);
    expect(result.messages).toHaveLength(2);
    expect(result.ignored).toContainEqual({ field: 'messages', reason: 'message without id or sender' });
  });

  it('a webhook for another product (object ≠ whatsapp_business_account) is ignored', () => {
    expect(normalizeWebhook({ object: 'page', entry: [] }).ignored).toEqual([
      { field: 'object:page', reason: 'not a WhatsApp Business Account webhook' },
    ]);
  });

  it.each([[null], [[]], ['text'], [42], [{ object: 'whatsapp_business_account' }]])(
    'throws WebhookPayloadError for a body that is not a webhook: %p',
    (body) => {
      expect(() => normalizeWebhook(body)).toThrow(WebhookPayloadError);
    },
  );
});
