/**
 * Upgrading a MongoDB store written by a version that kept customer messages under the
 * channel's own id: after init() they are kept under `channel:id`, a redelivery of an old
 * message is still ignored, the old replies still answer it, and a receipt for an old reply
 * still finds it. Real MongoDB-wire server (FerretDB from the harness).
 */
import mongoose from 'mongoose';
import { MongoStore } from '../../../src/store/mongo';
import { useMongoServer } from '../../support/mongoServer';
import { expectLegacyMessagesMovedAtStart } from '../../support/legacyMessageIds';

jest.setTimeout(60_000);

const mongo = useMongoServer();

const T = 1_700_000_000_000;
const CUSTOMER = 'whatsapp-cloud:8801700000001';
const legacyConversation = {
  _id: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', address: '8801700000001', locale: 'en', owner: 'bot', status: 'open',
  values: {}, misses: 0, intents: [], createdAt: T, updatedAt: T, version: 3, lastInboundId: 'wamid.OLD', lastCustomerMessageAt: Date.now(),
  pendingReplies: [{ id: 'wamid.OLD#0', direction: 'out', conversationId: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', createdAt: T, content: { type: 'text', text: 'Hi!' }, sender: 'bot', inReplyTo: 'wamid.OLD', status: 'queued' }],
};
const legacyInbound = { _id: 'wamid.OLD', direction: 'in', conversationId: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', createdAt: T, content: { type: 'text', text: 'hi' }, handledAt: T + 5, seq: 1 };
const legacyReply = { _id: 'wamid.OLD#0', direction: 'out', conversationId: 'conv-1', customerId: CUSTOMER, channel: 'whatsapp-cloud', createdAt: T + 5, content: { type: 'text', text: 'Hi!' }, sender: 'bot', inReplyTo: 'wamid.OLD', status: 'sent', channelMessageId: 'wamid.SENT-OLD', statusAt: T + 6, seq: 2 };
const legacySimulator = { _id: 'sim-42', direction: 'in', conversationId: 'conv-2', customerId: 'simulator:880', channel: 'simulator', createdAt: T, content: { type: 'text', text: 'x' }, handledAt: T, seq: 3 };

async function writeLegacy(uri: string, extra: object[] = []): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.collection('conversations').insertOne(legacyConversation as never);
  await connection.collection('messages').insertMany([legacyInbound, legacyReply, legacySimulator, ...extra] as never[]);
  await connection.close();
}

const freshUri = () => mongo.freshUri('migrate');

describe('MongoDB store: message ids per channel, for data an older version wrote', () => {
  it('moves customer messages to channel:id and keeps dedupe, replies and receipts working', async () => {
    const uri = freshUri();
    await writeLegacy(uri);
    await expectLegacyMessagesMovedAtStart({ MONGODB_URI: uri, SESSION_SECRET: 's'.repeat(40) }, T);
  });

  it('runs once, and finishes the work of a run that died between copying and removing', async () => {
    const uri = freshUri();
    // A run died after copying the message: both copies exist, nothing recorded.
    await writeLegacy(uri, [{ ...legacyInbound, _id: 'whatsapp-cloud:wamid.OLD', seq: 4 }]);
    const first = new MongoStore({ uri });
    await first.init();
    const second = new MongoStore({ uri });
    await second.init();
    const connection = await mongoose.createConnection(uri).asPromise();
    try {
      expect(await connection.collection('messages').find({ direction: 'in' }).map((m) => m._id).toArray()).toEqual(expect.arrayContaining(['whatsapp-cloud:wamid.OLD', 'simulator:sim-42']));
      expect(await connection.collection('messages').countDocuments({ direction: 'in' })).toBe(2);
      expect(await connection.collection('migrations').find().toArray()).toEqual([expect.objectContaining({ _id: '2026-12-message-ids-per-channel' })]);
    } finally {
      await connection.close();
      await first.close();
      await second.close();
    }
  });
});
