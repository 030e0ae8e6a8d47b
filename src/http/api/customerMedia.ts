import type { Request, RequestHandler, Response } from 'express';
import type { HandoffDesk } from '../../handoff/handoffDesk';
import type { MediaStore, StoredMedia } from '../../media/port';
import type { Store } from '../../store/port';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { readableChats } from './handoffContext';

/** Types a browser may show in the page: pictures, sound and video, but not SVG (it can carry script). */
const INLINE = /^(image\/(jpeg|png|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/i;

/**
 * GET /api/handoffs/:id/media/:messageId — the file a customer sent in that chat (a photo, a
 * voice note, a document), for an agent who may see the chat: the desk checks the team, and
 * the message must be in this chat or an earlier one of the customer the agent may read. Pictures, audio and video are served inline
 * (with byte ranges, so a voice note can be scrubbed); everything else only as a download.
 * Whatever it is, the browser is told not to guess its type and not to run it.
 */
export function customerMediaRoute(deps: { desk: HandoffDesk; store: Store; media: MediaStore }): RequestHandler {
  return async (req, res) => {
    const agent = currentAgent(res);
    const handoff = await deps.desk.get(agent, String(req.params.id));
    const messageId = String(req.params.messageId);
    const entry = await deps.store.messages.get(messageId);
    // The transcript's rule: this chat, or an earlier one of the customer this agent may read.
    const { readable } = await readableChats(deps.store, handoff, { all: agent.role !== 'agent', mayRead: (earlier) => deps.desk.canSee(agent, earlier) });
    if (!entry || entry.direction !== 'in' || entry.customerId !== handoff.customerId || entry.content.type !== 'media' || !readable(entry.conversationId)) {
      throw new HttpError(404, 'MEDIA_NOT_FOUND', 'This chat has no file with that message id');
    }
    const file = await deps.media.get(messageId);
    if (!file) throw new HttpError(404, 'MEDIA_NOT_STORED', 'The file of this message is not kept (still downloading, too large, failed or deleted)');
    send(req, res, file.media, file.bytes);
  };
}

function send(req: Request, res: Response, media: StoredMedia, bytes: Buffer): void {
  const type = media.mimeType.split(';')[0].trim().toLowerCase();
  const inline = INLINE.test(type);
  res.set({
    'Content-Type': inline || /^[\w.+-]+\/[\w.+-]+$/.test(type) ? media.mimeType : 'application/octet-stream',
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(media.filename ?? fallbackName(media, type))}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; media-src 'self'; img-src 'self'; sandbox",
    'Cache-Control': 'private, max-age=3600',
    'Accept-Ranges': 'bytes',
    ETag: `"${media.sha256}"`,
  });
  const ranges = req.headers.range ? req.range(bytes.length) : undefined;
  if (ranges === -1) {
    res.status(416).set('Content-Range', `bytes */${bytes.length}`).end();
    return;
  }
  if (Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes') {
    const { start, end } = ranges[0];
    res.status(206).set('Content-Range', `bytes ${start}-${end}/${bytes.length}`).send(bytes.subarray(start, end + 1));
    return;
  }
  res.status(200).send(bytes);
}

function fallbackName(media: StoredMedia, type: string): string {
  const extension = type.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
  return `${media.messageId.replace(/[^A-Za-z0-9]/g, '').slice(-16) || 'file'}.${extension}`;
}
