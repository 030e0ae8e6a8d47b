import type { MediaKind, MediaRef, OutboundMessage } from '../../domain/message';
import { graphRecipient, type GraphRecipient } from './addressing';
import { contactRequestPart, listParts, replyButtonParts, type InteractivePart } from './formatInteractive';
import * as limits from './limits';
import { OutboundFormatError } from './outboundFormatError';
import { splitText } from '../../domain/textSplitting';

/**
 * OutboundMessage → the request bodies for POST /{phone-number-id}/messages, in sending order.
 * One OutboundMessage can need several WhatsApp messages (long text, long interactive bodies,
 * long captions, lists over 10 rows); every body produced here respects limits.ts.
 * Body shapes: Meta's "Messages" pages (text-messages, image-messages, document-messages,
 * interactive-*-messages, template messages), all under
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/
 */
export type GraphMessageBody = {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  type: string;
} & GraphRecipient & Record<string, unknown>;

/** Meta has no separate voice type: voice notes are `audio` (OGG/OPUS files play as voice). */
const GRAPH_MEDIA_TYPE: Record<MediaKind, string> = {
  image: 'image',
  audio: 'audio',
  voice: 'audio',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
};

/** Audio and stickers take no caption; a caption given for them follows as a text message. */
const CAPTION_ALLOWED = new Set<MediaKind>(['image', 'video', 'document']);

export function toGraphMessages(message: OutboundMessage): GraphMessageBody[] {
  const recipient = graphRecipient(message);
  const envelope = (type: string, payload: unknown): GraphMessageBody => ({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipient,
    type,
    [type]: payload,
  });
  const texts = (text: string) => splitText(text, limits.TEXT_BODY_MAX).map((body) => envelope('text', { body }));
  const interactives = (parts: InteractivePart[]) =>
    parts.flatMap((part) => [...(part.leadingText ? texts(part.leadingText) : []), envelope('interactive', part.interactive)]);

  const content = message.content;
  switch (content.type) {
    case 'text': {
      const bodies = texts(content.text);
      if (bodies.length === 0) throw new OutboundFormatError('text message is empty');
      return bodies;
    }
    case 'buttons':
      if (content.buttons.length === 0) return texts(content.text);
      return interactives(replyButtonParts(content.text, content.buttons, { ...content, locale: message.locale }));
    case 'list':
      return interactives(listParts(content.text, content.buttonLabel, content.sections, { ...content, locale: message.locale }));
    case 'media':
      return mediaMessages(content.media, envelope, texts);
    case 'template':
      return [envelope('template', templatePayload(content.name, content.language, content.parameters))];
    case 'contact_request':
      return interactives([contactRequestPart(content.text)]);
  }
}

function mediaMessages(
  media: MediaRef,
  envelope: (type: string, payload: unknown) => GraphMessageBody,
  texts: (text: string) => GraphMessageBody[],
): GraphMessageBody[] {
  const type = GRAPH_MEDIA_TYPE[media.kind];
  // An uploaded media id is preferred over a link: Meta fetches links itself, which is slower
  // and the send fails (131052, media download error) when our host is slow or unreachable.
  if (!media.mediaId && !media.url) throw new OutboundFormatError(`${media.kind} message has neither a media id nor a link`);
  const payload: Record<string, unknown> = media.mediaId ? { id: media.mediaId } : { link: media.url };

  const caption = media.caption?.trim() ?? '';
  const captionFits = CAPTION_ALLOWED.has(media.kind) && caption.length <= limits.MEDIA_CAPTION_MAX;
  if (caption && captionFits) payload.caption = caption;
  if (media.kind === 'document' && media.filename) payload.filename = media.filename;

  // A caption that cannot ride on the media (too long, or audio/sticker) follows it as text,
  // so the customer still reads it right under the file.
  const trailing = caption && !captionFits ? texts(caption) : [];
  return [envelope(type, payload), ...trailing];
}

function templatePayload(name: string, language: string, parameters: string[]): Record<string, unknown> {
  const payload: Record<string, unknown> = { name, language: { code: language } };
  if (parameters.length > 0) {
    payload.components = [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }];
  }
  return payload;
}
