import type { QueryFilter } from 'mongoose';
import type { Handoff, HandoffNote, HandoffStatus } from '../../../domain/handoff';
import type { HandoffFilter, HandoffRepository } from '../../port';
import { changeOperators, fromStored, fromStoredOrNull, insertDocument, isDuplicateKey, toStored } from '../documents';
import type { HandoffDocument, HandoffModel } from '../models/handoffModel';

export class MongoHandoffRepository implements HandoffRepository {
  constructor(private readonly model: HandoffModel) {}

  /** Insert-only: the unique `_id` turns a replayed turn's second create into `false`. */
  async create(handoff: Handoff): Promise<boolean> {
    try {
      await insertDocument(this.model.collection, toStored(handoff));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Handoff | null> {
    return fromStoredOrNull<Handoff>(await this.model.findOne({ _id: id }).lean<HandoffDocument>());
  }

  async list(filter: HandoffFilter): Promise<Handoff[]> {
    const where: QueryFilter<HandoffDocument> = {};
    if (filter.status) where.status = filter.status;
    if (filter.teams) where.team = { $in: filter.team ? filter.teams.filter((team) => team === filter.team) : filter.teams };
    else if (filter.team) where.team = filter.team;
    if (filter.agentId) where.agentId = filter.agentId;
    if (filter.claimedAfter !== undefined) where.claimedAt = { $gt: filter.claimedAfter };
    const docs = await this.model.find(where).sort({ queuedAt: 1, _id: 1 }).lean<HandoffDocument[]>();
    return docs.map((doc) => fromStored<Handoff>(doc));
  }

  /** `$push` appends on the server, so concurrent notes never overwrite each other. */
  async addNote(id: string, note: HandoffNote): Promise<Handoff | null> {
    const doc = await this.model.findOneAndUpdate({ _id: id }, { $push: { notes: note } }, { returnDocument: 'after' }).lean<HandoffDocument>();
    return fromStoredOrNull<Handoff>(doc);
  }

  async listByCustomer(customerId: string, limit: number): Promise<Handoff[]> {
    if (limit <= 0) return [];
    const docs = await this.model.find({ customerId }).sort({ queuedAt: -1, _id: -1 }).limit(limit).lean<HandoffDocument[]>();
    return docs.map((doc) => fromStored<Handoff>(doc));
  }

  /**
   * Compare-and-set on `status`: the filter matches only while the handoff is still `expected`,
   * and the server applies the change in the same step, so of many concurrent claims exactly one
   * gets the document back. `version` always moves by one; a key given as `undefined` is removed.
   */
  async transition(id: string, expected: HandoffStatus, changes: Partial<Handoff>): Promise<Handoff | null> {
    const ops = changeOperators(changes, ['id', 'version']);
    const doc = await this.model
      .findOneAndUpdate({ _id: id, status: expected }, { ...ops, $inc: { version: 1 } }, { returnDocument: 'after' })
      .lean<HandoffDocument>();
    return fromStoredOrNull<Handoff>(doc);
  }
}
