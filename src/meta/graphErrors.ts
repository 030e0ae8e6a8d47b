import { ChannelSendError } from '../domain/delivery';
import type { DeliveryError } from '../domain/transcript';
import { readNumber, readRecord, readString } from './jsonShape';

/**
 * What to do about a failed Graph API call. Each platform reads Meta's error `code` (and
 * `error_subcode`) with its own table (Meta asks integrations to act on codes, not on HTTP
 * statuses or titles); the HTTP status decides only when the code is missing or unknown.
 *
 * - `retry`: try again later, the same request may succeed (rate limits, overload).
 * - `permanent`: the request itself is wrong or the recipient cannot get it; do not repeat it.
 * - `reengage`: the customer's messaging window is closed (WhatsApp 131047: only a template
 *   goes; Messenger 10/2018278 and Instagram 10/2534022: only a HUMAN_AGENT-tagged reply).
 * - `auth`: the access token is expired or invalid; nothing works until an operator fixes it.
 */
export type GraphErrorKind = 'retry' | 'permanent' | 'reengage' | 'auth';

/** Meta's Graph error body: `{ error: { message, type, code, error_subcode, error_data: { details }, fbtrace_id } }`. */
export interface GraphErrorBody {
  code?: number;
  subcode?: number;
  message?: string;
  details?: string;
  fbtraceId?: string;
}

export function readGraphErrorBody(body: unknown): GraphErrorBody {
  const error = readRecord(body, 'error');
  if (!error) return {};
  return {
    code: readNumber(error, 'code'),
    subcode: readNumber(error, 'error_subcode'),
    message: readString(error, 'message'),
    details: readString(readRecord(error, 'error_data'), 'details'),
    fbtraceId: readString(error, 'fbtrace_id'),
  };
}

/** A platform's table: its Graph error (code, subcode) and the HTTP status → what to do. */
export type GraphErrorClassifier = (error: { code?: number; subcode?: number }, httpStatus?: number) => GraphErrorKind;

/**
 * The rule after a platform's own codes: 200–299 are permissions not granted (permanent); with
 * no code, 401 is the token, 429 and 5xx are worth another try, anything else is permanent.
 */
export function classifyByHttpStatus(code: number | undefined, httpStatus: number | undefined): GraphErrorKind {
  if (code !== undefined && code >= 200 && code <= 299) return 'permanent';
  if (code === undefined && httpStatus === 401) return 'auth';
  if (httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500)) return 'retry';
  return 'permanent';
}

/** A failed Graph call. Still a ChannelSendError, so callers that only know the port work. */
export class GraphApiError extends ChannelSendError {
  constructor(
    error: DeliveryError,
    readonly kind: GraphErrorKind,
    readonly httpStatus?: number,
    readonly details?: string,
    retryAfterMs?: number,
    readonly subcode?: number,
  ) {
    super(error, retryAfterMs);
    this.name = 'GraphApiError';
  }

  static fromResponse(httpStatus: number, body: unknown, classify: GraphErrorClassifier, retryAfterMs?: number): GraphApiError {
    const parsed = readGraphErrorBody(body);
    const kind = classify(parsed, httpStatus);
    const code = parsed.code !== undefined ? String(parsed.code) : `HTTP_${httpStatus}`;
    const title = parsed.message ?? `Graph API answered HTTP ${httpStatus}`;
    return new GraphApiError({ code, title, retryable: kind === 'retry' }, kind, httpStatus, parsed.details, retryAfterMs, parsed.subcode);
  }

  /** No answer at all: connection refused, reset, DNS failure or our own timeout. */
  static network(cause: unknown, timedOut: boolean): GraphApiError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new GraphApiError(
      { code: timedOut ? 'TIMEOUT' : 'NETWORK', title: timedOut ? 'Graph API did not answer in time' : reason, retryable: true },
      'retry',
    );
  }
}

export function graphErrorKind(error: unknown): GraphErrorKind | undefined {
  return error instanceof GraphApiError ? error.kind : undefined;
}
