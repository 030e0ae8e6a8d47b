/**
 * Reads a media download without ever holding more than the allowed bytes: the declared
 * size is checked first (Graph's `file_size`, then the `Content-Length` header), and the
 * stream is counted as it arrives in case neither is present or honest.
 */

export class MediaTooLargeError extends Error {
  constructor(
    readonly mediaId: string,
    readonly maxBytes: number,
    /** The size we learnt before giving up (declared or counted so far). */
    readonly seenBytes: number,
  ) {
    super(`media ${mediaId} is larger than the ${maxBytes}-byte limit (at least ${seenBytes} bytes)`);
    this.name = 'MediaTooLargeError';
  }
}

export interface DownloadedMedia {
  mediaId: string;
  bytes: Buffer;
  mimeType?: string;
  sha256?: string;
}

function declaredLength(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  if (header === null) return undefined;
  const length = Number(header);
  return Number.isFinite(length) ? length : undefined;
}

export async function readBodyWithLimit(response: Response, mediaId: string, maxBytes: number): Promise<Buffer> {
  const declared = declaredLength(response);
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel();
    throw new MediaTooLargeError(mediaId, maxBytes, declared);
  }
  if (!response.body) return Buffer.alloc(0);

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new MediaTooLargeError(mediaId, maxBytes, total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
