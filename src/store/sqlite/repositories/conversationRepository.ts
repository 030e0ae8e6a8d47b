import type { Conversation } from '../../../domain/conversation';
import { VersionConflictError, type ConversationRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { fromDoc, fromDocs, json } from '../documents';

export class SqliteConversationRepository implements ConversationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async get(id: string): Promise<Conversation | null> {
    return this.db.read((sql) => fromDoc<Conversation>(sql.get('SELECT doc FROM conversations WHERE id = ?', id)));
  }

  async findOpen(customerId: string): Promise<Conversation | null> {
    return this.db.read((sql) =>
      fromDoc<Conversation>(sql.get(`SELECT doc FROM conversations WHERE customer_id = ? AND status = 'open' ORDER BY created_at DESC LIMIT 1`, customerId)));
  }

  async create(conversation: Conversation): Promise<void> {
    const inserted = await this.db.write((sql) => sql.run('INSERT INTO conversations (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING', conversation.id, json(conversation)).changes);
    if (inserted === 0) throw new Error(`conversation ${conversation.id} exists`);
  }

  /**
   * One guarded UPDATE: it matches only the version the caller read, so of several concurrent
   * saves exactly one changes the row. The whole document is replaced, so fields the object
   * no longer has (a finished flow's `position`, sent `pendingReplies`) are gone.
   */
  async save(conversation: Conversation): Promise<Conversation> {
    const saved = json({ ...conversation, version: conversation.version + 1 });
    const changed = await this.db.write(
      (sql) => sql.run('UPDATE conversations SET doc = ? WHERE id = ? AND version = ?', saved, conversation.id, conversation.version).changes,
    );
    if (changed === 0) throw new VersionConflictError('conversation', conversation.id);
    return JSON.parse(saved) as Conversation;
  }

  async listByCustomer(customerId: string): Promise<Conversation[]> {
    return this.db.read((sql) => fromDocs<Conversation>(sql.all('SELECT doc FROM conversations WHERE customer_id = ? ORDER BY created_at, rowid', customerId)));
  }

  /** Two indexed ranges (conversations_to_redact, conversations_idle): redacted ones are in neither index. */
  async listExpired(before: number, limit: number): Promise<Conversation[]> {
    if (limit <= 0) return [];
    return this.db.read((sql) => {
      const closed = fromDocs<Conversation>(sql.all(
        `SELECT doc FROM conversations WHERE status = 'closed' AND redacted_at IS NULL AND closed_at < ? ORDER BY closed_at LIMIT ?`, before, limit));
      const idle = fromDocs<Conversation>(sql.all(
        `SELECT doc FROM conversations WHERE status = 'open' AND owner = 'bot' AND redacted_at IS NULL AND updated_at < ? ORDER BY updated_at LIMIT ?`, before, limit));
      return [...closed, ...idle].sort((a, b) => (a.closedAt ?? a.updatedAt) - (b.closedAt ?? b.updatedAt)).slice(0, limit);
    });
  }
}
