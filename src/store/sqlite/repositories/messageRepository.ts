import type { ChannelName } from '../../../domain/message';
import type { DeliveryError, InboundEntry, OutboundEntry, TranscriptEntry } from '../../../domain/transcript';
import { DELIVERY_PROGRESS, type InboundAmendment, type MessageRepository, type ReceiptStatus, type TranscriptQuery } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { fromDoc, fromDocs, json, mergeChanges } from '../documents';

type DeliveryUpdate = Parameters<MessageRepository['updateDelivery']>[1];

export class SqliteMessageRepository implements MessageRepository {
  constructor(private readonly db: SqliteDatabase) {}

  insertInbound(entry: InboundEntry): Promise<boolean> {
    return this.insert(entry);
  }

  insertOutbound(entry: OutboundEntry): Promise<boolean> {
    return this.insert(entry);
  }

  /** The insert is the dedupe: the primary key refuses a second copy, without a read first. */
  private insert(entry: TranscriptEntry): Promise<boolean> {
    return this.db.write((sql) => sql.run('INSERT INTO messages (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING', entry.id, json(entry)).changes === 1);
  }

  async get(id: string): Promise<TranscriptEntry | null> {
    return this.db.read((sql) => fromDoc<TranscriptEntry>(sql.get('SELECT doc FROM messages WHERE id = ?', id)));
  }

  async markHandled(inboundId: string, at: number, nlu?: { intent?: string; confidence?: number }): Promise<void> {
    // By id alone, as the other adapters: inbound ids never equal outbound ids ("<cause>#<n>").
    const change = mergeChanges({ handledAt: at, ...nlu })!;
    await this.db.write((sql) => sql.run(`UPDATE messages SET doc = ${change.sql} WHERE id = ?`, ...change.params, inboundId));
  }

  listByConversation(conversationId: string, query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    return this.list('conversation_id', conversationId, query);
  }

  listByCustomer(customerId: string, query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    return this.list('customer_id', customerId, query);
  }

  async listReplies(inboundId: string): Promise<OutboundEntry[]> {
    return this.db.read((sql) =>
      fromDocs<OutboundEntry>(sql.all(`SELECT doc FROM messages WHERE in_reply_to = ? AND direction = 'out' ORDER BY created_at, rowid`, inboundId)));
  }

  async updateDelivery(id: string, update: DeliveryUpdate): Promise<void> {
    const change = mergeChanges({
      status: update.status,
      statusAt: update.at,
      ...(update.channelMessageId ? { channelMessageId: update.channelMessageId } : {}),
      ...(update.error ? { error: update.error } : {}),
      ...(update.sentAsTemplate ? { sentAsTemplate: update.sentAsTemplate } : {}),
    })!;
    await this.db.write((sql) => sql.run(`UPDATE messages SET doc = ${change.sql} WHERE id = ? AND direction = 'out'`, ...change.params, id));
  }

  /** One guarded UPDATE: only a `queued` message, or a `sending` one whose lease is over, is taken. */
  async claimSend(id: string, at: number, staleBefore: number): Promise<boolean> {
    return this.db.write((sql) =>
      sql.run(
        `UPDATE messages SET doc = json_set(doc, '$.status', 'sending', '$.statusAt', json(?))
         WHERE id = ? AND direction = 'out'
           AND (status = 'queued' OR (status = 'sending' AND coalesce(json_extract(doc, '$.statusAt'), 0) < ?))`,
        json(at), id, staleBefore,
      ).changes === 1);
  }

  /** One guarded UPDATE: only a message still short of the receipt's state takes it. */
  applyReceipt(id: string, receipt: { status: ReceiptStatus; at: number; error?: DeliveryError }): Promise<boolean> {
    const behind = Object.keys(DELIVERY_PROGRESS).filter((status) => DELIVERY_PROGRESS[status as ReceiptStatus] < DELIVERY_PROGRESS[receipt.status]);
    // A message that reached the customer after all no longer carries the failure.
    const change = mergeChanges({ status: receipt.status, statusAt: receipt.at, error: receipt.status === 'failed' ? receipt.error : undefined })!;
    return this.db.write((sql) =>
      sql.run(
        `UPDATE messages SET doc = ${change.sql} WHERE id = ? AND direction = 'out' AND status IN (${behind.map(() => '?').join(', ')})`,
        ...change.params, id, ...behind,
      ).changes === 1);
  }

  async amendInbound(id: string, changes: InboundAmendment): Promise<InboundEntry | null> {
    const change = mergeChanges(changes, ['id']) ?? { sql: 'doc', params: [] };
    return this.db.write((sql) =>
      fromDoc<InboundEntry>(sql.get(`UPDATE messages SET doc = ${change.sql} WHERE id = ? AND direction = 'in' RETURNING doc`, ...change.params, id)));
  }

  /** By primary key; the guard is in the WHERE, so two receipts of one part cannot both adopt. */
  adoptChannelMessageId(id: string, channel: ChannelName, channelMessageId: string): Promise<OutboundEntry | null> {
    return this.db.write((sql) =>
      fromDoc<OutboundEntry>(
        sql.get(
          `UPDATE messages SET doc = json_set(doc, '$.channelMessageId', ?)
           WHERE id = ? AND direction = 'out' AND channel_message_id IS NULL AND json_extract(doc, '$.channel') = ? RETURNING doc`,
          channelMessageId, id, channel,
        )));
  }

  async findByChannelMessageId(channelMessageId: string): Promise<OutboundEntry | null> {
    return this.db.read((sql) =>
      fromDoc<OutboundEntry>(sql.get(`SELECT doc FROM messages WHERE channel_message_id = ? AND direction = 'out' LIMIT 1`, channelMessageId)));
  }

  removeByConversation(conversationId: string): Promise<number> {
    return this.db.write((sql) => sql.run('DELETE FROM messages WHERE conversation_id = ?', conversationId).changes);
  }

  removeByCustomer(customerId: string): Promise<number> {
    return this.db.write((sql) => sql.run('DELETE FROM messages WHERE customer_id = ?', customerId).changes);
  }

  /**
   * A send claimed by an earlier run of the bot can no longer be in flight: only one process
   * runs on this file (ProcessLock). Its messages go back to `queued`, so the send job, which
   * is still in the durable queue, sends them at once instead of waiting out the lease.
   */
  releaseClaimsOfEarlierRuns(): Promise<number> {
    return this.db.write((sql) => sql.run(`UPDATE messages SET doc = json_set(doc, '$.status', 'queued') WHERE status = 'sending'`).changes);
  }

  /** Oldest first; with `limit`, the newest `limit` entries (read newest first, then reversed). */
  private async list(column: 'conversation_id' | 'customer_id', value: string, query: TranscriptQuery = {}): Promise<TranscriptEntry[]> {
    const after = query.after ?? null;
    return this.db.read((sql) => {
      const where = `WHERE ${column} = ? AND (? IS NULL OR created_at > ?)`;
      if (query.limit === undefined || query.limit <= 0) {
        // limit 0 means "all", as the other adapters do.
        return fromDocs<TranscriptEntry>(sql.all(`SELECT doc FROM messages ${where} ORDER BY created_at, rowid`, value, after, after));
      }
      return fromDocs<TranscriptEntry>(sql.all(`SELECT doc FROM messages ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`, value, after, after, query.limit)).reverse();
    });
  }
}
