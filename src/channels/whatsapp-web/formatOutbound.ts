import type { Locale } from '../../domain/locale';
import { contentText, type Button, type ListSection, type MediaKind, type OutboundMessage } from '../../domain/message';

/**
 * OutboundMessage → what to send through whatsapp-web.js, in order. Pure: the channel turns
 * each part into library calls (and fetches media then), so this file is tested without a
 * browser or the network.
 *
 * Reply buttons and lists become a numbered text menu. WhatsApp Web cannot send them reliably
 * (whatsapp-web.js deprecated its `Buttons` and `List`; WhatsApp drops them for non-business
 * senders), and the engine already takes a typed "1", "২" or the option's title as the choice
 * (validateAnswer.ts, FlowRunner.answer). Numbers run across sections in row order, which is
 * the order the engine counts in.
 */
export type WebOutboundPart =
  | { kind: 'text'; text: string }
  | { kind: 'media'; mediaKind: MediaKind; url: string; mimeType?: string; filename?: string; caption?: string };

/** A message this channel can never send as it is; retrying will not help. */
export class WebOutboundFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebOutboundFormatError';
  }
}

/** ASCII digits in the menu even in Bengali: customers type either, and the engine reads both. */
const MENU_HINT: Record<Locale, string> = {
  en: 'Reply with a number',
  bn: 'একটি সংখ্যা লিখে উত্তর দিন',
};

/** WhatsApp shows no caption under voice notes, audio or stickers: it follows as a text. */
const CAPTION_ALLOWED = new Set<MediaKind>(['image', 'video', 'document']);

export function toWebParts(message: OutboundMessage): WebOutboundPart[] {
  const content = message.content;
  const locale = message.locale ?? 'en';
  switch (content.type) {
    case 'text':
      return [textPart(content.text)];
    case 'buttons':
      if (content.buttons.length === 0) return [textPart(content.text)];
      return [textPart(numberedMenu(content.text, [{ rows: content.buttons }], locale, content))];
    case 'list': {
      const sections = content.sections.filter((section) => section.rows.length > 0);
      if (sections.length === 0) throw new WebOutboundFormatError('list message has no rows');
      return [textPart(numberedMenu(content.text, sections, locale, content))];
    }
    case 'media': {
      const { kind, url, mimeType, filename } = content.media;
      // A Cloud API media id means nothing to WhatsApp Web: only a link can be sent from here.
      if (!url) throw new WebOutboundFormatError(`${kind} message has no link (WhatsApp Web cannot send by media id)`);
      const caption = content.media.caption?.trim() ?? '';
      const media: WebOutboundPart = { kind: 'media', mediaKind: kind, url };
      if (mimeType) media.mimeType = mimeType;
      if (filename) media.filename = filename;
      if (caption && CAPTION_ALLOWED.has(kind)) return [{ ...media, caption }];
      return caption ? [media, { kind: 'text', text: caption }] : [media];
    }
    case 'template':
      // A linked phone has no approved templates and no 24-hour window: send what the
      // transcript shows for it.
      return [textPart(contentText(content))];
    case 'contact_request':
      // No share button on WhatsApp Web: the customer types the number (the step reads it).
      return [textPart(content.text)];
  }
}

function textPart(text: string): WebOutboundPart {
  if (text.trim() === '') throw new WebOutboundFormatError('text message is empty');
  return { kind: 'text', text };
}

interface Decorations {
  header?: string;
  footer?: string;
}

/**
 * *Header*
 * Body
 *
 * 1. First option
 * 2. Second option – its description
 *
 * Footer
 * _Reply with a number_
 */
function numberedMenu(body: string, sections: ListSection[] | { rows: Button[] }[], locale: Locale, decorations: Decorations): string {
  const blocks: string[] = [];
  const header = decorations.header?.trim();
  blocks.push(header ? `*${header}*\n${body.trim()}` : body.trim());
  let number = 0;
  const menu = sections.map((section) => {
    const title = 'title' in section && section.title?.trim() ? [`*${section.title.trim()}*`] : [];
    const rows = section.rows.map((row) => {
      number += 1;
      const description = 'description' in row && row.description?.trim() ? ` – ${row.description.trim()}` : '';
      return `${number}. ${row.title.trim()}${description}`;
    });
    return [...title, ...rows].join('\n');
  });
  blocks.push(menu.join('\n\n'));
  const footer = decorations.footer?.trim();
  blocks.push([footer, `_${MENU_HINT[locale]}_`].filter(Boolean).join('\n'));
  return blocks.filter((block) => block !== '').join('\n\n');
}
