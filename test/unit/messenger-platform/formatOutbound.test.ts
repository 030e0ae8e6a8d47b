import type { OutboundContent, OutboundMessage } from '../../../src/domain/message';
import { utf8Bytes } from '../../../src/domain/textSplitting';
import { OutboundFormatError, toSendApiMessages, type SendApiMessage } from '../../../src/meta/messenger-platform/formatOutbound';
import { INSTAGRAM_LIMITS, MESSENGER_LIMITS } from '../../../src/meta/messenger-platform/limits';
import type { MessagingLimits } from '../../../src/meta/messenger-platform/platform';

const outbound = (content: OutboundContent, locale: 'en' | 'bn' = 'en'): OutboundMessage => ({
  id: 'm1#0', conversationId: 'c1', channel: 'messenger', to: '6934571289045612', content, sender: 'bot', locale, createdAt: 0,
});
const messenger = (content: OutboundContent, locale?: 'en' | 'bn') => toSendApiMessages(outbound(content, locale), MESSENGER_LIMITS, 'Messenger');
const instagram = (content: OutboundContent) => toSendApiMessages(outbound(content), INSTAGRAM_LIMITS, 'Instagram');

/** Every limit of limits.ts, checked on what would be sent. */
function withinLimits(messages: SendApiMessage[], limits: MessagingLimits): void {
  const size = (text: string) => (limits.textUnit === 'bytes' ? utf8Bytes(text) : text.length);
  for (const message of messages as any[]) {
    if (message.text !== undefined) {
      expect(message.text.trim()).not.toBe('');
      expect(size(message.text)).toBeLessThanOrEqual(limits.textMax);
    }
    for (const reply of message.quick_replies ?? []) {
      expect(reply.title.length).toBeLessThanOrEqual(limits.quickReplyTitleMax);
      expect(reply.payload.length).toBeLessThanOrEqual(limits.payloadMax);
    }
    expect((message.quick_replies ?? []).length).toBeLessThanOrEqual(limits.quickRepliesMax);
    const payload = message.attachment?.type === 'template' ? message.attachment.payload : undefined;
    if (payload) {
      expect(size(payload.text)).toBeLessThanOrEqual(limits.buttonTemplateTextMax);
      expect(payload.buttons.length).toBeLessThanOrEqual(limits.buttonTemplateButtonsMax);
      for (const button of payload.buttons) expect(button.title.length).toBeLessThanOrEqual(limits.buttonTitleMax);
    }
  }
}

const buttons = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `b:order:ask:${i + 1}`, title: `Option number ${i + 1} with a long title` }));
const rows = (n: number, description?: string) => Array.from({ length: n }, (_, i) => ({ id: `c:faq:menu:${i + 1}`, title: `Topic ${i + 1}`, description }));

