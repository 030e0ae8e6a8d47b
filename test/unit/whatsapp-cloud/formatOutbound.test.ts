import { OutboundFormatError, toGraphMessages } from '../../../src/channels/whatsapp-cloud';
import type { OutboundContent, OutboundMessage } from '../../../src/domain/message';
import { expectWithinLimits } from './limitsCheck';

const TO = '8801711000001';

function outbound(content: OutboundContent, locale: 'en' | 'bn' = 'en'): OutboundMessage {
  return { id: 'out-1', conversationId: 'c-1', channel: 'whatsapp-cloud', to: TO, content, sender: 'bot', locale, createdAt: 0 };
}

function format(content: OutboundContent, locale: 'en' | 'bn' = 'en') {
  const bodies = toGraphMessages(outbound(content, locale)) as Record<string, any>[];
  bodies.forEach(expectWithinLimits);
  return bodies;
}

const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

describe('text', () => {
  it('one text message', () => {
    expect(format({ type: 'text', text: 'ধন্যবাদ!' })).toEqual([{ ...envelope, type: 'text', text: { body: 'ধন্যবাদ!' } }]);
  });

  it('over 4096 characters: several messages split at paragraph boundaries, in order', () => {
    const para = (c: string) => `${c.repeat(2500)}`;
    const bodies = format({ type: 'text', text: `${para('a')}\n\n${para('b')}\n\n${para('c')}` });
    expect(bodies.map((b) => b.text.body)).toEqual([para('a'), para('b'), para('c')]);
  });

  it('refuses an empty text (Meta rejects empty bodies)', () => {
    expect(() => format({ type: 'text', text: '   ' })).toThrow(OutboundFormatError);
  });
});

describe('reply buttons', () => {
  it('up to three buttons: interactive button message with header and footer', () => {
    expect(
      format({
        type: 'buttons',
        text: 'How can we help?',
        header: 'Rahim Store',
        footer: 'Reply anytime',
        buttons: [
          { id: 'track', title: 'Track order' },
          { id: 'price', title: 'Prices' },
          { id: 'human', title: 'Talk to a person' },
        ],
      }),
    ).toEqual([
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'text', text: 'Rahim Store' },
          body: { text: 'How can we help?' },
          footer: { text: 'Reply anytime' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'track', title: 'Track order' } },
              { type: 'reply', reply: { id: 'price', title: 'Prices' } },
              { type: 'reply', reply: { id: 'human', title: 'Talk to a person' } },
            ],
          },
        },
      },
    ]);
  });

  it('shortens over-long titles, header and footer with an ellipsis at the limit', () => {
    const [body] = format({
      type: 'buttons',
      text: 'Pick one',
      header: 'H'.repeat(80),
      footer: 'F'.repeat(80),
      buttons: [{ id: 'outside', title: 'Delivery charges outside Dhaka' }],
    });
    expect(body.interactive.action.buttons[0].reply.title).toBe('Delivery charges ou…');
    expect(body.interactive.header.text).toBe(`${'H'.repeat(59)}…`);
    expect(body.interactive.footer.text).toBe(`${'F'.repeat(59)}…`);
  });

  it('a body over 1024 characters goes first as text; the closing question stays on the buttons', () => {
    const intro = 'Our shop is open every day from 10am to 9pm and delivers across Bangladesh. '.repeat(20).trim();
    const bodies = format({ type: 'buttons', text: `${intro}\n\nDo you want to order?`, buttons: [{ id: 'yes', title: 'Yes' }] });
    expect(bodies.map((b) => b.type)).toEqual(['text', 'interactive']);
    expect(bodies[0].text.body).toBe(intro);
    expect(bodies[1].interactive.body.text).toBe('Do you want to order?');
  });

  it('more than three buttons become a list with a localized "choose" button', () => {
    const buttons = ['bKash', 'Nagad', 'Rocket', 'Cash on delivery'].map((title, i) => ({ id: `pay_${i}`, title }));
    const [body] = format({ type: 'buttons', text: 'কিভাবে পেমেন্ট করবেন?', buttons }, 'bn');
    expect(body.interactive).toEqual({
      type: 'list',
      body: { text: 'কিভাবে পেমেন্ট করবেন?' },
      action: {
        button: 'বেছে নিন',
        sections: [{ rows: buttons.map((b) => ({ id: b.id, title: b.title })) }],
      },
    });
  });

  it('refuses a button id longer than 256 characters instead of cutting what the flow matches on', () => {
    expect(() => format({ type: 'buttons', text: 'x', buttons: [{ id: 'i'.repeat(257), title: 'ok' }] })).toThrow(OutboundFormatError);
  });

  it('refuses a button whose title is blank (Meta requires one)', () => {
    expect(() => format({ type: 'buttons', text: 'x', buttons: [{ id: 'a', title: '  ' }] })).toThrow(OutboundFormatError);
  });

  it('no buttons at all: plain text', () => {
    expect(format({ type: 'buttons', text: 'Hello', buttons: [] })).toEqual([{ ...envelope, type: 'text', text: { body: 'Hello' } }]);
  });
});

