import { Schema, type Connection, type Model } from 'mongoose';
import type { InboundEntry, OutboundEntry } from '../../../domain/transcript';
import { EMBEDDED, schemaOptions, type Stored } from '../documents';

/** Both directions share one collection; `direction` ('in' | 'out') tells them apart. */
export type MessageDocument = (Stored<InboundEntry> | Stored<OutboundEntry>) & { seq: number };
export type MessageModel = Model<MessageDocument>;

const deliveryErrorSchema = new Schema(
  {
    code: { type: String, required: true },
    title: { type: String, required: true },
    retryable: { type: Boolean, required: true },
  },
  EMBEDDED,
);

const mediaStateSchema = new Schema(
  {
    status: { type: String, required: true, enum: ['stored', 'too_large', 'failed'] },
    at: { type: Number, required: true },
    size: { type: Number },
    mimeType: { type: String },
    reason: { type: String },
  },
  EMBEDDED,
);

/**
 * `messages`: the transcript. `_id` is the channel's message id (inbound) or the id derived from
 * the cause (outbound), so the unique `_id` index IS the dedupe of redelivered messages.
 * `seq` (storage only) keeps insertion order among entries of the same millisecond.
 */
export const messageSchema = new Schema<MessageDocument>(
  {
    _id: { type: String, required: true },
    direction: { type: String, required: true, enum: ['in', 'out'] },
    conversationId: { type: String, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, required: true },
    createdAt: { type: Number, required: true },
    locale: { type: String },
    content: { type: Schema.Types.Mixed, required: true },
    seq: { type: Number, required: true },
    // inbound only
    replyTo: { type: String },
    handledAt: { type: Number },
    intent: { type: String },
    confidence: { type: Number },
    editedAt: { type: Number },
    deletedAt: { type: Number },
    media: { type: mediaStateSchema },
    // outbound only
    sender: { type: String },
    agentId: { type: String },
    inReplyTo: { type: String },
    status: { type: String },
    channelMessageId: { type: String },
    error: { type: deliveryErrorSchema },
    sentAsTemplate: { type: String },
    statusAt: { type: Number },
  },
  schemaOptions('messages'),
);

// listByConversation: { conversationId, createdAt > after } sorted by createdAt, seq
messageSchema.index({ conversationId: 1, createdAt: 1, seq: 1 });
// listByCustomer: { customerId, createdAt > after } sorted by createdAt, seq
messageSchema.index({ customerId: 1, createdAt: 1, seq: 1 });
// listReplies: { inReplyTo, direction: 'out' } sorted by createdAt, seq
messageSchema.index({ inReplyTo: 1, createdAt: 1, seq: 1 });
// findByChannelMessageId (delivery receipts); sparse: only sent outbound messages have one
messageSchema.index({ channelMessageId: 1 }, { sparse: true });

export function messageModel(connection: Connection): MessageModel {
  return connection.model<MessageDocument>('Message', messageSchema);
}
