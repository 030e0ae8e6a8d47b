/** `ops` edits the files on the Flows page and nothing else: no chats, reports or accounts. */
export type AgentRole = 'agent' | 'supervisor' | 'admin' | 'ops';

/**
 * bcrypt reads only the first 72 bytes of a password and ignores the rest silently
 * (https://en.wikipedia.org/wiki/Bcrypt#Maximum_password_length), so a longer password is
 * refused rather than cut: a Bengali letter takes 3 bytes in UTF-8, so 24 of them fill it.
 */
export const MAX_PASSWORD_BYTES = 72;

export function passwordFitsBcrypt(password: string): boolean {
  return new TextEncoder().encode(password).length <= MAX_PASSWORD_BYTES;
}

export const PASSWORD_TOO_LONG = `must be at most ${MAX_PASSWORD_BYTES} bytes (bcrypt ignores the rest; a Bengali letter counts 3)`;

export interface Agent {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** bcrypt hash; never leaves the server. */
  passwordHash: string;
  role: AgentRole;
  teams: string[];
  /** Chats this agent may hold at once. */
  maxOpenChats: number;
  active: boolean;
  createdAt: number;
  lastSeenAt?: number;
  /** Session tokens issued before this moment are refused: set by logging out. */
  sessionsValidFrom?: number;
  /** Two-factor sign-in (agents/twoFactor.ts); absent until the agent starts enrolling. */
  twoFactor?: AgentTwoFactor;
}

/** An agent's TOTP enrolment. Never leaves the server. */
export interface AgentTwoFactor {
  /** Base32 TOTP secret. */
  secret: string;
  /** Set once the agent proved the app works: from then on every login needs a code. */
  enabledAt?: number;
  /** The last time step a code was accepted for: a code is never accepted twice. */
  lastStep?: number;
  /** SHA-256 hashes of the recovery codes not used yet. */
  recoveryCodes: string[];
}

/** One entry of the audit trail of agent actions (claims, transfers, closes, logins). */
export interface AuditEntry {
  id: string;
  at: number;
  actorId: string;
  action: string;
  subjectType: 'handoff' | 'agent' | 'session' | 'conversation' | 'flow' | 'customer' | 'file';
  subjectId: string;
  detail?: Record<string, unknown>;
}
