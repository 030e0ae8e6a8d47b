/**
 * Delay before reconnect number `attempt` (0 = the first): exponential, capped, with "equal
 * jitter" (half fixed, half random; see the AWS Architecture Blog, "Exponential Backoff And
 * Jitter"). The fixed half keeps a crashing browser from being relaunched in a tight loop; the
 * random half keeps several bots on one host from hitting WhatsApp at the same instant.
 */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: BackoffOptions = { baseDelayMs: 2_000, maxDelayMs: 60_000 };

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 0), 30); // 2^30 already exceeds any sane cap
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
