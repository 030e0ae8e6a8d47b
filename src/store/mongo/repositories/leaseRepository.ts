import type { LeaseRepository } from '../../port';
import { isDuplicateKey } from '../documents';
import type { LeaseModel } from '../models/leaseModel';

export class MongoLeaseRepository implements LeaseRepository {
  constructor(private readonly model: LeaseModel) {}

  /**
   * One upsert guarded by "lapsed or mine": when another holds the lease the filter matches
   * nothing, the upsert's insert meets the unique `_id` and fails, and the answer is false.
   */
  async acquire(name: string, holder: string, at: number, ttlMs: number): Promise<boolean> {
    try {
      await this.model.updateOne(
        { _id: name, $or: [{ expiresAt: { $lte: at } }, { holder }] },
        { $set: { holder, expiresAt: at + ttlMs } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    await this.model.deleteOne({ _id: name, holder });
  }
}
