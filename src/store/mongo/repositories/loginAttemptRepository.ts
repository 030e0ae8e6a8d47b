import { LOGIN_WINDOWS_FORGOTTEN_AFTER_MS, type LoginAttemptRepository, type LoginAttemptWindow } from '../../port';
import { isDuplicateKey } from '../documents';
import type { LoginAttemptDocument, LoginAttemptModel } from '../models/loginAttemptModel';

export class MongoLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly model: LoginAttemptModel) {}

  /**
   * Single-document steps, each atomic: a window that has passed is reset (only then, so a
   * concurrent reset finds nothing to do); the try is counted by an `$inc` whose filter
   * (`count < limit`) lets no more than `limit` concurrent tries through, from any process.
   * The upsert inserts a key's first try; when the key exists but is full, its filter misses
   * and the insert hits the `_id` index: that duplicate key is the refusal.
   * Windows a day old go first, whatever their key (the `firstAt` index finds them).
   */
  async take(key: string, at: number, windowMs: number, limit: number): Promise<LoginAttemptWindow & { counted: boolean }> {
    await this.model.deleteMany({ firstAt: { $lte: at - Math.max(windowMs, LOGIN_WINDOWS_FORGOTTEN_AFTER_MS) } });
    await this.model.updateOne({ _id: key, firstAt: { $lte: at - windowMs } }, { $set: { count: 0, firstAt: at } });
    const count = () =>
      this.model.findOneAndUpdate({ _id: key, count: { $lt: limit } }, { $inc: { count: 1 }, $setOnInsert: { firstAt: at } }, { upsert: true, returnDocument: 'after' }).lean<LoginAttemptDocument>();
    let doc: LoginAttemptDocument | null;
    try {
      doc = await count();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Full, or a concurrent first try inserted the key: count again without inserting.
      doc = await this.model.findOneAndUpdate({ _id: key, count: { $lt: limit } }, { $inc: { count: 1 } }, { returnDocument: 'after' }).lean<LoginAttemptDocument>();
    }
    if (doc) return { counted: true, count: doc.count, firstAt: doc.firstAt };
    const full = await this.model.findOne({ _id: key }).lean<LoginAttemptDocument>();
    return { counted: false, count: full?.count ?? limit, firstAt: full?.firstAt ?? at };
  }

  async clear(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }
}
