import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Agent, AgentRole } from '../domain/agent';

/**
 * Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238: HMAC-SHA1, 6 digits,
 * 30-second steps: what Google Authenticator, Microsoft Authenticator, Aegis and 1Password
 * read from an otpauth:// QR code). The code arithmetic is otpauth's (a dependency-free
 * library that is tested against the RFC's vectors); this file holds our rules around it.
 */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
// One step either side: a phone clock 30 s off, or a code typed as it rolled over, still works.
const WINDOW_STEPS = 1;
const SECRET_BYTES = 20; // 160 bits, the length RFC 4226 §4 recommends

export const RECOVERY_CODE_COUNT = 10;
// Crockford-like alphabet without 0/O, 1/I/L: read off paper and typed without mix-ups.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_GROUPS = 4;
const RECOVERY_GROUP_LENGTH = 4; // 16 characters of 31: about 79 bits, out of reach of guessing

/** Who must use two-factor sign-in (REQUIRE_2FA). */
export type TwoFactorPolicy = 'off' | 'admins' | 'all';

export function twoFactorRequired(policy: TwoFactorPolicy, role: AgentRole): boolean {
  return policy === 'all' || (policy === 'admins' && role === 'admin');
}

export function twoFactorEnabled(agent: Agent): boolean {
  return agent.twoFactor?.enabledAt !== undefined;
}

/** A fresh secret, base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI the QR code carries (https://github.com/google/google-authenticator/wiki/Key-Uri-Format). */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** The code an app shows at `at` (tests and the enrolment check use it). */
export function totpCode(secret: string, at: number): string {
  return totp(secret).generate({ timestamp: at });
}

/** The time step a code belongs to when it is right at `at` (within one step), else null. */
export function matchingStep(secret: string, code: string, at: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: at, window: WINDOW_STEPS });
  return delta === null ? null : TOTP.counter({ period: PERIOD_SECONDS, timestamp: at }) + delta;
}

/** Looks like a TOTP code (digits) rather than a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^\d[\d\s]*$/.test(code.trim());
}

/** Recovery codes to show the agent once, and the hashes kept in their place. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: RECOVERY_GROUPS }, () => Array.from({ length: RECOVERY_GROUP_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')).join('-'),
  );
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/**
 * SHA-256 of the code as typed, ignoring case, spaces and dashes. A fast hash suffices: the
 * codes are random with ~79 bits, so a copy of the database does not let anyone find them.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]+/g, '')).digest('hex');
}

function totp(secret: string, account = 'agent', issuer = 'Agent console'): TOTP {
  return new TOTP({ issuer, label: account, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}
