import { Schema, type Connection, type Model } from 'mongoose';
import type { UnansweredQuestion } from '../../../domain/unanswered';
import { schemaOptions } from '../documents';

/** Stored with the normalised question as `_id` (the domain calls it `key`). */
export type UnansweredDocument = Omit<UnansweredQuestion, 'key'> & { _id: string };
export type UnansweredModel = Model<UnansweredDocument>;

/** `unanswered`: one counter document per normalised question the bot could not match. */
export const unansweredSchema = new Schema<UnansweredDocument>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    lastExample: { type: String, required: true },
    lastAt: { type: Number, required: true },
    firstAt: { type: Number, required: true },
    locale: { type: String },
  },
  schemaOptions('unanswered'),
);

// list: most frequent first (then most recent)
unansweredSchema.index({ count: -1, lastAt: -1 });

export function unansweredModel(connection: Connection): UnansweredModel {
  return connection.model<UnansweredDocument>('Unanswered', unansweredSchema);
}
