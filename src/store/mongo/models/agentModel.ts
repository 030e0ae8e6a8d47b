import { Schema, type Connection, type Model } from 'mongoose';
import type { Agent } from '../../../domain/agent';
import { EMBEDDED, schemaOptions, type Stored } from '../documents';

export type AgentDocument = Stored<Agent>;
export type AgentModel = Model<AgentDocument>;

/** An agent's TOTP enrolment (domain/agent.ts AgentTwoFactor). */
const twoFactorSchema = new Schema(
  {
    secret: { type: String, required: true },
    enabledAt: { type: Number },
    lastStep: { type: Number },
    recoveryCodes: { type: [String], required: true },
  },
  EMBEDDED,
);

/** `agents`: console accounts. `email` is stored lower-cased, so a plain unique index is case-insensitive. */
export const agentSchema = new Schema<AgentDocument>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: ['agent', 'supervisor', 'admin', 'ops'] },
    teams: { type: [String], required: true },
    maxOpenChats: { type: Number, required: true },
    active: { type: Boolean, required: true },
    createdAt: { type: Number, required: true },
    lastSeenAt: { type: Number },
    sessionsValidFrom: { type: Number },
    twoFactor: { type: twoFactorSchema },
  },
  schemaOptions('agents'),
);

// getByEmail, and create's "one account per e-mail address" guard
agentSchema.index({ email: 1 }, { unique: true });

export function agentModel(connection: Connection): AgentModel {
  return connection.model<AgentDocument>('Agent', agentSchema);
}
