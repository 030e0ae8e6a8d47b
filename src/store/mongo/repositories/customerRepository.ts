import { mergedCustomer, type Customer } from '../../../domain/customer';
import { matchesCustomerQuery, parseCustomerQuery, searchKeyPrefix, searchKeysOf } from '../../../domain/customerSearch';
import { identifierOfAddress, identifiersOrAddress, sameIdentifier, type CustomerIdentifier } from '../../../domain/identity';
import type { CustomerRepository, CustomerTouch } from '../../port';
import { changeOperators, fromStored, upsertRacingInsert } from '../documents';
import type { ConversationModel } from '../models/conversationModel';
import type { CustomerDocument, CustomerModel } from '../models/customerModel';
import type { HandoffModel } from '../models/handoffModel';
import type { MessageModel } from '../models/messageModel';

/** The collections a merge moves a customer's history in. */
export interface CustomerHistoryModels {
  conversations: ConversationModel;
  messages: MessageModel;
  handoffs: HandoffModel;
}

// Candidates read per result wanted: a search key can outlive the field it came from.
const SEARCH_OVERREAD = 4;

export class MongoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly model: CustomerModel,
    private readonly history: CustomerHistoryModels,
  ) {}

  /** One upsert: creation fields only on insert; last-seen, name, username and new identifiers always. */
  /** Two first messages of a new customer at once both land on the one document (see upsertRacingInsert). */
  touch(input: CustomerTouch): Promise<Customer> {
    return upsertRacingInsert(() => this.upsert(input));
  }

  private async upsert(input: CustomerTouch): Promise<Customer> {
    const $set: Partial<CustomerDocument> = { lastSeenAt: input.at };
    if (input.profileName !== undefined) $set.profileName = input.profileName;
    if (input.username !== undefined) $set.username = input.username;
    // A record always knows its own address (callers that give nothing else included).
    const identifiers = identifiersOrAddress(input.identifiers, input.address, input.channel);
    const keys = searchKeysOf({ identifiers, username: input.username });
    const $addToSet: Record<string, { $each: unknown[] }> = {};
    if (identifiers.length > 0) $addToSet.identifiers = { $each: identifiers };
    if (keys.length > 0) $addToSet.searchKeys = { $each: keys };
    const doc = await this.model
      .findOneAndUpdate(
        { _id: input.id },
        {
          $set,
          $setOnInsert: { channel: input.channel, address: input.address, tags: [], optedOut: false, createdAt: input.at },
          ...(Object.keys($addToSet).length > 0 ? { $addToSet } : {}),
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
    const keys = changes.statedPhone ? searchKeysOf({ identifiers: [], statedPhone: changes.statedPhone }) : [];
    await this.model.updateOne({ _id: id }, keys.length > 0 ? { ...ops, $addToSet: { searchKeys: { $each: keys } } } : ops);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: id })).deletedCount === 1;
  }

  /** By any identifier's value (one multikey index), or by `_id` for records older than identifiers. */
  async findByIdentifiers(channel: string, identifiers: CustomerIdentifier[]): Promise<Customer[]> {
    if (identifiers.length === 0) return [];
    const values = [...new Set(identifiers.map((id) => id.value))];
    const docs = await this.model
      .find({ $or: [{ channel, 'identifiers.value': { $in: values } }, { _id: { $in: values.map((value) => `${channel}:${value}`) } }] })
      .sort({ createdAt: 1, _id: 1 })
      .lean<CustomerDocument[]>();
    return docs.map(toCustomer).filter((c) => c.channel === channel && c.identifiers.some((id) => identifiers.some((wanted) => sameIdentifier(id, wanted))));
  }

  /**
   * Steps that are each safe to repeat, in an order that leaves nothing behind if one fails:
   * the survivor takes the identifiers first (a message then finds both and merges again), the
   * history moves, and only then does the absorbed record go.
   */
  async merge(absorbedId: string, survivorId: string): Promise<Customer | null> {
    const [survivor, absorbed] = await Promise.all([this.get(survivorId), this.get(absorbedId)]);
    if (!survivor) return null;
    if (!absorbed || absorbedId === survivorId) return survivor;
    const merged = mergedCustomer(survivor, absorbed);
    const $set: Record<string, unknown> = Object.fromEntries(
      (['username', 'statedPhone', 'profileName', 'locale'] as const).filter((key) => survivor[key] === undefined && merged[key] !== undefined).map((key) => [key, merged[key]]),
    );
    if (absorbed.optedOut) $set.optedOut = true;
    // The person's newest marketing choice, whichever record heard it.
    if (merged.marketing && merged.marketing !== survivor.marketing) $set.marketing = merged.marketing;
    await this.model.updateOne(
      { _id: survivorId },
      {
        ...(Object.keys($set).length > 0 ? { $set } : {}),
        $addToSet: { identifiers: { $each: merged.identifiers }, tags: { $each: absorbed.tags }, searchKeys: { $each: searchKeysOf(merged) } },
        $min: { createdAt: absorbed.createdAt },
        $max: { lastSeenAt: absorbed.lastSeenAt },
      },
    );
    const moved = { $set: { customerId: survivorId } };
    // A conversation or handoff saved from a copy read before the move is refused (version).
    await this.history.conversations.updateMany({ customerId: absorbedId }, { ...moved, $inc: { version: 1 } });
    await this.history.messages.updateMany({ customerId: absorbedId }, moved);
    await this.history.handoffs.updateMany({ customerId: absorbedId }, { ...moved, $inc: { version: 1 } });
    await this.model.deleteOne({ _id: absorbedId });
    return this.get(survivorId);
  }

  async search(text: string, limit: number): Promise<Customer[]> {
    const query = parseCustomerQuery(text);
    if (!query) return [];
    const { prefix, exact } = searchKeyPrefix(query);
    const docs = await this.model
      .find({ searchKeys: exact ? prefix : { $regex: `^${escapeRegex(prefix)}` } })
      .sort({ lastSeenAt: -1, _id: 1 })
      .limit(limit * SEARCH_OVERREAD)
      .lean<CustomerDocument[]>();
    return docs.map(toCustomer).filter((c) => matchesCustomerQuery(c, query)).slice(0, limit);
  }

  /**
   * Customers stored before identifiers existed get them from their address, and their search
   * keys: once per document, at start-up (a document that has identifiers is never read here).
   */
  async backfillIdentifiers(): Promise<number> {
    let changed = 0;
    const cursor = this.model.find({ identifiers: { $exists: false } }).lean<CustomerDocument>().cursor();
    for await (const doc of cursor) {
      const identifiers = [identifierOfAddress(doc.address, doc.channel)];
      await this.model.updateOne(
        { _id: doc._id, identifiers: { $exists: false } },
        { $set: { identifiers }, $addToSet: { searchKeys: { $each: searchKeysOf({ identifiers, username: doc.username, statedPhone: doc.statedPhone }) } } },
      );
      changed += 1;
    }
    return changed;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * FerretDB v1.24 drops an empty array given in `$setOnInsert` (`tags: []` is not stored, while
 * `$set` keeps it), so a new customer's document may lack `tags`; it reads back as `[]`. A record
 * from before identifiers existed is known by its address.
 */
function toCustomer(doc: CustomerDocument): Customer {
  const { searchKeys: _keys, ...stored } = doc;
  const customer = fromStored<Customer>(stored);
  if (!customer.tags) customer.tags = [];
  customer.identifiers = identifiersOrAddress(customer.identifiers, customer.address, customer.channel);
  return customer;
}
