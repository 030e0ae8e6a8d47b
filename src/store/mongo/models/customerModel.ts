import { Schema, type Connection, type Model } from 'mongoose';
import type { Customer } from '../../../domain/customer';
import { EMBEDDED, schemaOptions, type Stored } from '../documents';

/**
 * `searchKeys` exists only in storage (domain/customerSearch.ts searchKeysOf): what an agent's
 * search finds the customer by, kept beside the fields it is made of.
 */
export type CustomerDocument = Stored<Customer> & { searchKeys?: string[] };
export type CustomerModel = Model<CustomerDocument>;

const identifierSchema = new Schema(
  {
    kind: { type: String, required: true },
    value: { type: String, required: true },
  },
  EMBEDDED,
);

/**
 * `customers`: one document per customer and channel; `_id` is `${channel}:${address}` of the
 * first contact. Found by `_id`, or by any of its `identifiers` (phone, BSUID, ...).
 */
export const customerSchema = new Schema<CustomerDocument>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    address: { type: String, required: true },
    identifiers: { type: [identifierSchema], default: undefined },
    username: { type: String },
    statedPhone: { type: String },
    searchKeys: { type: [String], default: undefined },
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

// findByIdentifiers: { channel, 'identifiers.value': { $in } } (every identifier kind, one multikey index)
customerSchema.index({ channel: 1, 'identifiers.value': 1 });
// search: an anchored prefix of one key (a reversed phone number, a BSUID, a username)
customerSchema.index({ searchKeys: 1 });

export function customerModel(connection: Connection): CustomerModel {
  return connection.model<CustomerDocument>('Customer', customerSchema);
}