describe('lists', () => {
  const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, title: `Item ${i + 1}` }));

  it('a list with sections, descriptions and a shortened row title', () => {
    const [body] = format({
      type: 'list',
      text: 'Choose a delivery area',
      buttonLabel: 'Areas',
      footer: 'Prices include VAT',
      sections: [
        { title: 'Dhaka', rows: [{ id: 'dhk_in', title: 'Inside Dhaka city corporation', description: '1-2 days, 60 Tk' }] },
        { title: 'Outside Dhaka', rows: [{ id: 'out', title: 'Other districts', description: '3-5 days, 120 Tk' }] },
      ],
    });
    expect(body.interactive).toEqual({
      type: 'list',
      body: { text: 'Choose a delivery area' },
      footer: { text: 'Prices include VAT' },
      action: {
        button: 'Areas',
        sections: [
          { title: 'Dhaka', rows: [{ id: 'dhk_in', title: 'Inside Dhaka city corpo…', description: '1-2 days, 60 Tk' }] },
          { title: 'Outside Dhaka', rows: [{ id: 'out', title: 'Other districts', description: '3-5 days, 120 Tk' }] },
        ],
      },
    });
  });

  it('more than 10 rows: a second list message with the rest and a "More options (2/2)" body', () => {
    const bodies = format({
      type: 'list',
      text: 'Our products',
      buttonLabel: 'Products',
      header: 'Catalogue',
      sections: [
        { title: 'Saree', rows: rows(7, 's') },
        { title: 'Panjabi', rows: rows(5, 'p') },
      ],
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[0].interactive.header).toEqual({ type: 'text', text: 'Catalogue' });
    expect(bodies[0].interactive.action.sections).toEqual([
      { title: 'Saree', rows: rows(7, 's') },
      { title: 'Panjabi', rows: rows(3, 'p') },
    ]);
    expect(bodies[1].interactive.header).toBeUndefined();
    expect(bodies[1].interactive.body).toEqual({ text: 'More options (2/2)' });
    expect(bodies[1].interactive.action).toEqual({ button: 'Products', sections: [{ title: 'Panjabi', rows: rows(5, 'p').slice(3) }] });
  });

  it('several sections where one is untitled are merged into one section (Meta needs titles)', () => {
    const [body] = format({
      type: 'list',
      text: 'Pick',
      buttonLabel: 'Open',
      sections: [{ rows: rows(2, 'a') }, { title: 'More', rows: rows(1, 'b') }],
    });
    expect(body.interactive.action.sections).toEqual([{ rows: [...rows(2, 'a'), ...rows(1, 'b')] }]);
  });

  it('shortens the list button label, section titles and row descriptions', () => {
    const [body] = format({
      type: 'list',
      text: 'Pick',
      buttonLabel: 'See all available delivery options',
      sections: [{ title: 'Same-day delivery inside Dhaka', rows: [{ id: 'x', title: 'X', description: 'd'.repeat(100) }] }],
    });
    expect(body.interactive.action.button).toBe('See all available d…');
    expect(body.interactive.action.sections[0].title).toBe('Same-day delivery insid…');
    expect(body.interactive.action.sections[0].rows[0].description).toBe(`${'d'.repeat(71)}…`);
  });

  it('refuses a list without rows', () => {
    expect(() => format({ type: 'list', text: 'x', buttonLabel: 'y', sections: [{ rows: [] }] })).toThrow(OutboundFormatError);
  });
});

describe('media', () => {
  it('image by link with caption', () => {
    expect(format({ type: 'media', media: { kind: 'image', url: 'https://shop.example/saree.jpg', caption: 'New arrival' } })).toEqual([
      { ...envelope, type: 'image', image: { link: 'https://shop.example/saree.jpg', caption: 'New arrival' } },
    ]);
  });

  it('document by uploaded id with filename (id preferred over link)', () => {
    expect(
      format({ type: 'media', media: { kind: 'document', mediaId: '1013859600285441', url: 'https://x/y.pdf', filename: 'invoice-1042.pdf', caption: 'Invoice' } }),
    ).toEqual([{ ...envelope, type: 'document', document: { id: '1013859600285441', caption: 'Invoice', filename: 'invoice-1042.pdf' } }]);
  });

  it('voice goes as audio; a caption on audio or sticker follows as text', () => {
    expect(format({ type: 'media', media: { kind: 'voice', mediaId: 'v1', caption: 'Listen' } })).toEqual([
      { ...envelope, type: 'audio', audio: { id: 'v1' } },
      { ...envelope, type: 'text', text: { body: 'Listen' } },
    ]);
  });

  it('a caption over 1024 characters follows the media as text instead of being cut', () => {
    const caption = 'Fabric: cotton. '.repeat(100).trim();
    const bodies = format({ type: 'media', media: { kind: 'image', mediaId: 'i1', caption } });
    expect(bodies[0]).toEqual({ ...envelope, type: 'image', image: { id: 'i1' } });
    expect(bodies[1].text.body).toBe(caption);
  });

  it('refuses media with neither id nor link', () => {
    expect(() => format({ type: 'media', media: { kind: 'image' } })).toThrow(OutboundFormatError);
  });
});

describe('template', () => {
  it('name, language code and body parameters', () => {
    expect(format({ type: 'template', name: 'order_update', language: 'bn', parameters: ['Rahim', '#1042'] })).toEqual([
      {
        ...envelope,
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'bn' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Rahim' }, { type: 'text', text: '#1042' }] }],
        },
      },
    ]);
  });

  it('no components when there are no parameters', () => {
    expect(format({ type: 'template', name: 'hello', language: 'en', parameters: [] })[0].template).toEqual({ name: 'hello', language: { code: 'en' } });
  });
});
