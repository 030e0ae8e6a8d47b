/**
 * A media download that never holds more than the allowed bytes: Graph's declared size
 * (`file_size`) is checked first, then the transport refuses a larger Content-Length or stops
 * counting the stream (network/httpTransport.ts, maxResponseBytes).
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