describe('OutboundMessage → Send API messages', () => {
  it('a short text is one text message', () => {
    expect(messenger({ type: 'text', text: 'Your order 204518 was shipped.' })).toEqual([{ text: 'Your order 204518 was shipped.' }]);
  });

  it('a long text is split at sentence ends within 2000 characters', () => {
    const sentence = 'Your parcel left our Dhaka warehouse this morning. ';
    const messages = messenger({ type: 'text', text: sentence.repeat(100) });
    expect(messages.length).toBe(3);
    withinLimits(messages, MESSENGER_LIMITS);
    expect(messages.every((m) => (m.text as string).endsWith('morning.'))).toBe(true);
  });

  it('Instagram counts bytes: Bengali text goes in pieces of at most 1000 bytes, nothing lost', () => {
    const text = 'আপনার অর্ডারটি আজ সকালে ঢাকা থেকে পাঠানো হয়েছে। '.repeat(40);
    const messages = instagram({ type: 'text', text });
    withinLimits(messages, INSTAGRAM_LIMITS);
    expect(messages.length).toBeGreaterThan(4);
    expect(messages.map((m) => m.text).join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
    // English of the same length in characters still fits in fewer, fuller messages.
    expect(instagram({ type: 'text', text: 'a'.repeat(999) })).toHaveLength(1);
  });

  it('up to three buttons are a button template of postbacks whose payloads are the button ids', () => {
    const [message] = messenger({ type: 'buttons', text: 'What next?', buttons: buttons(3), header: 'Order 204518', footer: 'Shop Dhaka' });
    expect(message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Order 204518\n\nWhat next?\n\nShop Dhaka',
          buttons: [1, 2, 3].map((i) => ({ type: 'postback', title: `Option number ${i} wit…`, payload: `b:order:ask:${i}` })),
        },
      },
    });
  });

  it('a long button text goes first as text; the question stays with the buttons', () => {
    const text = `${'We deliver across Bangladesh within three days. '.repeat(20)}Shall I connect you to a person?`;
    const messages = messenger({ type: 'buttons', text, buttons: buttons(2) });
    withinLimits(messages, MESSENGER_LIMITS);
    expect(messages[0].text).toMatch(/^We deliver/);
    expect((messages.at(-1) as any).attachment.payload.text).toMatch(/Shall I connect you to a person\?$/);
  });

  it('more than three buttons are quick replies on the text', () => {
    expect(messenger({ type: 'buttons', text: 'Pick one', buttons: buttons(5) })).toEqual([
      { text: 'Pick one', quick_replies: buttons(5).map((b) => ({ content_type: 'text', title: `${b.title.slice(0, 19).trimEnd()}…`, payload: b.id })) },
    ]);
  });

  it('a plain list of up to 13 rows is quick replies', () => {
    const [message] = messenger({ type: 'list', text: 'Choose a topic', buttonLabel: 'Topics', sections: [{ rows: rows(4) }] });
    expect(message).toEqual({ text: 'Choose a topic', quick_replies: rows(4).map((r) => ({ content_type: 'text', title: r.title, payload: r.id })) });
  });

  it('a list with descriptions is written out as a numbered menu, with quick replies too', () => {
    const [message] = messenger({ type: 'list', text: 'Choose', buttonLabel: 'Topics', sections: [{ title: 'Orders', rows: rows(2, 'track it') }] });
    expect(message.text).toBe('Choose\n\nOrders\n1. Topic 1 – track it\n2. Topic 2 – track it');
    expect(message.quick_replies).toHaveLength(2);
  });

  it('a list over 13 rows: every row numbered, a hint in the customer’s language, the first 13 as quick replies', () => {
    const [message] = messenger({ type: 'list', text: 'কোন বিষয়ে?', buttonLabel: 'বিষয়', sections: [{ rows: rows(20) }] }, 'bn');
    expect(message.text).toContain('20. Topic 20');
    expect(message.text).toMatch(/একটি সংখ্যা লিখে উত্তর দিন$/);
    expect(message.quick_replies).toHaveLength(13);
    withinLimits([message], MESSENGER_LIMITS);
  });

  it('media go by link with the caption after them; a file is a document', () => {
    expect(messenger({ type: 'media', media: { kind: 'document', url: 'https://shop.example/invoice.pdf', caption: 'Your invoice' } })).toEqual([
      { attachment: { type: 'file', payload: { url: 'https://shop.example/invoice.pdf', is_reusable: true } } },
      { text: 'Your invoice' },
    ]);
    expect(instagram({ type: 'media', media: { kind: 'voice', url: 'https://shop.example/a.ogg' } })).toEqual([{ attachment: { type: 'audio', payload: { url: 'https://shop.example/a.ogg', is_reusable: true } } }]);
  });

  it.each<[string, OutboundContent]>([
    ['an empty text', { type: 'text', text: '  ' }],
    ['media without a link (a WhatsApp media id)', { type: 'media', media: { kind: 'image', mediaId: '1234' } }],
    ['a WhatsApp template', { type: 'template', name: 'order_followup', language: 'bn', parameters: [] }],
    ['a button id over 1000 characters', { type: 'buttons', text: 'x', buttons: [{ id: 'x'.repeat(1001), title: 'Go' }] }],
    ['a button without a title', { type: 'buttons', text: 'x', buttons: [{ id: 'a', title: ' ' }] }],
    ['a list without rows', { type: 'list', text: 'x', buttonLabel: 'y', sections: [{ rows: [] }] }],
  ])('%s cannot be sent and is not retried', (_what, content) => {
    expect(() => messenger(content)).toThrow(OutboundFormatError);
    try {
      messenger(content);
    } catch (error) {
      expect((error as OutboundFormatError).error).toMatchObject({ code: 'OUTBOUND_FORMAT', retryable: false });
    }
  });

  it('Instagram’s button template text fits in 640 bytes however heavy the script', () => {
    const messages = instagram({ type: 'buttons', text: 'আপনি কি একজন মানুষের সাথে কথা বলতে চান? '.repeat(12), buttons: buttons(2) });
    withinLimits(messages, INSTAGRAM_LIMITS);
    expect((messages.at(-1) as any).attachment.payload.buttons).toHaveLength(2);
  });
});
