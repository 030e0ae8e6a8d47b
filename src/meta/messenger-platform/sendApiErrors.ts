import { classifyByHttpStatus, type GraphErrorClassifier } from '../graphErrors';

/**
 * The Messenger Platform's reading of Graph errors (Messenger and Instagram), from
 * https://developers.facebook.com/docs/messenger-platform/error-codes and the Send API
 * reference; meta/graphErrors.ts says what the kinds mean.
 */

/** Subcodes of code 10 meaning "the messaging window is closed" (a tag is needed, or nothing goes). */
export const WINDOW_CLOSED_SUBCODES = new Set([
  2018278, // Messenger: this message is sent outside of the allowed window
  2018065, // Messenger: outside the allowed window, a permission is needed
  2534022, // Instagram: outside the allowed window
]);

const RETRYABLE_CODES = new Set([
  1, // unknown error, possibly temporary
  2, // service temporarily unavailable
  4, // application request limit reached
  17, // user request limit reached
  32, // Page request limit reached
  613, // calls to this API exceeded the rate limit
  1200, // temporary send message failure
]);

/** 190 the token expired or was invalidated; 102 the session is no longer valid. */
const AUTH_CODES = new Set([190, 102]);

const PERMANENT_CODES = new Set([
  3, // capability not granted to the app
  10, // permission denied (other than the window)
  100, // invalid parameter: no matching user (2018001), attachment too large (2018109)...
  230, // pages_messaging permission required
  368, // the Page is blocked for policy violations
  551, // this person is not available right now (blocked the Page or turned messages off)
]);

export const classifyMessengerPlatformError: GraphErrorClassifier = ({ code, subcode }, httpStatus) => {
  if (subcode !== undefined && WINDOW_CLOSED_SUBCODES.has(subcode)) return 'reengage';
  if (code !== undefined && AUTH_CODES.has(code)) return 'auth';
  if (code !== undefined && RETRYABLE_CODES.has(code)) return 'retry';
  if (code !== undefined && PERMANENT_CODES.has(code)) return 'permanent';
  return classifyByHttpStatus(code, httpStatus);
};
