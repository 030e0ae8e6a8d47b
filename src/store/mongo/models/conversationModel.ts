import { Schema, type Connection, type Model } from 'mongoose';
import type { Conversation } from '../../../domain/conversation';
import { EMBEDDED, schemaOptions, type Stored } from '../documents';

export type ConversationDocument = Stored<Conversation>;
export type ConversationModel = Model<ConversationDocument>;

const flowPositionSchema = new Schema(
  {
    flowId: { type: String, required: true },
    stepId: { type: String, required: true },
    flowVersion: { type: String, required: true },
    awaiting: { type: Boolean, required: true },
    attempts: { type: Number, required: true },
  },
  EMBEDDED,
);

const matchedIntentSchema = new Schema(
  {
    intent: { type: String, required: true },
    confidence: { type: Number, required: true },
    at: { type: Number, required: true },
  },
  EMBEDDED,
);

const pendingCsatSchema = new Schema(
  {
    handoffId: { type: String, required: true },
    askedAt: { type: Number, required: true },
    stage: { type: String, required: true, enum: ['rating', 'comment'] },
    invalidAnswers: { type: Number, required: true },
  },
  EMBEDDED,
);

const optionSchema = new Schema(
  {
    id: { type: String, required: true },
    title: { type: String, required: true },
  },
  EMBEDDED,
);

const reengagementSchema = new Schema(
  {
    template: { type: String, required: true },
    at: { type: Number, required: true },
    messageId: { type: String, required: true },
  },
  EMBEDDED,
);

// What reports read (src/reports/): kept up to date by the engine on every customer message.
const factsSchema = new Schema(
  {
    inbound: { type: Number, required: true },
    unmatched: { type: Number, required: true },
    handoffs: { type: Number, required: true },
    firstCustomerMessageAt: { type: Number },
    firstReplyAt: { type: Number },
    firstIntent: { type: String },
  },
  EMBEDDED,
);

/**
 * `conversations`: the flow state of one customer's chat, saved whole under an optimistic
 * `version` check. `values` (what the bot collected) and `pendingReplies` (outbound entries
 * waiting to be sent) are free-form, stored as they are.
 */
export const conversationSchema = new Schema<ConversationDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, required: true },
    address: { type: String, required: true },
    locale: { type: String, required: true },
    owner: { type: String, required: true },
    agentId: { type: String },
    handoffId: { type: String },
    status: { type: String, required: true },
    position: { type: flowPositionSchema },
    values: { type: Schema.Types.Mixed, required: true },
    misses: { type: Number, required: true },
    intents: { type: [matchedIntentSchema], required: true },
    lastInboundId: { type: String },
    pendingReplies: { type: [Schema.Types.Mixed], default: undefined },
    queueNoticeAt: { type: Number },
    csat: { type: pendingCsatSchema },
    lastOptions: { type: [optionSchema], default: undefined },
    facts: { type: factsSchema },
    sentiment: { type: Number },
    lastCustomerMessageAt: { type: Number },
    reengagement: { type: reengagementSchema },
    createdAt: { type: Number, required: true },
    updatedAt: { type: Number, required: true },
    closedAt: { type: Number },
    redactedAt: { type: Number },
    version: { type: Number, required: true },
  },
  schemaOptions('conversations'),
);

// findOpen: { customerId, status: 'open' }, the newest first
conversationSchema.index({ customerId: 1, status: 1, createdAt: -1 });
// listByCustomer: { customerId } sorted by createdAt (then _id, for ties)
conversationSchema.index({ customerId: 1, createdAt: 1, _id: 1 });
// reports: conversations started in a period { createdAt: { $gte, $lt } }
conversationSchema.index({ createdAt: 1 });
// retention (listExpired): closed ones not yet redacted by close time; idle ones the bot owns by last change
conversationSchema.index({ status: 1, redactedAt: 1, closedAt: 1 });
conversationSchema.index({ status: 1, owner: 1, redactedAt: 1, updatedAt: 1 });

/** Top-level fields a save may remove (`$unset`) when the saved object no longer has them. */
export const CONVERSATION_FIELDS: readonly string[] = Object.keys(conversationSchema.obj).filter((key) => key !== '_id');

export function conversationModel(connection: Connection): ConversationModel {
  return connection.model<ConversationDocument>('Conversation', conversationSchema);
}
