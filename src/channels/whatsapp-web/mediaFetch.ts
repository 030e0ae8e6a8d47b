import { ResponseTooLargeError, type HttpTransport } from '../../network/httpTransport';
import { BlockedAddressError, linkProblem } from '../../network/outboundPolicy';

/**
 * The file behind an attachment link, fetched by the bot itself (WhatsApp Web takes bytes, not
 * links). The link comes from an agent, so it is held to the rules of every outbound call
 * (docs/SECURITY.md): https: (or http: for a host OUTBOUND_HTTP_HOSTS names) and, through the
 * process's transport, public addresses only, on every hop of a redirect chain, which is
 * followed here one request at a time for that reason. Size and time are capped.
 */
export interface MediaFetchLimits {
  transport: HttpTransport;
  /** Hosts that may serve attachments over plain http:. */
  httpHosts: readonly string[];
  maxBytes?: number;
  /** For the whole chain of requests. */
  timeoutMs?: number;
}

export interface FetchedMedia {
  bytes: Buffer;
  mimeType?: string;
  filename?: string;
}

/**
 * Why a fetch failed, for the log only: the agent sees one generic text (WA_WEB_MEDIA_FETCH_FAILED),
 * so that error texts cannot tell them which internal ports answer.
 */
export class MediaFetchError extends Error {
  constructor(
    reason: string,
    /** Worth another try later (a timeout, a 5xx), or never (a refused link, too large, a 4xx). */
    readonly retryable: boolean,
  ) {
    super(reason);
    this.name = 'MediaFetchError';
  }
}

/** WhatsApp's ceiling for video and audio; images are smaller still. A shop bot sends no larger file. */
export const MEDIA_MAX_BYTES = 16 * 1024 * 1024;
export const MEDIA_FETCH_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

export async function fetchMedia(link: string, limits: MediaFetchLimits): Promise<FetchedMedia> {
  const deadline = Date.now() + (limits.timeoutMs ?? MEDIA_FETCH_TIMEOUT_MS);
  let url = parse(link);
  for (let hop = 0; ; hop++) {
    const problem = linkProblem(url, limits.httpHosts);
    if (problem) throw new MediaFetchError(`link refused (${problem})`, false);
    const response = await limits
      .transport({ method: 'GET', url: url.href, timeoutMs: Math.max(1, deadline - Date.now()), maxResponseBytes: limits.maxBytes ?? MEDIA_MAX_BYTES })
      .catch((error: Error) => {
        if (error instanceof BlockedAddressError) throw new MediaFetchError('the link points to an address that is not public', false);
        if (error instanceof ResponseTooLargeError) throw new MediaFetchError(`larger than ${error.limit} bytes`, false);
        throw new MediaFetchError(error.name === 'TimeoutError' ? 'timed out' : `no answer (${error.message})`, true);
      });
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      if (hop >= MAX_REDIRECTS) throw new MediaFetchError(`more than ${MAX_REDIRECTS} redirects`, false);
      url = parse(location, url);
      continue;
    }
    if (!response.ok) throw new MediaFetchError(`HTTP ${response.status}`, response.status >= 500 || response.status === 429);
    return { bytes: response.body, mimeType: response.headers['content-type']?.split(';')[0].trim() || undefined, filename: lastSegment(url) };
  }
}

function parse(link: string, base?: URL): URL {
  try {
    return new URL(link, base);
  } catch {
    throw new MediaFetchError('not a valid link', false);
  }
}

function lastSegment(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined; // a malformed %-escape: no name rather than no file
  }
}
