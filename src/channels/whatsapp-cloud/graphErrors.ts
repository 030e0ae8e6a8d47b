import { classifyByHttpStatus, GraphApiError, readGraphErrorBody, type GraphErrorClassifier, type GraphErrorKind } from '../../meta/graphErrors';

/**
 * WhatsApp's reading of Graph error codes (meta/graphErrors.ts says what the kinds mean), from
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes.
 */

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

/**
 * 131062: this message type cannot go to a business-scoped user id, e.g. some authentication
 * templates, and the customer shares no phone number (a WhatsApp username) to send it to instead
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids).
 * Sending it again cannot help; what can is said to the agent in the failure's title.
 */
export const BSUID_NOT_SUPPORTED_CODE = 131062;

const EXPLANATIONS: Record<number, string> = {
  [BSUID_NOT_SUPPORTED_CODE]:
    'WhatsApp does not deliver this kind of message to a customer known only by username (their phone number is withheld). ' +
    'Send a normal reply while the 24-hour window is open, or ask them to share their number.',
};

/** The failure's title as agents read it: Meta's words, with what to do for codes that need it. */
export function explainedTitle(code: number | undefined, metaTitle: string): string {
  const explanation = code === undefined ? undefined : EXPLANATIONS[code];
  return explanation ? `${explanation} (WhatsApp: ${metaTitle})` : metaTitle;
}

/** A failed send as agents read it (explainedTitle); any other error as it is. */
export function explainedError(error: unknown): unknown {
  if (!(error instanceof GraphApiError)) return error;
  const title = explainedTitle(Number(error.error.code), error.error.title);
  if (title === error.error.title) return error;
  return new GraphApiError({ ...error.error, title }, error.kind, error.httpStatus, error.details, error.retryAfterMs, error.subcode);
}

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
  131050, // the customer stopped marketing messages from this business (user_preferences)
  131051, // unsupported message type
  131052, // media download error
  131053, // media upload error
  131062, // BSUID recipients not supported for this message type (see BSUID_NOT_SUPPORTED_CODE)
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
  return classifyByHttpStatus(code, httpStatus);
}

/** The Cloud API client's classifier. */
export const classifyWhatsAppError: GraphErrorClassifier = ({ code }, httpStatus) => classifyGraphCode(code, httpStatus);

export function classifyGraphError(httpStatus: number, body: unknown): GraphErrorKind {
  return classifyGraphCode(readGraphErrorBody(body).code, httpStatus);
}
