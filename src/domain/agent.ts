export type AgentRole = 'agent' | 'supervisor' | 'admin';

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
}

/** One entry of the audit trail of agent actions (claims, transfers, closes, logins). */
export interface AuditEntry {
  id: string;
  at: number;
  actorId: string;
  action: string;
  subjectType: 'handoff' | 'agent' | 'session' | 'conversation' | 'flow';
  subjectId: string;
  detail?: Record<string, unknown>;
}
