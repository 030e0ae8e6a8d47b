import type { UnansweredQuestion } from '../../../domain/unanswered';
import type { UnansweredRepository } from '../../port';
import { upsertRacingInsert } from '../documents';
import type { UnansweredDocument, UnansweredModel } from '../models/unansweredModel';

type Occurrence = Parameters<UnansweredRepository['record']>[0];

export class MongoUnansweredRepository implements UnansweredRepository {
  constructor(private readonly model: UnansweredModel) {}

  /** One upsert: `$inc` counts on the server, so concurrent workers never lose an occurrence. */
  async record(entry: Occurrence): Promise<void> {
    await upsertRacingInsert(() => this.upsert(entry));
  }

  private async upsert({ key, text, at, locale }: Occurrence): Promise<void> {
    const $set: Partial<UnansweredDocument> = { lastExample: text, lastAt: at };
    if (locale !== undefined) $set.locale = locale;
    await this.model.updateOne({ _id: key }, { $inc: { count: 1 }, $set, $setOnInsert: { firstAt: at } }, { upsert: true, setDefaultsOnInsert: false });
  }

  async remove(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const { deletedCount } = await this.model.deleteMany({ _id: { $in: keys } });
    return deletedCount;
  }

  async list(limit: number): Promise<UnansweredQuestion[]> {
    if (limit <= 0) return [];
    const docs = await this.model.find({}).sort({ count: -1, lastAt: -1 }).limit(limit).lean<UnansweredDocument[]>();
    return docs.map(({ _id, ...rest }) => ({ key: _id, ...rest }));
  }
}
