import type { LoginAttemptRepository, LoginFailures } from '../../port';
import { upsertRacingInsert } from '../documents';
import type { LoginAttemptDocument, LoginAttemptModel } from '../models/loginAttemptModel';

export class MongoLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly model: LoginAttemptModel) {}

  /**
   * Two single-document steps, each atomic: a window that has passed is reset (only then, so
   * a concurrent reset finds nothing to do), and the failure is counted with an upserting
   * `$inc`. Concurrent failures from several web processes are all counted.
   */
  async recordFailure(key: string, at: number, windowMs: number): Promise<void> {
    await this.model.updateOne({ _id: key, firstAt: { $lte: at - windowMs } }, { $set: { count: 0, firstAt: at } });
    await upsertRacingInsert(() => this.model.updateOne({ _id: key }, { $inc: { count: 1 }, $setOnInsert: { firstAt: at } }, { upsert: true }));
  }

  async failures(key: string, now: number, windowMs: number): Promise<LoginFailures | null> {
    const doc = await this.model.findOne({ _id: key }).lean<LoginAttemptDocument>();
    return doc && doc.firstAt > now - windowMs ? { count: doc.count, firstAt: doc.firstAt } : null;
  }

  async clear(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }
}
