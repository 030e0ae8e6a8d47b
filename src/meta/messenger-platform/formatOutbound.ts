import { ChannelSendError } from '../../domain/delivery';
import type { Locale } from '../../domain/locale';
import type { Button, ListRow, ListSection, MediaKind, OutboundMessage } from '../../domain/message';
import { shortenWithEllipsis, splitTail, splitText, splitTextToBytes, utf8Bytes } from '../../domain/textSplitting';
import type { MessagingLimits } from './platform';

/**
 * OutboundMessage → the `message` objects of Send API requests, in sending order; the channel
 * adds recipient and messaging type. Body shapes: https://developers.facebook.com/docs/messenger-platform/reference/send-api.
 * Every object respects limits.ts; what changes on purpose:
 * - up to 3 buttons become a button template (postback buttons, whose payload is the button id);
 *   more buttons, and lists, become quick replies (up to 13);
 * - a list with descriptions, section titles or more than 13 rows is written out as a numbered
 *   menu (the engine takes a typed "2" or title as the choice) with quick replies for the first 13;
 * - text over the limit is split at natural boundaries; the part that carries buttons or quick
 *   replies is the last one, so the question stays right above them;
 * - titles end in "…" at 20 characters; ids are never shortened (the flow acts on them);
 * - media go by link (Meta fetches it); a caption follows as text (attachments take none).
 */
export type SendApiMessage = Record<string, unknown>;

/** A message the platform cannot take as it is (an empty text, an id over 1000 characters, a template). */
export class OutboundFormatError extends ChannelSendError {
  constructor(reason: string) {
    super({ code: 'OUTBOUND_FORMAT', title: reason, retryable: false });
    this.name = 'OutboundFormatError';
  }
}

const ATTACHMENT_TYPE: Record<MediaKind, string> = { image: 'image', sticker: 'image', audio: 'audio', voice: 'audio', video: 'video', document: 'file' };

const MENU_HINT: Record<Locale, string> = { en: 'Reply with a number', bn: 'একটি সংখ্যা লিখে উত্তর দিন' };

interface Option {
  id: string;
  title: string;
}

export function toSendApiMessages(message: OutboundMessage, limits: MessagingLimits, platform: string): SendApiMessage[] {
  const format = new Formatter(limits, platform);
  const content = message.content;
  switch (content.type) {
    case 'text':
      return format.texts(content.text);
    case 'buttons': {
      const text = decorated(content.text, content);
      if (content.buttons.length === 0) return format.texts(text);
      if (content.buttons.length <= limits.buttonTemplateButtonsMax) return format.buttonTemplate(text, content.buttons);
      return format.quickReplies(text, content.buttons);
    }
    case 'list':
      return format.list(decorated(content.text, content), content.sections, message.locale ?? 'en');
    case 'media': {
      const { kind, url, caption } = content.media;
      if (!url) throw new OutboundFormatError(`${platform} sends media by link only; this ${kind} has none (a WhatsApp media id cannot be used)`);
      const attachment = { attachment: { type: ATTACHMENT_TYPE[kind], payload: { url, is_reusable: true } } };
      return [attachment, ...(caption?.trim() ? format.texts(caption) : [])];
    }
    case 'template':
      throw new OutboundFormatError(`${platform} has no message templates; "${content.name}" is a WhatsApp template`);
    case 'contact_request':
      // WhatsApp's share-contact button has no counterpart here: the customer types the number.
      return format.texts(content.text);
  }
}

/** Button and list messages have a header and footer on WhatsApp; here they frame the text. */
function decorated(text: string, parts: { header?: string; footer?: string }): string {
  return [parts.header?.trim(), text.trim(), parts.footer?.trim()].filter(Boolean).join('\n\n');
}

class Formatter {
  constructor(
    private readonly limits: MessagingLimits,
    private readonly platform: string,
  ) {}

  texts(text: string): SendApiMessage[] {
    const pieces = this.split(text, this.limits.textMax);
    if (pieces.length === 0) throw new OutboundFormatError('text message is empty');
    return pieces.map((piece) => ({ text: piece }));
  }

  buttonTemplate(text: string, buttons: Button[]): SendApiMessage[] {
    const { head, tail } = this.tail(text, this.limits.buttonTemplateTextMax);
    if (tail === '') throw new OutboundFormatError('button message text is empty');
    const template = {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: tail,
          buttons: buttons.map((button) => ({ type: 'postback', title: this.title(button.title, this.limits.buttonTitleMax), payload: this.payload(button.id) })),
        },
      },
    };
    return [...(head ? this.texts(head) : []), template];
  }

  quickReplies(text: string, options: Option[]): SendApiMessage[] {
    const messages = this.texts(text);
    const quickReplies = options.slice(0, this.limits.quickRepliesMax).map((option) => ({
      content_type: 'text',
      title: this.title(option.title, this.limits.quickReplyTitleMax),
      payload: this.payload(option.id),
    }));
    messages[messages.length - 1] = { ...messages[messages.length - 1], quick_replies: quickReplies };
    return messages;
  }

  list(text: string, sections: ListSection[], locale: Locale): SendApiMessage[] {
    const filled = sections.filter((section) => section.rows.length > 0);
    const rows = filled.flatMap((section) => section.rows);
    if (rows.length === 0) throw new OutboundFormatError('list message has no rows');
    const plain = rows.length <= this.limits.quickRepliesMax && rows.every((row) => !row.description?.trim()) && filled.every((s) => !s.title?.trim());
    return this.quickReplies(plain ? text : numberedMenu(text, filled, rows.length > this.limits.quickRepliesMax ? MENU_HINT[locale] : undefined), rows);
  }

  private title(title: string, max: number): string {
    const trimmed = title.trim();
    if (trimmed === '') throw new OutboundFormatError('a button or quick reply title is empty');
    return shortenWithEllipsis(trimmed, max);
  }

  private payload(id: string): string {
    if (id === '') throw new OutboundFormatError('a button id is empty');
    if (id.length > this.limits.payloadMax) throw new OutboundFormatError(`button id "${id.slice(0, 40)}…" is longer than ${this.platform}'s ${this.limits.payloadMax} characters`);
    return id;
  }

  private split(text: string, max: number): string[] {
    return this.limits.textUnit === 'bytes' ? splitTextToBytes(text, max) : splitText(text, max);
  }

  /** The longest ending of the text that fits, and what comes before it. */
  private tail(text: string, max: number): { head: string; tail: string } {
    if (this.limits.textUnit === 'chars') return splitTail(text, max);
    for (let chars = max; ; ) {
      const parts = splitTail(text, chars);
      const bytes = utf8Bytes(parts.tail);
      if (bytes <= max) return parts;
      chars = Math.floor((chars * max) / bytes);
    }
  }
}

/**
 * Body, then "1. Title – description" per row (numbers across sections, as the engine counts),
 * section titles above their rows, and a hint to type the number when quick replies cannot
 * hold every row.
 */
function numberedMenu(text: string, sections: ListSection[], hint: string | undefined): string {
  let number = 0;
  const menu = sections.map((section) => {
    const title = section.title?.trim() ? [section.title.trim()] : [];
    const rows = section.rows.map((row: ListRow) => {
      number += 1;
      const description = row.description?.trim() ? ` – ${row.description.trim()}` : '';
      return `${number}. ${row.title.trim()}${description}`;
    });
    return [...title, ...rows].join('\n');
  });
  return [text, menu.join('\n\n'), hint].filter(Boolean).join('\n\n');
}
