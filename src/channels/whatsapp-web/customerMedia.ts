import type { MediaRef } from '../../domain/message';
import { InboundMediaError, type InboundMedia } from '../port';
import type { ClientLike } from './libraryClient';
import { errorText } from './inboundRelay';

/**
 * A customer's file through the linked phone: whatsapp-web.js finds the message by its id and
 * decrypts its media (`Message.downloadMedia()`), which it hands over as base64. WhatsApp Web
 * tells the size first (`_data.size`), so an oversized file is refused before it is fetched;
 * the decoded bytes are counted again, since that size is not always there.
 */
export async function fetchWebMedia(client: ClientLike | null | undefined, message: { id: string; media: MediaRef }, maxBytes: number): Promise<InboundMedia> {
  if (!client) throw new InboundMediaError('failed', 'WhatsApp Web is not connected');
  if (!client.getMessageById) throw new InboundMediaError('unavailable', 'this whatsapp-web.js cannot look messages up by id');
  let found;
  try {
    found = await client.getMessageById(message.media.mediaId ?? message.id);
  } catch (error) {
    throw new InboundMediaError('failed', `could not look the message up: ${errorText(error)}`);
  }
  if (!found) throw new InboundMediaError('unavailable', 'WhatsApp Web no longer has this message');
  const declared = Number(found._data?.size);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new InboundMediaError('too_large', `the file has ${declared} bytes, over the ${maxBytes}-byte limit`, { seenBytes: declared, maxBytes });
  }
  let downloaded;
  try {
    downloaded = await found.downloadMedia();
  } catch (error) {
    throw new InboundMediaError('failed', `download failed: ${errorText(error)}`);
  }
  // The library answers nothing when the phone no longer has the file (deleted, too old).
  if (!downloaded?.data) throw new InboundMediaError('unavailable', 'WhatsApp Web could not download this file any more');
  const bytes = Buffer.from(downloaded.data, 'base64');
  if (bytes.length > maxBytes) {
    throw new InboundMediaError('too_large', `the file has ${bytes.length} bytes, over the ${maxBytes}-byte limit`, { seenBytes: bytes.length, maxBytes });
  }
  const fetched: InboundMedia = { bytes, mimeType: downloaded.mimetype || message.media.mimeType };
  const filename = downloaded.filename ?? message.media.filename;
  if (filename) fetched.filename = filename;
  return fetched;
}
