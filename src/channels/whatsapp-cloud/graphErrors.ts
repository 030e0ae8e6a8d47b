import { ChannelSendError } from '../port';
import type { DeliveryError } from '../../domain/transcript';
import { readNumber, readRecord, readString } from './jsonShape';

/**
 * What to do about a failed Graph API call, decided from Meta's error `code` first (Meta asks
 * integrations to build their handling on `code`, not on HTTP status or titles:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes)
 * and from the HTTP status only when the code is missing or unknown to us.
 *
 * - `retry`: try again later, the same request may succeed.
 * - `permanent`: the request itself is wrong or the recipient cannot get it; do not repeat it.
 * - `reengage`: 131047, the 24-hour customer-service window is closed; only a template goes.
 * - `auth`: the access token is expired or invalid; nothing works until an operator fixes it.
 */
export type GraphErrorKind = 'retry' | 'permanent' | 'reengage' | 'auth';

/** Codes Meta documents as temporary (rate limits, overload, unknown server-side failure). */
const RETRYABLE_CODES = new Set([
  1, // API Unknown: possibly a server error
  2, // API Service: temporary downtime or overload
  4, // API Too Many Calls: app-level call rate limit
  80007, // WhatsApp Business Account rate limit
  130429, // Cloud API throughput reached
  131000, // Something went wrong (unknown error; Meta says try again)
  131056, // (business, consumer) pair rate limit: too many messages to one user
]);

/** 131047 Re-engagement message: more than 24 hours since the customer last wrote. */
export const REENGAGEMENT_REQUIRED_CODE = 131047;

/** 190 access token expired; 0 AuthException (token invalidated or revoked). */
const AUTH_CODES = new Set([190, 0]);

/**
 * Codes that are permanent whatever HTTP status carries them (some come with a 5xx, e.g.
 * 3 "API Method" is documented with HTTP 500). Unknown codes fall back to the HTTP status.
 */
const PERMANENT_CODES = new Set([
  3, // capability or permission issue
  10, // permission denied
  100, // invalid parameter
  131008, // required parameter missing
  131009, // parameter value not valid
  131021, // recipient cannot be the sender
  131026, // message undeliverable (not on WhatsApp, old client, terms not accepted)
  131031, // business account locked
  131048, // spam rate limit: sending again makes it worse
  131051, // unsupported message type
  131052, // media download error
  131053, // media upload error
  132000, // template parameter count mismatch
  132001, // template does not exist
  133010, // phone number not registered
  368, // temporarily blocked for policy violations
]);

export function classifyGraphCode(code: number | undefined, httpStatus?: number): GraphErrorKind {
  if (code === REENGAGEMENT_REQUIRED_CODE) return 'reengage';
  if (code !== undefined && AUTH_CODES.has(code)) return 'auth';
  if (code !== undefined && RETRYABLE_CODES.has(code)) return 'retry';
  if (code !== undefined && PERMANENT_CODES.has(code)) return 'permanent';
  if (code !== undefined && code >= 200 && code <= 299) return 'permanent'; // API permission not granted
  if (code === undefined && httpStatus === 401) return 'auth';
  if (httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500)) return 'retry';
  return 'permanent';
}

/** Meta's Graph error body: `{ error: { message, type, code, error_data: { details }, fbtrace_id } }`. */
export interface GraphErrorBody {
  code?: number;
  message?: string;
  details?: string;
  fbtraceId?: string;
}

export function readGraphErrorBody(body: unknown): GraphErrorBody {
  const error = readRecord(body, 'error');
  if (!error) return {};
  return {
    code: readNumber(error, 'code'),
    message: readString(error, 'message'),
    details: readString(readRecord(error, 'error_data'), 'details'),
    fbtraceId: readString(error, 'fbtrace_id'),
  };
}

export function classifyGraphError(httpStatus: number, body: unknown): GraphErrorKind {
  return classifyGraphCode(readGraphErrorBody(body).code, httpStatus);
}

/** A failed Graph call. Still a ChannelSendError, so callers that only know the port work. */
export class GraphApiError extends ChannelSendError {
  constructor(
    error: DeliveryError,
    readonly kind: GraphErrorKind,
    readonly httpStatus?: number,
    readonly details?: string,
    retryAfterMs?: number,
  ) {
    super(error, retryAfterMs);
    this.name = 'GraphApiError';
  }

  static fromResponse(httpStatus: number, body: unknown, retryAfterMs?: number): GraphApiError {
    const parsed = readGraphErrorBody(body);
    const kind = classifyGraphCode(parsed.code, httpStatus);
    const code = parsed.code !== undefined ? String(parsed.code) : `HTTP_${httpStatus}`;
    const title = parsed.message ?? `Graph API answered HTTP ${httpStatus}`;
    return new GraphApiError({ code, title, retryable: kind === 'retry' }, kind, httpStatus, parsed.details, retryAfterMs);
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
