import path from 'node:path';
import { startTestBot, textOf, type TestBot } from '../../support/testBot';
import { createHandoffTimerHandler } from '../../../src/handoff/handoffTimers';
import { parseBusinessHours } from '../../../src/domain/businessHours';
import type { LiveEvent } from '../../../src/events/port';
import { LocalLiveEvents } from '../../../src/events/local';
import { createSilentLogger } from '../../../src/observability/logger';

const FLOWS = path.resolve(__dirname, '../../../flows');

describe('handoff triggers, queue standing and timers', () => {
  let bot: TestBot;
  let n = 0;
  const phone = () => `88015000${String(++n).padStart(5, '0')}`;
  beforeEach(async () => {
    bot = await startTestBot({ flowsDir: FLOWS });
  });
  afterEach(async () => bot.stop());

  const handoffOf = async (p: string) => {
    const conversation = await bot.runtime.store.conversations.findOpen(`simulator:${p}`);
    return conversation?.handoffId ? bot.runtime.store.handoffs.get(conversation.handoffId) : null;
  };

  it('hands an angry customer to a person with high priority and says so', async () => {
    const p = phone();
    const replies = await bot.send(p, 'This is the worst service, you are all useless frauds!!');
    expect(textOf(replies[0])).toMatch(/sorry/i);
    expect(replies.map(textOf).join(' ')).toMatch(/number 1 in the queue/);
    expect(await handoffOf(p)).toMatchObject({ trigger: 'sentiment', priority: 'high', status: 'queued' });
    expect((await handoffOf(p))!.summary).toMatch(/Mood: angry/);
  });

  it('puts a VIP customer first in the queue', async () => {
    const regular = phone();
    await bot.send(regular, 'human');
    const vip = phone();
    await bot.runtime.store.customers.touch({ id: `simulator:${vip}`, channel: 'simulator', address: vip, at: Date.now() });
    await bot.runtime.store.customers.update(`simulator:${vip}`, { tags: ['VIP'] });
    const replies = await bot.send(vip, 'human');
    expect(replies.map(textOf).join(' ')).toMatch(/number 1 in the queue/);
    expect(await handoffOf(vip)).toMatchObject({ priority: 'urgent' });
  });

  it('estimates the wait from how long recent chats of the team waited', async () => {
    const store = bot.runtime.store;
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      await store.handoffs.create({ id: `past-${i}`, conversationId: `c${i}`, customerId: `simulator:x${i}`, status: 'closed', trigger: 'flow', reason: 'r', team: 'default', priority: 'normal', queuedAt: now - 3_600_000, claimedAt: now - 3_600_000 + 4 * 60_000, closedAt: now - 1000, notes: [], version: 1 });
    }
    const first = phone();
    expect((await bot.send(first, 'human')).map(textOf).join(' ')).toMatch(/number 1 in the queue; the wait is about 4 min/);
    const second = phone();
    expect((await bot.send(second, 'agent')).map(textOf).join(' ')).toMatch(/number 2 in the queue; the wait is about 8 min/);
  });

  it('tells a customer outside business hours when people are back, in their language', async () => {
    await bot.stop();
    bot = await startTestBot({ flowsDir: FLOWS, env: { BUSINESS_HOURS: 'mon 00:00-00:01', TIMEZONE: 'UTC' } });
    const replies = await bot.send(phone(), 'মানুষ');
    expect(replies.map(textOf).join(' ')).toMatch(/আমাদের টিম এখন কাজ করছে না.*সোমবার ০০:০০ টায়/);
  });

  it('raises a chat past its SLA, reminds a silent agent, and updates a waiting customer', async () => {
    const store = bot.runtime.store;
    const p = phone();
    await bot.send(p, 'human');
    const handoff = (await handoffOf(p))!;
    const events: LiveEvent[] = [];
    const live = new LocalLiveEvents();
    live.subscribe((e) => events.push(e));
    const settings = { ...bot.config.handoff };
    const run = createHandoffTimerHandler({ store, queue: bot.runtime.queue, outbox: bot.runtime.outbox, events: live, hours: parseBusinessHours('always', 'UTC'), settings, logger: createSilentLogger(), clock: () => Date.now() });

    await run({ kind: 'sla', handoffId: handoff.id });
    expect(await store.handoffs.get(handoff.id)).toMatchObject({ priority: 'high', slaBreachedAt: expect.any(Number) });
    await run({ kind: 'sla', handoffId: handoff.id });
    expect((await store.handoffs.get(handoff.id))!.priority).toBe('high'); // raised once, not per check
    expect(events.map((e) => e.type)).toEqual(['sla.breached']);

    await store.handoffs.create({ ...handoff, id: 'history', status: 'closed', queuedAt: Date.now() - 600_000, claimedAt: Date.now() - 300_000, conversationId: 'other' });
    await run({ kind: 'wait-update', handoffId: handoff.id, round: 1 });
    await bot.runtime.queue.waitFor('outbound', `send:wait-update:${handoff.id}:1`, 2000);
    const sent = (await store.messages.listByCustomer(`simulator:${p}`)).filter((m) => m.direction === 'out');
    expect(textOf(sent[sent.length - 1] as never)).toMatch(/Thanks for waiting. You are number 1 in the queue; the wait is now about 5 min/);

    await store.handoffs.transition(handoff.id, 'queued', { status: 'claimed', agentId: 'ag1', claimedAt: Date.now() });
    await run({ kind: 'agent-reminder', handoffId: handoff.id, agentId: 'ag1' });
    expect(events.map((e) => e.type)).toContain('agent.reminder');
    await store.handoffs.transition(handoff.id, 'claimed', { firstAgentReplyAt: Date.now() });
    events.length = 0;
    await run({ kind: 'agent-reminder', handoffId: handoff.id, agentId: 'ag1' });
    expect(events).toEqual([]);
  });
});
