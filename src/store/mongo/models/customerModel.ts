import { Schema, type Connection, type Model } from 'mongoose';
import type { Customer } from '../../../domain/customer';
import { EMBEDDED, schemaOptions, type Stored } from '../documents';

export type CustomerDocument = Stored<Customer>;
export type CustomerModel = Model<CustomerDocument>;

/** `customers`: one document per customer and channel; `_id` is `${channel}:${address}`. Read by `_id` only. */
export const customerSchema = new Schema<CustomerDocument>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    address: { type: String, required: true },
    profileName: { type: String },
    locale: { type: String },
    tags: { type: [String], required: true },
    optedOut: { type: Boolean, required: true },
    marketing: {
      type: new Schema({ status: { type: String, required: true, enum: ['stopped', 'resumed'] }, at: { type: Number, required: true }, detail: { type: String } }, EMBEDDED),
    },
    createdAt: { type: Number, required: true },
    lastSeenAt: { type: Number, required: true },
  },
  schemaOptions('customers'),
);

export function customerModel(connection: Connection): CustomerModel {
  return connection.model<CustomerDocument>('Customer', customerSchema);
}
