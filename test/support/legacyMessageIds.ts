import { loadConfig } from '../../src/config/load';
import { createReceiptHandler } from '../../src/conversation/deliveryReceipts';
import type { InboundMessage } from '../../src/domain/message';
import { createSilentLogger } from '../../src/observability/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';

/**
 * What a store written before customer messages were kept under `channel:id` must look like
 * once its migration ran, whatever the adapter: the conversation `conv-1` of a WhatsApp customer
 * whose message `wamid.OLD` (at `at`, handled at `at + 5`) was answered by `wamid.OLD#0`, sent as
 * `wamid.SENT-OLD`; and a simulator message `sim-42`. A redelivery of the old message is still
 * ignored, its reply still answers it, and a receipt for that reply still finds it.
 * Starts the bot on `env` (its store settings), so the migration runs as it would at start.
 */
export async function expectLegacyMessagesMovedAtStart(env: Record<string, string>, at: number): Promise<void> {
  const runtime = await createRuntime(loadConfig({ dotenv: false, env: { ...env, LOG_LEVEL: 'error' } }), createSilentLogger());
  runtime.startWorkers();
  try {
    await expectMoved(runtime, at);
  } finally {
    await runtime.stop();
  }
}

async function expectMoved(runtime: Runtime, at: number): Promise<void> {
  const { store } = runtime;
  expect(await store.messages.get('wamid.OLD')).toBeNull();
  expect(await store.messages.get('whatsapp-cloud:wamid.OLD')).toMatchObject({ id: 'whatsapp-cloud:wamid.OLD', direction: 'in', handledAt: at + 5 });
  expect(await store.messages.get('simulator:sim-42')).toMatchObject({ direction: 'in', channel: 'simulator' });
  expect(await store.conversations.get('conv-1')).toMatchObject({ lastInboundId: 'whatsapp-cloud:wamid.OLD', pendingReplies: [{ inReplyTo: 'whatsapp-cloud:wamid.OLD' }] });
  expect((await store.messages.listReplies('whatsapp-cloud:wamid.OLD')).map((r) => r.id)).toEqual(['wamid.OLD#0']);

  // WhatsApp delivers the old message again: still a duplicate, no second reply.
  const redelivered: InboundMessage = { id: 'wamid.OLD', channel: 'whatsapp-cloud', from: '8801700000001', timestamp: at, content: { type: 'text', text: 'hi' } };
  expect(await runtime.engine.handle(redelivered)).toBe('duplicate');
  expect(await store.messages.listReplies('whatsapp-cloud:wamid.OLD')).toHaveLength(1);

  // A receipt for the old reply still finds it.
  await createReceiptHandler({ store, events: runtime.events, logger: createSilentLogger() })({ channel: 'whatsapp-cloud', channelMessageId: 'wamid.SENT-OLD', status: 'read', at: at + 9 });
  expect(await store.messages.get('wamid.OLD#0')).toMatchObject({ status: 'read', statusAt: at + 9 });
}
