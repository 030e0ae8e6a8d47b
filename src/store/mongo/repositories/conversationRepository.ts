import type { Conversation } from '../../../domain/conversation';
import { VersionConflictError, type ConversationRepository } from '../../port';
import { fromStored, fromStoredOrNull, insertDocument, isDuplicateKey, toStored } from '../documents';
import { CONVERSATION_FIELDS, type ConversationDocument, type ConversationModel } from '../models/conversationModel';

export class MongoConversationRepository implements ConversationRepository {
  constructor(private readonly model: ConversationModel) {}

  async get(id: string): Promise<Conversation | null> {
    return fromStoredOrNull<Conversation>(await this.model.findOne({ _id: id }).lean<ConversationDocument>());
  }

  async findOpen(customerId: string): Promise<Conversation | null> {
    // Two are open only after a customer's records were merged (conversation/customerIdentity.ts).
    return fromStoredOrNull<Conversation>(await this.model.findOne({ customerId, status: 'open' }).sort({ createdAt: -1 }).lean<ConversationDocument>());
  }

  async create(conversation: Conversation): Promise<void> {
    try {
      await insertDocument(this.model.collection, toStored(conversation));
    } catch (error) {
      if (isDuplicateKey(error)) throw new Error(`conversation ${conversation.id} exists`);
      throw error;
    }
  }

  /**
   * One compare-and-set: the filter matches only the version the caller read, so of several
   * concurrent saves exactly one matches. Fields the object no longer has (a finished flow's
   * `position`, sent `pendingReplies`) are removed, so the stored copy equals the saved one.
   */
  async save(conversation: Conversation): Promise<Conversation> {
    const { id, version, ...rest } = conversation;
    const $set: Record<string, unknown> = { version: version + 1 };
    const $unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) $set[key] = value;
    for (const key of CONVERSATION_FIELDS) if (!(key in $set)) $unset[key] = '';
    const doc = await this.model
      .findOneAndUpdate({ _id: id, version }, Object.keys($unset).length > 0 ? { $set, $unset } : { $set }, { returnDocument: 'after' })
      .lean<ConversationDocument>();
    // No match: another writer saved first, or the conversation does not exist.
    if (!doc) throw new VersionConflictError('conversation', id);
    return fromStored<Conversation>(doc);
  }

  async listByCustomer(customerId: string): Promise<Conversation[]> {
    const docs = await this.model.find({ customerId }).sort({ createdAt: 1, _id: 1 }).lean<ConversationDocument[]>();
    return docs.map((doc) => fromStored<Conversation>(doc));
  }

  /** `redactedAt: null` matches a missing field too, and can use the index. */
  async listExpired(before: number, limit: number): Promise<Conversation[]> {
    if (limit <= 0) return [];
    const [closed, idle] = await Promise.all([
      this.model.find({ status: 'closed', redactedAt: null, closedAt: { $lt: before } }).sort({ closedAt: 1 }).limit(limit).lean<ConversationDocument[]>(),
      this.model.find({ status: 'open', owner: 'bot', redactedAt: null, updatedAt: { $lt: before } }).sort({ updatedAt: 1 }).limit(limit).lean<ConversationDocument[]>(),
    ]);
    return [...closed, ...idle]
      .map((doc) => fromStored<Conversation>(doc))
      .sort((a, b) => (a.closedAt ?? a.updatedAt) - (b.closedAt ?? b.updatedAt))
      .slice(0, limit);
  }
}
