import type { QueryFilter } from 'mongoose';
import type { AuditEntry } from '../../../domain/agent';
import type { AuditRepository } from '../../port';
import { fromStored, insertDocument, isDuplicateKey, nextSeq, toStored } from '../documents';
import type { AuditDocument, AuditModel } from '../models/auditModel';

const DEFAULT_LIMIT = 100;

export class MongoAuditRepository implements AuditRepository {
  constructor(private readonly model: AuditModel) {}

  async append(entry: AuditEntry): Promise<void> {
    try {
      await insertDocument(this.model.collection, { ...toStored(entry), seq: nextSeq() });
    } catch (error) {
      // The same entry appended twice (a retried request): it is already in the trail.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async list(filter: { subjectId?: string; actorId?: string; limit?: number }): Promise<AuditEntry[]> {
    const where: QueryFilter<AuditDocument> = {};
    if (filter.subjectId) where.subjectId = filter.subjectId;
    if (filter.actorId) where.actorId = filter.actorId;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (limit <= 0) return [];
    const docs = await this.model.find(where).sort({ at: -1, seq: -1 }).limit(limit).lean<AuditDocument[]>();
    return docs.map((doc) => fromStored<AuditEntry>(doc));
  }

  async redactSubject(subjectId: string, replacement: string): Promise<number> {
    return (await this.model.updateMany({ subjectId }, { $set: { subjectId: replacement }, $unset: { detail: '' } })).modifiedCount;
  }
}
