import type { Channel, SendResult } from '../../../src/channels/port';
import { createReceiptHandler } from '../../../src/conversation/deliveryReceipts';
import { Outbox } from '../../../src/conversation/outbox';
import { LocalLiveEvents } from '../../../src/events/local';
import type { OutboundMessage } from '../../../src/domain/message';
import type { OutboundEntry } from '../../../src/domain/transcript';
import { createSilentLogger } from '../../../src/observability/logger';
import { SqliteQueue } from '../../../src/queue/sqlite';
import { SqliteDatabase } from '../../../src/sqlite/database';
import { SqliteStore } from '../../../src/store/sqlite';

const entry = (id: string): OutboundEntry => ({
  id, direction: 'out', conversationId: 'c1', customerId: 'simulator:1', channel: 'simulator', createdAt: 1, content: { type: 'text', text: `reply ${id}` }, sender: 'bot', status: 'queued',
});

/** A channel that records what it was asked to send; `release` answers the sends it holds. */
function recordingChannel(options: { hold?: boolean } = {}) {
  const sent: string[] = [];
  const held: Array<() => void> = [];
  let inFlight = 0;
  const stats = { mostAtOnce: 0 };
  const channel: Channel = {
    name: 'simulator',
    async send(message: OutboundMessage): Promise<SendResult> {
      sent.push(message.id);
      stats.mostAtOnce = Math.max(stats.mostAtOnce, ++inFlight);
      if (options.hold) await new Promise<void>((resolve) => held.push(resolve));
      inFlight -= 1;
      return { channelMessageId: `wamid.${message.id}` };
    },
  };
  return { channel, sent, stats, release: () => held.splice(0).forEach((answer) => answer()) };
}

async function outboxWith(channel: Channel, options: { sendLeaseMs?: number } = {}) {
  const database = new SqliteDatabase({ file: ':memory:' });
  const store = new SqliteStore({ database });
  await store.init();
  const logger = createSilentLogger();
  const queue = new SqliteQueue({ database, logger });
  const outbox = new Outbox({ store, queue, channels: new Map([['simulator', channel]]), logger, sleep: () => new Promise((r) => setTimeout(r, 20)), ...options });
  return { store, outbox, close: async () => (await queue.close(), await store.close()) };
}

describe('Outbox: a message claimed by another sender', () => {
  it('two runs of one batch at the same time send each message once, in order', async () => {
    const { channel, sent, stats, release } = recordingChannel({ hold: true });
    const { store, outbox, close } = await outboxWith(channel);
    await outbox.record([entry('m1'), entry('m2')]);
    const first = outbox.sendBatch({ ids: ['m1', 'm2'] });
    const second = outbox.sendBatch({ ids: ['m1', 'm2'] }); // a redelivered job while the first runs
    while (sent.length === 0) await new Promise((r) => setTimeout(r, 5));
    release();
    while (sent.length < 2) await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([first, second]);
    expect(sent).toEqual(['m1', 'm2']);
    expect(stats.mostAtOnce).toBe(1); // m2 did not overtake m1 while m1 was on its way
    expect(await store.messages.get('m2')).toMatchObject({ status: 'sent', channelMessageId: 'wamid.m2' });
    await close();
  });

  it('is sent once the claim of a sender that died runs out, not skipped and lost, and the next message waits for it', async () => {
    const { channel, sent } = recordingChannel();
    const { store, outbox, close } = await outboxWith(channel, { sendLeaseMs: 300 });
    await outbox.record([entry('m1'), entry('m2')]);
    // A worker claimed m1 and died before sending it; its job is run again by another worker.
    expect(await store.messages.claimSend('m1', Date.now(), Date.now() - 300)).toBe(true);
    await outbox.sendBatch({ ids: ['m1', 'm2'] });
    expect(sent).toEqual(['m1', 'm2']);
    expect(await store.messages.get('m1')).toMatchObject({ status: 'sent' });
    await close();
  });

  it("is not sent again once the channel's receipt says the dead sender's copy went out (found by the key it was sent with)", async () => {
    const { channel, sent } = recordingChannel();
    const { store, outbox, close } = await outboxWith(channel, { sendLeaseMs: 60_000 });
    await outbox.record([entry('m1'), entry('m2')]);
    // A worker claimed m1, the channel took it, and the worker died before recording the answer.
    expect(await store.messages.claimSend('m1', Date.now(), 0)).toBe(true);
    const rerun = outbox.sendBatch({ ids: ['m1', 'm2'] }); // its job, run again elsewhere, waits for the claim
    await new Promise((r) => setTimeout(r, 50));
    await createReceiptHandler({ store, events: new LocalLiveEvents(), logger: createSilentLogger() })({ channel: 'simulator', channelMessageId: 'wamid.FIRST', status: 'sent', at: Date.now(), sendKey: 'm1#0' });
    await rerun;
    expect(sent).toEqual(['m2']);
    expect(await store.messages.get('m1')).toMatchObject({ status: 'sent', channelMessageId: 'wamid.FIRST' });
    await close();
  });

  it('a message that already went out is not sent again by a late run', async () => {
    const { channel, sent } = recordingChannel();
    const { store, outbox, close } = await outboxWith(channel);
    await outbox.record([entry('m1')]);
    await outbox.sendBatch({ ids: ['m1'] });
    await outbox.sendBatch({ ids: ['m1'] });
    expect(sent).toEqual(['m1']);
    expect(await store.messages.get('m1')).toMatchObject({ status: 'sent' });
    await close();
  });
});
