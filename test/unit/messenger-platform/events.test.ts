import { INSTAGRAM } from '../../../src/channels/instagram';
import { MESSENGER } from '../../../src/channels/messenger';
import { normalizeMessagingWebhook } from '../../../src/meta/messenger-platform/events';
import { WebhookPayloadError } from '../../../src/meta/webhookEndpoint';
import { loadFixture } from './support';

const PSID = '6934571289045612';
const IGSID = '1234567890123456';
const T = 1750000000000;
const M = 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlq';
const IGM = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMT';

const messenger = (name: string, accountId?: string) => normalizeMessagingWebhook(MESSENGER, loadFixture('messenger', name), { accountId, now: () => 42 });
const instagram = (name: string) => normalizeMessagingWebhook(INSTAGRAM, loadFixture('instagram', name), { now: () => 42 });

describe('Messenger webhook events → messages, receipts, updates', () => {
  it('a text, keyed to the customer PSID, with Meta’s millisecond timestamp', () => {
    expect(messenger('text').messages).toEqual([{ id: `${M}TEXT1`, channel: 'messenger', from: PSID, timestamp: T, content: { type: 'text', text: 'আমার অর্ডার কোথায়?' } }]);
  });

  it('a reply to an earlier message keeps its id', () => {
    expect(messenger('text_reply_to').messages[0]).toMatchObject({ content: { type: 'text', text: 'this one please' }, replyTo: `${M}OUT0001` });
  });

  it('a quick reply and a postback are button presses whose id is the payload', () => {
    expect(messenger('quick_reply').messages[0].content).toEqual({ type: 'button', id: 'flow:order_status', title: 'Order status' });
    expect(messenger('postback').messages[0]).toMatchObject({ id: `${M}PB1`, content: { type: 'button', id: 'human', title: 'Talk to a person' } });
  });

  it('a Get Started postback without mid gets a stable id, and its m.me referral is noted first', () => {
    const first = messenger('postback_get_started');
    expect(first.messages.map((m) => m.content)).toEqual([
      { type: 'system', detail: 'Opened the chat from a link or ad (source shortlink, ref "summer_sale")' },
      { type: 'button', id: 'menu', title: 'Get Started' },
    ]);
    expect(messenger('postback_get_started').messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
  });

  it.each([
    ['image', 'image'],
    ['audio', 'audio'],
    ['video', 'video'],
    ['file', 'document'],
  ])('a %s attachment is media of kind %s with its link', (fixture, kind) => {
    expect(messenger(fixture).messages[0].content).toEqual({ type: 'media', media: { kind, url: expect.stringMatching(/^https:\/\/scontent/) } });
  });

  it('the thumbs-up is a sticker (the bot stays silent on stickers)', () => {
    expect(messenger('sticker').messages[0].content).toMatchObject({ type: 'media', media: { kind: 'sticker' } });
  });

  it('a location has its coordinates and title', () => {
    expect(messenger('location').messages[0].content).toEqual({ type: 'location', location: { latitude: 23.7808875, longitude: 90.2792373, name: "Rahim's Location" } });
  });

  it('a shared link (fallback) is one part for the agent, not the URL twice', () => {
    const { messages } = messenger('fallback');
    expect(messages).toHaveLength(1);
    expect(messages[0].content).toEqual({ type: 'unsupported', originalType: 'link', detail: 'Black Panjabi - Shop https://shop.example/products/panjabi-black' });
  });

  it('several photos in one message are one job each, with stable ids', () => {
    expect(messenger('multiple_attachments').messages.map((m) => m.id)).toEqual([`${M}MULTI1`, `${M}MULTI1#2`]);
  });

  it('the ad a customer came from is noted before their message', () => {
    expect(messenger('ad_referral_message').messages.map((m) => [m.id, m.content])).toEqual([
      [`${M}AD1#referral`, { type: 'system', detail: 'Opened the chat from a link or ad (source ads, ad 23851234567890123, ref "eid_2024")' }],
      [`${M}AD1`, { type: 'text', text: 'Is this still available?' }],
    ]);
  });

  it('a standalone referral is a notice the bot does not answer', () => {
    expect(messenger('referral').messages[0].content).toEqual({ type: 'system', detail: 'Opened the chat from a link or ad (source shortlink, ref "flow:order_status")' });
  });

  it('a reaction names the message reacted to; an unreact is an empty emoji', () => {
    expect(messenger('reaction').messages[0].content).toEqual({ type: 'reaction', messageId: `${M}OUT0001`, emoji: '❤️' });
    expect(messenger('unreact').messages[0].content).toEqual({ type: 'reaction', messageId: `${M}OUT0001`, emoji: '' });
  });

  it('delivery receipts: one per mid, or a watermark for every message up to it', () => {
    expect(messenger('delivery').receipts).toEqual([
      { channel: 'messenger', channelMessageId: `${M}OUT0001`, status: 'delivered', at: 42, recipient: PSID },
      { channel: 'messenger', channelMessageId: `${M}OUT0002`, status: 'delivered', at: 42, recipient: PSID },
    ]);
    expect(messenger('delivery_watermark').receipts).toEqual([{ channel: 'messenger', status: 'delivered', at: 42, recipient: PSID, upTo: T }]);
  });

  it('a read receipt is a watermark', () => {
    expect(messenger('read').receipts).toEqual([{ channel: 'messenger', status: 'read', at: T, recipient: PSID, upTo: T - 1000 }]);
    expect(messenger('read').messages).toEqual([]);
  });

  it('an echo from the Page inbox is a page message for the recipient; the bot’s own echo is dropped', () => {
    const inbox = messenger('echo_page_inbox');
    expect(inbox.messages).toEqual([]);
    expect(inbox.updates).toEqual([{ update: 'page-message', channel: 'messenger', customer: PSID, channelMessageId: `${M}ECHO1`, at: T, content: { type: 'text', text: 'Hi Rahim, Mina from the shop here. Your parcel leaves today.' } }]);
    expect(messenger('echo_attachment').updates[0]).toMatchObject({ content: { type: 'media', media: { kind: 'image', url: 'https://scontent.xx.fbcdn.net/v/invoice.jpg' } } });
    const own = messenger('echo_own_send');
    expect([own.messages, own.updates, own.receipts]).toEqual([[], [], []]);
  });

  it('an edit names the message and its new text', () => {
    expect(messenger('edit').updates).toEqual([{ update: 'edit', channel: 'messenger', customer: PSID, channelMessageId: `${M}TEXT1`, at: T, text: 'আমার অর্ডার 204518 কোথায়?' }]);
  });

  it('opt-ins, standby (another app holds the thread) and other Pages are logged as ignored', () => {
    expect(messenger('optin')).toMatchObject({ messages: [], ignored: [{ field: 'optin' }] });
    expect(messenger('standby')).toMatchObject({ messages: [], ignored: [{ field: 'standby' }] });
    expect(messenger('other_page', '102938475610293')).toMatchObject({ messages: [], ignored: [{ field: 'entry:555000111222333' }] });
    expect(messenger('other_page').messages).toHaveLength(1);
  });

  it('a batch of entries and events keeps every item, in order', () => {
    const batch = messenger('batch');
    expect(batch.messages.map((m) => [m.id, m.from])).toEqual([[`${M}B1`, PSID], [`${M}B2`, '7012345678901234']]);
    expect(batch.receipts).toHaveLength(1);
  });

  it('an event missing what we need is ignored, and the rest of the delivery still reads', () => {
    const payload = loadFixture('messenger', 'batch');
    payload.entry[0].messaging.unshift({ sender: {}, recipient: { id: '1' }, timestamp: T, message: { mid: 'x', text: 'no sender' } }, { message: { text: 'no mid' }, sender: { id: PSID } }, 'not an event');
    const result = normalizeMessagingWebhook(MESSENGER, payload);
    expect(result.messages).toHaveLength(2);
    expect(result.ignored.map((i) => i.reason)).toEqual(['event without sender or recipient id', 'message without mid', 'event is not an object']);
  });

  it('another object is ignored; a body that is not a webhook is an error', () => {
    expect(normalizeMessagingWebhook(MESSENGER, loadFixture('instagram', 'text')).ignored).toEqual([{ field: 'object:instagram', reason: 'not a Messenger webhook (object "page")' }]);
    for (const body of [[], 'x', null, { object: 'page' }]) expect(() => normalizeMessagingWebhook(MESSENGER, body)).toThrow(WebhookPayloadError);
  });
});

describe('Instagram webhook events', () => {
  it('a text from an IGSID on the instagram channel', () => {
    expect(instagram('text').messages).toEqual([{ id: `${IGM}TXT1`, channel: 'instagram', from: IGSID, timestamp: T, content: { type: 'text', text: 'price koto?' } }]);
  });

  it('quick replies and postbacks are button presses', () => {
    expect(instagram('quick_reply').messages[0].content).toEqual({ type: 'button', id: 'flow:delivery', title: 'Delivery' });
    expect(instagram('postback').messages[0].content).toEqual({ type: 'button', id: 'human', title: 'Talk to a person' });
  });

  it.each([['image', 'image'], ['video', 'video'], ['audio', 'audio'], ['file', 'document']])('%s → media %s', (fixture, kind) => {
    expect(instagram(fixture).messages[0].content).toMatchObject({ type: 'media', media: { kind } });
  });

  it('a story reply: the story is noted for agents, then the text goes to the bot', () => {
    expect(instagram('story_reply').messages.map((m) => [m.id, m.content])).toEqual([
      [`${IGM}STORYREPLY#story`, { type: 'system', detail: "Replied to the shop's story: https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17901234&signature=story" }],
      [`${IGM}STORYREPLY`, { type: 'text', text: 'Is the blue one in stock?' }],
    ]);
  });

  it('a story mention is a notice with the story link; shares and reels are kept for the agent', () => {
    expect(instagram('story_mention').messages[0].content).toEqual({ type: 'system', detail: 'Mentioned the shop in their story: https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17905555&signature=mention' });
    expect(instagram('share').messages[0].content).toEqual({ type: 'unsupported', originalType: 'share', detail: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=post1&signature=share' });
    expect(instagram('reel').messages[0].content).toMatchObject({ type: 'unsupported', originalType: 'ig_reel', detail: expect.stringContaining('Eid collection') });
  });

  it('the heart sticker is a sticker (no answer from the bot)', () => {
    const payload = loadFixture('instagram', 'image');
    payload.entry[0].messaging[0].message.attachments = [{ type: 'like_heart' }];
    expect(normalizeMessagingWebhook(INSTAGRAM, payload).messages[0].content).toEqual({ type: 'media', media: { kind: 'sticker', caption: '❤️' } });
  });

  it('reactions, and seen receipts by message id', () => {
    expect(instagram('reaction').messages[0].content).toEqual({ type: 'reaction', messageId: `${IGM}OUT1`, emoji: '❤️' });
    expect(instagram('unreact').messages[0].content).toEqual({ type: 'reaction', messageId: `${IGM}OUT1`, emoji: '' });
    expect(instagram('seen').receipts).toEqual([{ channel: 'instagram', channelMessageId: `${IGM}OUT1`, status: 'read', at: T, recipient: IGSID }]);
  });

  it('an unsend, an echo from the Instagram app, an unsupported message', () => {
    expect(instagram('deleted').updates).toEqual([{ update: 'unsend', channel: 'instagram', customer: IGSID, channelMessageId: `${IGM}TXT1`, at: T }]);
    expect(instagram('echo').updates).toEqual([{ update: 'page-message', channel: 'instagram', customer: IGSID, channelMessageId: `${IGM}ECHO1`, at: T, content: { type: 'text', text: 'Yes, size M is in stock' } }]);
    expect(instagram('unsupported').messages[0].content).toMatchObject({ type: 'unsupported', originalType: 'unsupported' });
  });

  it('comments (changes[]) are not direct messages', () => {
    expect(instagram('comment_change')).toMatchObject({ messages: [], ignored: [{ field: 'comments' }] });
  });
});
