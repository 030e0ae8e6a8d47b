import type { Agent } from '../domain/agent';
import type { Store } from '../store/port';
import { hashRecoveryCode, isTotpCode, matchingStep, newRecoveryCodes, newTotpSecret, otpauthUri, twoFactorEnabled } from './twoFactor';

/**
 * An agent's two-factor enrolment and its use at login, on the store. Every code is accepted
 * at most once (the store's `useSecondFactor` is one atomic step), so a code seen over a
 * shoulder or replayed in parallel does not log anyone in twice.
 */

export class TwoFactorStateError extends Error {
  constructor(
    readonly code: 'TWO_FACTOR_ALREADY_ON' | 'TWO_FACTOR_NOT_STARTED' | 'TWO_FACTOR_OFF',
    message: string,
  ) {
    super(message);
    this.name = 'TwoFactorStateError';
  }
}

/** Accepts a login's code: a current TOTP code or an unused recovery code. Null when wrong or used. */
export async function acceptSecondFactor(store: Store, agent: Agent, code: string, now: number): Promise<'app' | 'recovery code' | null> {
  const factor = agent.twoFactor;
  if (!factor || !twoFactorEnabled(agent)) return null;
  if (isTotpCode(code)) {
    const step = matchingStep(factor.secret, code, now);
    return step !== null && (await store.agents.useSecondFactor(agent.id, { step })) ? 'app' : null;
  }
  return (await store.agents.useSecondFactor(agent.id, { recoveryCodeHash: hashRecoveryCode(code) })) ? 'recovery code' : null;
}

/** Starts (or starts again) an enrolment: a new secret, not in force until confirmed with a code. */
export async function startEnrolment(store: Store, agent: Agent, issuer: string): Promise<{ secret: string; otpauthUrl: string }> {
  if (twoFactorEnabled(agent)) throw new TwoFactorStateError('TWO_FACTOR_ALREADY_ON', 'Two-step sign-in is already on; turn it off first to set up a new app');
  const secret = newTotpSecret();
  await store.agents.update(agent.id, { twoFactor: { secret, recoveryCodes: [] } });
  return { secret, otpauthUrl: otpauthUri(secret, agent.email, issuer) };
}

/**
 * Turns two-factor sign-in on once the agent typed a code of the new secret; answers the
 * recovery codes (shown once; only their hashes are kept). False when the code is wrong.
 */
export async function confirmEnrolment(store: Store, agent: Agent, code: string, now: number): Promise<string[] | null> {
  const factor = agent.twoFactor;
  if (twoFactorEnabled(agent)) throw new TwoFactorStateError('TWO_FACTOR_ALREADY_ON', 'Two-step sign-in is already on');
  if (!factor) throw new TwoFactorStateError('TWO_FACTOR_NOT_STARTED', 'Start the set-up first: POST /api/auth/2fa/setup');
  const step = matchingStep(factor.secret, code, now);
  if (step === null) return null;
  const { codes, hashes } = newRecoveryCodes();
  await store.agents.update(agent.id, { twoFactor: { secret: factor.secret, enabledAt: now, lastStep: step, recoveryCodes: hashes }, sessionsValidFrom: now });
  return codes;
}

/** Turns it off after a last valid code (or recovery code). False when the code is wrong. */
export async function disableTwoFactor(store: Store, agent: Agent, code: string, now: number): Promise<boolean> {
  if (!twoFactorEnabled(agent)) throw new TwoFactorStateError('TWO_FACTOR_OFF', 'Two-step sign-in is not on');
  if (!(await acceptSecondFactor(store, agent, code, now))) return false;
  await store.agents.update(agent.id, { twoFactor: undefined });
  return true;
}
