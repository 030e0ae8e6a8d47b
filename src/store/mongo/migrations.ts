import type { Connection } from 'mongoose';
import type { Logger } from '../../observability/logger';
import { scopeConversation, scopeMessage } from '../legacyMessageIds';
import { isDuplicateKey } from './documents';
import type { StoreModels } from './models/storeModels';

/**
 * Changes to stored data between versions, each applied once by init() and recorded by name in
 * the `migrations` collection. Every step is idempotent (it skips what is already changed), so a
 * process that dies half way, or two that start together, leave the same result. Stop the
 * processes of the old version before starting the new one (docs/STORE_MONGO.md).
 */
interface Migration {
  name: string;
  /** Returns how many documents it changed. */
  run(models: StoreModels): Promise<number>;
}

const MIGRATIONS: Migration[] = [{ name: '2026-12-message-ids-per-channel', run: messageIdsPerChannel }];

export async function migrate(connection: Connection, models: StoreModels, logger?: Logger): Promise<void> {
  const applied = connection.collection<{ _id: string; appliedAt: number; changed: number }>('migrations');
  for (const migration of MIGRATIONS) {
    if (await applied.findOne({ _id: migration.name })) continue;
    const changed = await migration.run(models);
    await applied.updateOne({ _id: migration.name }, { $setOnInsert: { appliedAt: Date.now(), changed } }, { upsert: true });
    logger?.info('MongoDB store: migration applied', { migration: migration.name, changed });
  }
}

const BATCH = 500;
type SetOp = { updateOne: { filter: { _id: unknown }; update: { $set: Record<string, unknown> } } };

/**
 * Customer messages move to `channel:id`, and what points at them follows (store/legacyMessageIds.ts).
 * Outbound ids, and the `channelMessageId` receipts are matched by, do not change.
 */
async function messageIdsPerChannel(models: StoreModels): Promise<number> {
  let changed = 0;
  let ops: SetOp[] = [];
  const flush = async (collection: StoreModels['messages']['collection']) => {
    if (ops.length > 0) await collection.bulkWrite(ops as never, { ordered: false });
    changed += ops.length;
    ops = [];
  };

  const conversations = models.conversations.collection;
  for await (const doc of conversations.find({ lastInboundId: { $exists: true } }, { projection: { channel: 1, lastInboundId: 1, pendingReplies: 1 } })) {
    const next = scopeConversation({ channel: doc.channel, lastInboundId: doc.lastInboundId, pendingReplies: doc.pendingReplies });
    if (next) ops.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { lastInboundId: next.lastInboundId, ...(next.pendingReplies ? { pendingReplies: next.pendingReplies } : {}) } } } });
    if (ops.length >= BATCH) await flush(conversations);
  }
  await flush(conversations);

  const messages = models.messages.collection;
  for await (const doc of messages.find({ direction: 'out', inReplyTo: { $exists: true } }, { projection: { channel: 1, direction: 1, inReplyTo: 1 } })) {
    const next = scopeMessage({ id: String(doc._id), direction: 'out', channel: doc.channel, inReplyTo: doc.inReplyTo });
    if (next) ops.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { inReplyTo: next.inReplyTo } } } });
    if (ops.length >= BATCH) await flush(messages);
  }
  await flush(messages);

  // `_id` cannot change: each message is copied under its new id, then the old one removed.
  for await (const doc of messages.find({ direction: 'in' })) {
    const next = scopeMessage({ id: String(doc._id), direction: 'in', channel: doc.channel });
    if (!next) continue;
    try {
      await messages.insertOne({ ...doc, _id: next.id as never });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // copied by an earlier run that died before the delete
    }
    await messages.deleteOne({ _id: doc._id });
    changed += 1;
  }
  return changed;
}
