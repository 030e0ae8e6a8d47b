/**
 * How the bot calls other servers over HTTP (the Graph API, a shop's order API, media
 * downloads, Dialogflow's REST API). Code that makes calls takes an HttpTransport as a
 * dependency; runtime/ injects one (network/nodeHttpTransport.ts) for the whole process.
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** No complete answer within this: the call is abandoned and rejects with an Error named TimeoutError. */
  timeoutMs: number;
  /**
   * A larger answer is refused with ResponseTooLargeError before it is held whole: a declared
   * Content-Length over the limit stops the call at once, otherwise the bytes are counted.
   */
  maxResponseBytes?: number;
  /** Abandons the call; it rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** 2xx. */
  ok: boolean;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The body as UTF-8. */
  text(): string;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export class ResponseTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** What was known when the call stopped: the declared length, or the bytes counted so far. */
    readonly seenBytes: number,
  ) {
    super(`the answer is larger than ${limit} bytes (at least ${seenBytes})`);
    this.name = 'ResponseTooLargeError';
  }
}
