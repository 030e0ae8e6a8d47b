// The Cloud API retries like every Meta channel (meta/retryPolicy.ts); its tests read it here.
export { backoffDelayMs, DEFAULT_RETRY, parseRetryAfterMs, realSleep, type RetryOptions } from '../../meta/retryPolicy';
