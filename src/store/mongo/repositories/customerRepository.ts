import type { Customer } from '../../../domain/customer';
import type { CustomerRepository } from '../../port';
import { changeOperators, fromStored, upsertRacingInsert } from '../documents';
import type { CustomerDocument, CustomerModel } from '../models/customerModel';

type TouchInput = Parameters<CustomerRepository['touch']>[0];

export class MongoCustomerRepository implements CustomerRepository {
  constructor(private readonly model: CustomerModel) {}

  /** One upsert: creation fields only on insert, last-seen (and the name, when given) always. */
  /** Two first messages of a new customer at once both land on the one document (see upsertRacingInsert). */
  touch(input: TouchInput): Promise<Customer> {
    return upsertRacingInsert(() => this.upsert(input));
  }

  private async upsert(input: TouchInput): Promise<Customer> {
    const $set: Partial<CustomerDocument> = { lastSeenAt: input.at };
    if (input.profileName !== undefined) $set.profileName = input.profileName;
    const doc = await this.model
      .findOneAndUpdate(
        { _id: input.id },
        {
          $set,
          $setOnInsert: { channel: input.channel, address: input.address, tags: [], optedOut: false, createdAt: input.at },
        },
        { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false },
      )
      .lean<CustomerDocument>();
    return toCustomer(doc!);
  }

  async get(id: string): Promise<Customer | null> {
    const doc = await this.model.findOne({ _id: id }).lean<CustomerDocument>();
    return doc ? toCustomer(doc) : null;
  }

  async update(id: string, changes: Parameters<CustomerRepository['update']>[1]): Promise<void> {
    const ops = changeOperators(changes, ['id']);
    if (!ops.$set && !ops.$unset) return;
    await this.model.updateOne({ _id: id }, ops);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: id })).deletedCount === 1;
  }
}

/**
 * FerretDB v1.24 drops an empty array given in `$setOnInsert` (`tags: []` is not stored, while
 * `$set` keeps it), so a new customer's document may lack `tags`; it reads back as `[]`.
 */
function toCustomer(doc: CustomerDocument): Customer {
  const customer = fromStored<Customer>(doc);
  if (!customer.tags) customer.tags = [];
  return customer;
}
