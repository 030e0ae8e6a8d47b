import { toWebParts, WebOutboundFormatError } from '../../../src/channels/whatsapp-web';
import type { OutboundContent, OutboundMessage } from '../../../src/domain/message';

function outbound(content: OutboundContent, locale?: 'en' | 'bn'): OutboundMessage {
  return { id: 'out-1', conversationId: 'c-1', channel: 'whatsapp-web', to: '8801711000001', content, sender: 'bot', locale, createdAt: 0 };
}

const buttons: OutboundContent = {
  type: 'buttons',
  text: 'How can we help?',
  buttons: [
    { id: 'flow:track', title: 'Track order' },
    { id: 'flow:price', title: 'Prices' },
    { id: 'human', title: 'Talk to a person' },
  ],
};

describe('toWebParts', () => {
  it('text as is', () => {
    expect(toWebParts(outbound({ type: 'text', text: 'ধন্যবাদ!\n\nআবার আসবেন।' }))).toEqual([{ kind: 'text', text: 'ধন্যবাদ!\n\nআবার আসবেন।' }]);
  });

  it('refuses an empty text', () => {
    expect(() => toWebParts(outbound({ type: 'text', text: '  ' }))).toThrow(WebOutboundFormatError);
  });

  it('buttons become a numbered menu with the English hint', () => {
    expect(toWebParts(outbound(buttons, 'en'))).toEqual([
      { kind: 'text', text: 'How can we help?\n\n1. Track order\n2. Prices\n3. Talk to a person\n\n_Reply with a number_' },
    ]);
  });

  it('in Bengali: the Bengali hint, ASCII digits in the menu', () => {
    const bn: OutboundContent = { ...buttons, text: 'কীভাবে সাহায্য করতে পারি?', buttons: [{ id: 'a', title: 'অর্ডার ট্র্যাক' }, { id: 'b', title: 'দাম' }] };
    expect(toWebParts(outbound(bn, 'bn'))[0]).toEqual({
      kind: 'text',
      text: 'কীভাবে সাহায্য করতে পারি?\n\n1. অর্ডার ট্র্যাক\n2. দাম\n\n_একটি সংখ্যা লিখে উত্তর দিন_',
    });
  });

  it('header in bold on top, footer above the hint', () => {
    const [part] = toWebParts(outbound({ ...buttons, header: 'Rahim Store', footer: 'Open 10am–8pm' }));
    expect(part).toEqual({
      kind: 'text',
      text: '*Rahim Store*\nHow can we help?\n\n1. Track order\n2. Prices\n3. Talk to a person\n\nOpen 10am–8pm\n_Reply with a number_',
    });
  });

  it('a list: one count across sections, section titles and row descriptions shown', () => {
    const list: OutboundContent = {
      type: 'list',
      text: 'Pick a product',
      buttonLabel: 'Products',
      sections: [
        { title: 'Saree', rows: [{ id: 'jamdani', title: 'Jamdani', description: '৳ 4,500' }, { id: 'tant', title: 'Tant' }] },
        { title: 'Panjabi', rows: [{ id: 'cotton', title: 'Cotton panjabi' }] },
        { title: 'Empty', rows: [] },
      ],
    };
    expect(toWebParts(outbound(list))[0]).toEqual({
      kind: 'text',
      text: 'Pick a product\n\n*Saree*\n1. Jamdani – ৳ 4,500\n2. Tant\n\n*Panjabi*\n3. Cotton panjabi\n\n_Reply with a number_',
    });
  });

  it('a list without rows is an error; buttons without buttons are just the text', () => {
    expect(() => toWebParts(outbound({ type: 'list', text: 'x', buttonLabel: 'y', sections: [{ rows: [] }] }))).toThrow(WebOutboundFormatError);
    expect(toWebParts(outbound({ type: 'buttons', text: 'Only text', buttons: [] }))).toEqual([{ kind: 'text', text: 'Only text' }]);
  });

  it('media by link with caption and filename', () => {
    const doc: OutboundContent = {
      type: 'media',
      media: { kind: 'document', url: 'https://cdn.example/catalog.pdf', filename: 'catalog.pdf', mimeType: 'application/pdf', caption: 'Our catalogue' },
    };
    expect(toWebParts(outbound(doc))).toEqual([
      { kind: 'media', mediaKind: 'document', url: 'https://cdn.example/catalog.pdf', filename: 'catalog.pdf', mimeType: 'application/pdf', caption: 'Our catalogue' },
    ]);
  });

  it('a caption WhatsApp would not show (voice, sticker) follows as text', () => {
    const voice: OutboundContent = { type: 'media', media: { kind: 'voice', url: 'https://cdn.example/hello.ogg', caption: 'Listen' } };
    expect(toWebParts(outbound(voice))).toEqual([
      { kind: 'media', mediaKind: 'voice', url: 'https://cdn.example/hello.ogg' },
      { kind: 'text', text: 'Listen' },
    ]);
  });

  it('media with only a Cloud API media id cannot be sent from WhatsApp Web', () => {
    expect(() => toWebParts(outbound({ type: 'media', media: { kind: 'image', mediaId: '1234567890' } }))).toThrow(/no link/);
  });

  it('a template becomes its text rendering', () => {
    expect(toWebParts(outbound({ type: 'template', name: 'order_update', language: 'bn', parameters: ['2045', 'shipped'] }))).toEqual([
      { kind: 'text', text: '[template order_update] 2045 shipped' },
    ]);
  });
});
