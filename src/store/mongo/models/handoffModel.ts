import { Schema, type Connection, type Model } from 'mongoose';
import type { Handoff } from '../../../domain/handoff';
import { EMBEDDED, schemaOptions, type Stored } from '../documents';

export type HandoffDocument = Stored<Handoff>;
export type HandoffModel = Model<HandoffDocument>;

const noteSchema = new Schema(
  {
    id: { type: String, required: true },
    agentId: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: Number, required: true },
  },
  EMBEDDED,
);

const csatSchema = new Schema(
  {
    score: { type: Number, required: true },
    comment: { type: String },
    at: { type: Number, required: true },
    agentId: { type: String },
    team: { type: String, required: true },
  },
  EMBEDDED,
);

/**
 * `handoffs`: one document per escalation, with its private notes and the CSAT answer embedded,
 * so a claim, a note or a close is one single-document atomic update.
 */
export const handoffSchema = new Schema<HandoffDocument>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    customerId: { type: String, required: true },
    status: { type: String, required: true, enum: ['queued', 'claimed', 'closed'] },
    trigger: { type: String, required: true },
    reason: { type: String, required: true },
    team: { type: String, required: true },
    priority: { type: String, required: true },
    queuedAt: { type: Number, required: true },
    claimedAt: { type: Number },
    closedAt: { type: Number },
    agentId: { type: String },
    resolution: { type: String },
    notes: { type: [noteSchema], required: true },
    csat: { type: csatSchema },
    slaBreachedAt: { type: Number },
    remindedAt: { type: Number },
    firstAgentReplyAt: { type: Number },
    sentiment: { type: Number },
    summary: { type: String },
    locale: { type: String },
    channel: { type: String },
    version: { type: Number, required: true },
  },
  schemaOptions('handoffs'),
);

// list: { status?, team? | team $in teams } sorted by queuedAt (then _id)
handoffSchema.index({ status: 1, team: 1, queuedAt: 1, _id: 1 });
// list: { agentId, status? } (an agent's chats) sorted by queuedAt
handoffSchema.index({ agentId: 1, status: 1, queuedAt: 1 });
// list: { status, team, claimedAt > t } (a team's recent claims, for wait estimates)
handoffSchema.index({ status: 1, team: 1, claimedAt: 1 });
// listByCustomer: { customerId } newest first
handoffSchema.index({ customerId: 1, queuedAt: -1, _id: -1 });
// reports: handoffs queued in a period { queuedAt: { $gte, $lt } }
handoffSchema.index({ queuedAt: 1 });

export function handoffModel(connection: Connection): HandoffModel {
  return connection.model<HandoffDocument>('Handoff', handoffSchema);
}
