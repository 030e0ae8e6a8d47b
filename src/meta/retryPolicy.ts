/**
 * Backoff between tries of a Graph API call: exponential with "full jitter" (a random wait
 * between 0 and the exponential cap), so many workers hitting Meta's rate limits at the same
 * moment do not all come back at the same moment. A `Retry-After` header, when Meta sends one,
 * replaces the computed wait.
 */
export interface RetryOptions {
  /** Total tries including the first (default 5). */
  attempts: number;
  /** Cap of the first wait; doubles each try (default 500 ms). */
  baseDelayMs: number;
  /** Longest wait between two tries (default 30 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Wait after failed try number `attempt` (1-based): random() × min(max, base × 2^(attempt-1)). */
export function backoffDelayMs(attempt: number, options: RetryOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
