import type { LoginAttemptRepository } from '../store/port';

/**
 * Slows password guessing: after `maxFailures` failed logins for one e-mail address or from
 * one client address within the window, further tries are refused until the window passes.
 * The counts live in the store, so every web process refuses the same guesser.
 */
export class LoginThrottle {
  constructor(
    private readonly attempts: LoginAttemptRepository,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Seconds until the next try is allowed, or 0 when it is allowed now. */
  async retryAfterSeconds(keys: string[]): Promise<number> {
    const now = this.clock();
    let wait = 0;
    for (const key of keys) {
      const failures = await this.attempts.failures(key, now, this.windowMs);
      if (failures && failures.count >= this.maxFailures) wait = Math.max(wait, Math.ceil((failures.firstAt + this.windowMs - now) / 1000));
    }
    return wait;
  }

  async fail(keys: string[]): Promise<void> {
    const now = this.clock();
    for (const key of keys) await this.attempts.recordFailure(key, now, this.windowMs);
  }

  async succeed(keys: string[]): Promise<void> {
    for (const key of keys) await this.attempts.clear(key);
  }
}
