import { Schema, type Connection, type Model } from 'mongoose';
import type { AuditEntry } from '../../../domain/agent';
import { schemaOptions, type Stored } from '../documents';

export type AuditDocument = Stored<AuditEntry> & { seq: number };
export type AuditModel = Model<AuditDocument>;

/** `audit`: append-only trail of agent actions. `seq` (storage only) orders same-millisecond entries. */
export const auditSchema = new Schema<AuditDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Number, required: true },
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    detail: { type: Schema.Types.Mixed },
    seq: { type: Number, required: true },
  },
  schemaOptions('audit'),
);

// list({ subjectId }) newest first
auditSchema.index({ subjectId: 1, at: -1, seq: -1 });
// list({ actorId }) newest first
auditSchema.index({ actorId: 1, at: -1, seq: -1 });
// list({}) newest first (the whole trail, limited)
auditSchema.index({ at: -1, seq: -1 });

export function auditModel(connection: Connection): AuditModel {
  return connection.model<AuditDocument>('Audit', auditSchema);
}
