import type { Connection } from 'mongoose';
import type { Logger } from '../../observability/logger';
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

/**
 * Customer messages were kept under the channel's own id; they are kept under `channel:id` now
 * (domain/message.ts, storedMessageId), so ids of different channels cannot collide. What
 * points at an inbound id follows: a conversation's `lastInboundId` (and its pending replies'
 * `inReplyTo`), an outbound message's `inReplyTo`. Every reference is to a message of the same
 * channel. Outbound ids, and the `channelMessageId` receipts are matched by, do not change.
 */
async function messageIdsPerChannel(models: StoreModels): Promise<number> {
  const scoped = (channel: string, id: string) => (id.startsWith(`${channel}:`) ? id : `${channel}:${id}`);
  let changed = 0;

  const conversations = models.conversations.collection;
  let ops: { updateOne: { filter: { _id: unknown }; update: { $set: Record<string, unknown> } } }[] = [];
  const flush = async (collection: typeof conversations) => {
    if (ops.length > 0) await collection.bulkWrite(ops as never, { ordered: false });
    changed += ops.length;
    ops = [];
  };
  for await (const c of conversations.find({ lastInboundId: { $exists: true } }, { projection: { channel: 1, lastInboundId: 1, pendingReplies: 1 } })) {
    const lastInboundId = scoped(c.channel, c.lastInboundId);
    if (lastInboundId === c.lastInboundId) continue;
    const pendingReplies = (c.pendingReplies as { inReplyTo?: string }[] | undefined)?.map((r) => (r.inReplyTo ? { ...r, inReplyTo: scoped(c.channel, r.inReplyTo) } : r));
    ops.push({ updateOne: { filter: { _id: c._id }, update: { $set: { lastInboundId, ...(pendingReplies ? { pendingReplies } : {}) } } } });
    if (ops.length >= BATCH) await flush(conversations);
  }
  await flush(conversations);

  const messages = models.messages.collection;
  for await (const m of messages.find({ direction: 'out', inReplyTo: { $exists: true } }, { projection: { channel: 1, inReplyTo: 1 } })) {
    const inReplyTo = scoped(m.channel, m.inReplyTo);
    if (inReplyTo !== m.inReplyTo) ops.push({ updateOne: { filter: { _id: m._id }, update: { $set: { inReplyTo } } } });
    if (ops.length >= BATCH) await flush(messages);
  }
  await flush(messages);

  // `_id` cannot change: each message is copied under its new id, then the old one removed.
  for await (const m of messages.find({ direction: 'in' })) {
    const id = scoped(m.channel, m._id as unknown as string);
    if (id === (m._id as unknown as string)) continue;
    try {
      await messages.insertOne({ ...m, _id: id as never });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // copied by an earlier run that died before the delete
    }
    await messages.deleteOne({ _id: m._id });
    changed += 1;
  }
  return changed;
}
