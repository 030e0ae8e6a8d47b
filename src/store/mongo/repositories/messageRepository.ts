import type { ChannelName } from '../../../domain/message';
import type { DeliveryError, InboundEntry, OutboundEntry, TranscriptEntry } from '../../../domain/transcript';
import { DELIVERY_PROGRESS, type InboundAmendment, type MessageRepository, type ReceiptStatus, type TranscriptQuery } from '../../port';
import { changeOperators, fromStored, fromStoredOrNull, insertDocument, isDuplicateKey, nextSeq, toStored } from '../documents';
import type { MessageDocument, MessageModel } from '../models/messageModel';

type DeliveryUpdate = Parameters<MessageRepository['updateDelivery']>[1];

export class MongoMessageRepository implements MessageRepository {
  constructor(private readonly model: MessageModel) {}

  insertInbound(entry: InboundEntry): Promise<boolean> {
    return this.insert(entry);
  }

  insertOutbound(entry: OutboundEntry): Promise<boolean> {
    return this.insert(entry);
  }

  /**
   * The insert is the dedupe: the unique `_id` refuses a second copy (duplicate key, 11000), so
   * concurrent deliveries of one message id produce exactly one `true` without a read first.
   */
  private async insert(entry: TranscriptEntry): Promise<boolean> {
    try {
      await insertDocument(this.model.collection, { ...toStored(entry), seq: nextSeq() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<TranscriptEntry | null> {
    return fromStoredOrNull<TranscriptEntry>(await this.model.findOne({ _id: id }).lean<MessageDocument>());
  }

  async markHandled(inboundId: string, at: number, nlu?: { intent?: string; confidence?: number }): Promise<void> {
    const ops = changeOperators({ handledAt: at, ...nlu });
    // Inbound ids (channel message ids) never equal outbound ids ("<cause>#<n>"), so the id
    // alone picks the document; a filter of exactly {_id} is also the one FerretDB indexes.
    await this.model.updateOne({ _id: inboundId }, ops);
  }

  listByConversation(conversationId: string, query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    return this.list({ conversationId }, query);
  }

  listByCustomer(customerId: string, query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    return this.list({ customerId }, query);
  }

  async listReplies(inboundId: string): Promise<OutboundEntry[]> {
    const docs = await this.model.find({ inReplyTo: inboundId, direction: 'out' }).sort({ createdAt: 1, seq: 1 }).lean<MessageDocument[]>();
    return docs.map((doc) => fromStored<OutboundEntry>(doc as MessageDocument & { direction: 'out' }));
  }

  async updateDelivery(id: string, update: DeliveryUpdate): Promise<void> {
    const $set: Record<string, unknown> = { status: update.status, statusAt: update.at };
    if (update.channelMessageId) $set.channelMessageId = update.channelMessageId;
    if (update.error) $set.error = update.error;
    if (update.sentAsTemplate) $set.sentAsTemplate = update.sentAsTemplate;
    await this.model.updateOne({ _id: id, direction: 'out' }, { $set });
  }

  async claimSend(id: string, at: number, staleBefore: number): Promise<boolean> {
    const claimed = await this.model.updateOne(
      { _id: id, direction: 'out', $or: [{ status: 'queued' }, { status: 'sending', statusAt: { $lt: staleBefore } }] },
      { $set: { status: 'sending', statusAt: at } },
    );
    return claimed.modifiedCount === 1;
  }

  /** One guarded update: only a message still short of the receipt's state takes it. */
  async applyReceipt(id: string, receipt: { status: ReceiptStatus; at: number; error?: DeliveryError }): Promise<boolean> {
    const behind = Object.entries(DELIVERY_PROGRESS).filter(([, rank]) => rank < DELIVERY_PROGRESS[receipt.status]).map(([status]) => status);
    // A message that reached the customer after all no longer carries the failure.
    const ops = receipt.status === 'failed' ? changeOperators({ status: 'failed', statusAt: receipt.at, error: receipt.error }) : changeOperators({ status: receipt.status, statusAt: receipt.at, error: undefined });
    const moved = await this.model.updateOne({ _id: id, direction: 'out', status: { $in: behind } }, ops);
    return moved.modifiedCount === 1;
  }

  async amendInbound(id: string, changes: InboundAmendment): Promise<InboundEntry | null> {
    const doc = await this.model.findOneAndUpdate({ _id: id, direction: 'in' }, changeOperators(changes), { returnDocument: 'after' }).lean<MessageDocument>();
    return doc ? fromStored<InboundEntry>(doc as MessageDocument & { direction: 'in' }) : null;
  }

  async adoptChannelMessageId(id: string, channel: ChannelName, channelMessageId: string): Promise<OutboundEntry | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id, direction: 'out', channel, channelMessageId: { $exists: false } }, { $set: { channelMessageId } }, { returnDocument: 'after' })
      .lean<MessageDocument>();
    return doc ? fromStored<OutboundEntry>(doc as MessageDocument & { direction: 'out' }) : null;
  }

  async findByChannelMessageId(channelMessageId: string): Promise<OutboundEntry | null> {
    const doc = await this.model.findOne({ channelMessageId, direction: 'out' }).lean<MessageDocument>();
    return doc ? fromStored<OutboundEntry>(doc as MessageDocument & { direction: 'out' }) : null;
  }

  /** Oldest first; with `limit`, the newest `limit` entries (read newest first, then reversed). */
  async removeByConversation(conversationId: string): Promise<number> {
    return (await this.model.deleteMany({ conversationId })).deletedCount;
  }

  async removeByCustomer(customerId: string): Promise<number> {
    return (await this.model.deleteMany({ customerId })).deletedCount;
  }

  private async list(filter: { conversationId: string } | { customerId: string }, query: TranscriptQuery = {}): Promise<TranscriptEntry[]> {
    const where = query.after !== undefined ? { ...filter, createdAt: { $gt: query.after } } : filter;
    if (query.limit === undefined || query.limit <= 0) {
      // limit 0 means "all", as the other adapters read it.
      const docs = await this.model.find(where).sort({ createdAt: 1, seq: 1 }).lean<MessageDocument[]>();
      return docs.map((doc) => fromStored<TranscriptEntry>(doc));
    }
    const newest = await this.model.find(where).sort({ createdAt: -1, seq: -1 }).limit(query.limit).lean<MessageDocument[]>();
    return newest.reverse().map((doc) => fromStored<TranscriptEntry>(doc));
  }
}
