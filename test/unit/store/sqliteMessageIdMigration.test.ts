import path from 'node:path';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { STORE_MIGRATIONS } from '../../../src/store/sqlite/schema';
import { tempDir } from '../../support/sqliteFiles';
import { expectLegacyMessagesMovedAtStart } from '../../support/legacyMessageIds';

/**
 * A SQLite file of the release before customer messages were kept under `channel:id` (store
 * schema version 1): the next start moves them, and a redelivery of an old message is still
 * ignored, its old replies still answer it, and a receipt for an old reply still finds it.
 */
const T = 1_700_000_000_000;
const CUSTOMER = 'whatsapp-cloud:8801700000001';

async function writeVersion1(file: string): Promise<void> {
  const db = new SqliteDatabase({ file });
  db.migrate('store', STORE_MIGRATIONS.filter((m) => m.version === 1));
  const conversation = {
    id: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', address: '8801700000001', locale: 'en', owner: 'bot', status: 'open', values: {}, misses: 0, intents: [],
    createdAt: T, updatedAt: T, version: 3, lastInboundId: 'wamid.OLD', lastCustomerMessageAt: Date.now(),
    pendingReplies: [{ id: 'wamid.OLD#0', direction: 'out', conversationId: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', createdAt: T, content: { type: 'text', text: 'Hi!' }, sender: 'bot', inReplyTo: 'wamid.OLD', status: 'queued' }],
  };
  const messages = [
    { id: 'wamid.OLD', direction: 'in', conversationId: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', createdAt: T, content: { type: 'text', text: 'hi' }, handledAt: T + 5 },
    { id: 'wamid.OLD#0', direction: 'out', conversationId: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', createdAt: T + 5, content: { type: 'text', text: 'Hi!' }, sender: 'bot', inReplyTo: 'wamid.OLD', status: 'sent', channelMessageId: 'wamid.SENT-OLD', statusAt: T + 6 },
    { id: 'sim-42', direction: 'in', conversationId: 'conv-2', customerId: 'simulator:880', channel: 'simulator', createdAt: T, content: { type: 'text', text: 'x' }, handledAt: T },
  ];
  await db.writeAll((sql) => {
    sql.run('INSERT INTO conversations (id, doc) VALUES (?, ?)', conversation.id, JSON.stringify(conversation));
    for (const m of messages) sql.run('INSERT INTO messages (id, doc) VALUES (?, ?)', m.id, JSON.stringify(m));
  });
  await db.close();
}

describe('SQLite store: message ids per channel, for a file an earlier release wrote', () => {
  it('moves customer messages to channel:id at start and keeps dedupe, replies and receipts working', async () => {
    const dir = tempDir();
    await writeVersion1(path.join(dir, 'bot.sqlite'));
    await expectLegacyMessagesMovedAtStart({ DATA_DIR: dir }, T);
  });
});
