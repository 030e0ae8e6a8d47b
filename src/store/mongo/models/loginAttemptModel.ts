import { Schema, type Connection, type Model } from 'mongoose';
import { schemaOptions } from '../documents';

/** Stored with the throttled key (an e-mail or a client address) as `_id`. */
export interface LoginAttemptDocument {
  _id: string;
  count: number;
  firstAt: number;
}
export type LoginAttemptModel = Model<LoginAttemptDocument>;

/** `login_attempts`: login tries of one key in its current window. Read and written by `_id`; old windows found by `firstAt`. */
export const loginAttemptSchema = new Schema<LoginAttemptDocument>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    firstAt: { type: Number, required: true },
  },
  schemaOptions('login_attempts'),
);
loginAttemptSchema.index({ firstAt: 1 });

export function loginAttemptModel(connection: Connection): LoginAttemptModel {
  return connection.model<LoginAttemptDocument>('LoginAttempt', loginAttemptSchema);
}
