import { Schema, type Connection, type Model } from 'mongoose';
import { schemaOptions } from '../documents';

/** Stored with the lease's name as `_id`. */
export interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: number;
}
export type LeaseModel = Model<LeaseDocument>;

/** `leases`: work one process of many does at a time (the retention job). Only read and written by `_id`. */
export const leaseSchema = new Schema<LeaseDocument>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Number, required: true },
  },
  schemaOptions('leases'),
);

export function leaseModel(connection: Connection): LeaseModel {
  return connection.model<LeaseDocument>('Lease', leaseSchema);
}
