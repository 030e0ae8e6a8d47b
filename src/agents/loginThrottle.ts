import type { LoginAttemptRepository } from '../store/port';

/** The keys logins are counted under, and how many tries each allows in its window. */
export type ThrottleKind = 'ip' | 'email+ip' | 'email' | 'code';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

/**
 * - email+ip: five tries for one account from one address, then that pair waits 15 minutes.
 *   This is the lock a guesser meets; it locks nobody else out.
 * - email: ten tries a minute for one account from all addresses together. A guesser spread
 *   over many addresses is slowed to that pace, while the account's owner waits a minute at
 *   most: nobody can lock an agent out by knowing the e-mail address.
 * - ip: fifty tries per 15 minutes from one address, whatever the accounts (password spraying);
 *   high enough for an office of agents behind one address.
 * - code: five two-factor codes per account per 15 minutes, from anywhere (a guesser who has
 *   the password still cannot try the million codes).
 */
export const LOGIN_RULES: Record<ThrottleKind, ThrottleRule> = {
  'email+ip': { limit: 5, windowMs: 15 * 60_000 },
  email: { limit: 10, windowMs: 60_000 },
  ip: { limit: 50, windowMs: 15 * 60_000 },
  code: { limit: 5, windowMs: 15 * 60_000 },
};

export interface ThrottleKey {
  kind: ThrottleKind;
  key: string;
}

export interface ThrottleRefusal {
  kind: ThrottleKind;
  retryAfterSeconds: number;
}

/** The keys a password try from `ip` for `email` counts under, checked in this order. */
export function passwordKeys(email: string, ip: string): ThrottleKey[] {
  const account = email.trim().toLowerCase();
  return [
    { kind: 'ip', key: `ip:${ip}` },
    { kind: 'email+ip', key: `email+ip:${account}|${ip}` },
    { kind: 'email', key: `email:${account}` },
  ];
}

export function codeKeys(agentId: string): ThrottleKey[] {
  return [{ kind: 'code', key: `code:${agentId}` }];
}

/**
 * Slows guessing. Each try is counted before the password or code is looked at, in one atomic
 * step of the store per key (so parallel tries, and tries spread over several web processes,
 * are all counted: no more than `limit` of them are ever checked), and a key over its limit
 * refuses without counting. A success clears the keys of that account.
 */
export class LoginThrottle {
  constructor(
    private readonly attempts: LoginAttemptRepository,
    private readonly rules: Record<ThrottleKind, ThrottleRule> = LOGIN_RULES,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one try under every key in order; the first key over its limit refuses (and the later ones are not counted). */
  async attempt(keys: ThrottleKey[]): Promise<ThrottleRefusal | null> {
    const now = this.clock();
    for (const { kind, key } of keys) {
      const rule = this.rules[kind];
      const window = await this.attempts.take(key, now, rule.windowMs, rule.limit);
      if (!window.counted) return { kind, retryAfterSeconds: Math.max(1, Math.ceil((window.firstAt + rule.windowMs - now) / 1000)) };
    }
    return null;
  }

  /** The account proved itself: its counts start again (the address's count stays). */
  async succeed(keys: ThrottleKey[]): Promise<void> {
    for (const { kind, key } of keys) if (kind !== 'ip') await this.attempts.clear(key);
  }
}
