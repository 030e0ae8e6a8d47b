/**
 * Slows password guessing: after `maxFailures` failed logins for one e-mail address or from
 * one client address within the window, further tries are refused until the window passes.
 * Kept per web process; several processes each apply it.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Seconds until the next try is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(keys: string[]): number {
    const now = this.clock();
    let wait = 0;
    for (const key of keys) {
      const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
      this.failures.set(key, recent);
      if (recent.length >= this.maxFailures) wait = Math.max(wait, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[]): void {
    const now = this.clock();
    for (const key of keys) this.failures.set(key, [...(this.failures.get(key) ?? []), now]);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
