import type { Conversation } from '../../src/domain/conversation';
import type { Handoff } from '../../src/domain/handoff';
import type { InboundEntry, OutboundEntry } from '../../src/domain/transcript';
import { VersionConflictError, type Store } from '../../src/store/port';
import { storeAmendmentsContract } from './storeAmendmentsContract';
import { customerIdentityContract } from './customerIdentityContract';

/**
 * The behaviour every Store adapter must show. Each adapter's test file calls this with a
 * factory that returns a fresh, initialised, empty store.
 */
export function storeContract(name: string, makeStore: () => Promise<Store>, dispose?: (store: Store) => Promise<void>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      if (dispose) await dispose(store);
      else await store.close();
    });

    storeAmendmentsContract(() => store);

    const conversation = (over: Partial<Conversation> = {}): Conversation => ({
      id: `conv-${Math.random().toString(36).slice(2)}`,
      customerId: 'simulator:880170000001',
      channel: 'simulator',
      address: '880170000001',
      locale: 'en',
      owner: 'bot',
      status: 'open',
      values: {},
      misses: 0,
      intents: [],
      createdAt: 1000,
      updatedAt: 1000,
      version: 0,
      ...over,
    });
    const inbound = (id: string, conversationId: string, createdAt = 1000): InboundEntry => ({
      id, direction: 'in', conversationId, customerId: 'simulator:880170000001', channel: 'simulator', createdAt, content: { type: 'text', text: `hello ${id}` },
    });
    const outbound = (id: string, conversationId: string, inReplyTo: string, createdAt = 1000): OutboundEntry => ({
      id, direction: 'out', conversationId, customerId: 'simulator:880170000001', channel: 'simulator', createdAt, content: { type: 'text', text: `reply ${id}` }, sender: 'bot', inReplyTo, status: 'queued',
    });
    const handoff = (over: Partial<Handoff> = {}): Handoff => ({
      id: `h-${Math.random().toString(36).slice(2)}`, conversationId: 'c1', customerId: 'simulator:1', status: 'queued', trigger: 'customer-request', reason: 'asked', team: 'default', priority: 'normal', queuedAt: 1000, notes: [], version: 0, ...over,
    });

    it('creates a customer on first contact and refreshes it later', async () => {
      const first = await store.customers.touch({ id: 'simulator:1', channel: 'simulator', address: '1', profileName: 'Rahim', at: 1 });
      expect(first).toMatchObject({ id: 'simulator:1', profileName: 'Rahim', tags: [], optedOut: false, createdAt: 1, lastSeenAt: 1 });
      const again = await store.customers.touch({ id: 'simulator:1', channel: 'simulator', address: '1', at: 5 });
      expect(again).toMatchObject({ profileName: 'Rahim', createdAt: 1, lastSeenAt: 5 });
      await store.customers.update('simulator:1', { optedOut: true, locale: 'bn', tags: ['vip'] });
      expect(await store.customers.get('simulator:1')).toMatchObject({ optedOut: true, locale: 'bn', tags: ['vip'] });
      expect(await store.customers.get('simulator:unknown')).toBeNull();
    });

    it('finds the open conversation of a customer and saves with a version check', async () => {
      const c = conversation({ values: { order_id: '204518', order: { status: 'shipped' } } });
      await store.conversations.create(c);
      const open = await store.conversations.findOpen(c.customerId);
      expect(open).toEqual(c);
      const saved = await store.conversations.save({ ...open!, misses: 1 });
      expect(saved.version).toBe(1);
      expect((await store.conversations.get(c.id))?.misses).toBe(1);
      // A writer that read version 0 loses.
      await expect(store.conversations.save({ ...open!, misses: 2 })).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.conversations.get(c.id))?.misses).toBe(1);
    });

    it('lets exactly one of several concurrent saves of the same version win', async () => {
      const c = conversation();
      await store.conversations.create(c);
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.conversations.save({ ...c, misses: i + 1 })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError)).toHaveLength(9);
    });

    it('forgets a closed conversation as the open one', async () => {
      const c = conversation();
      await store.conversations.create(c);
      await store.conversations.save({ ...c, status: 'closed', closedAt: 2000 });
      expect(await store.conversations.findOpen(c.customerId)).toBeNull();
      expect(await store.conversations.listByCustomer(c.customerId)).toHaveLength(1);
    });

    it('records a message id once: the second insert is a no-op', async () => {
      expect(await store.messages.insertInbound(inbound('wamid.1', 'c1'))).toBe(true);
      expect(await store.messages.insertInbound({ ...inbound('wamid.1', 'c1'), content: { type: 'text', text: 'changed' } })).toBe(false);
      expect(await store.messages.get('wamid.1')).toMatchObject({ content: { type: 'text', text: 'hello wamid.1' } });
      expect(await store.messages.insertOutbound(outbound('o1', 'c1', 'wamid.1'))).toBe(true);
      expect(await store.messages.insertOutbound(outbound('o1', 'c1', 'wamid.1'))).toBe(false);
    });

    it('lists transcripts oldest first, replies per inbound message, and marks handled', async () => {
      await store.messages.insertInbound(inbound('i1', 'c1', 1000));
      await store.messages.insertOutbound(outbound('o1', 'c1', 'i1', 1001));
      await store.messages.insertOutbound(outbound('o2', 'c1', 'i1', 1001));
      await store.messages.insertInbound(inbound('i2', 'c1', 1002));
      await store.messages.insertInbound(inbound('x1', 'other', 1003));
      expect((await store.messages.listByConversation('c1')).map((m) => m.id)).toEqual(['i1', 'o1', 'o2', 'i2']);
      expect((await store.messages.listByConversation('c1', { after: 1001 })).map((m) => m.id)).toEqual(['i2']);
      expect((await store.messages.listByConversation('c1', { limit: 2 })).map((m) => m.id)).toEqual(['o2', 'i2']);
      expect((await store.messages.listReplies('i1')).map((m) => m.id)).toEqual(['o1', 'o2']);
      expect((await store.messages.listByCustomer('simulator:880170000001')).length).toBe(5);
      await store.messages.markHandled('i1', 5000, { intent: 'order_status', confidence: 0.9 });
      expect(await store.messages.get('i1')).toMatchObject({ handledAt: 5000, intent: 'order_status', confidence: 0.9 });
    });

    it('tracks delivery state by the channel message id', async () => {
      await store.messages.insertOutbound(outbound('o1', 'c1', 'i1'));
      await store.messages.updateDelivery('o1', { status: 'sent', at: 2000, channelMessageId: 'wamid.OUT' });
      expect(await store.messages.findByChannelMessageId('wamid.OUT')).toMatchObject({ id: 'o1', status: 'sent' });
      await store.messages.updateDelivery('o1', { status: 'failed', at: 3000, error: { code: '131026', title: 'Message undeliverable', retryable: false } });
      expect(await store.messages.get('o1')).toMatchObject({ status: 'failed', statusAt: 3000, error: { code: '131026' }, channelMessageId: 'wamid.OUT' });
      expect(await store.messages.findByChannelMessageId('wamid.none')).toBeNull();
    });

    it('records that a re-engagement template went out in place of a message', async () => {
      await store.messages.insertOutbound(outbound('o1', 'c1', 'i1'));
      await store.messages.updateDelivery('o1', { status: 'sent', at: 2000, channelMessageId: 'wamid.T', sentAsTemplate: 'order_followup' });
      expect(await store.messages.get('o1')).toMatchObject({ status: 'sent', channelMessageId: 'wamid.T', sentAsTemplate: 'order_followup' });
      // Later receipts for the template keep the note.
      await store.messages.updateDelivery('o1', { status: 'read', at: 3000 });
      expect(await store.messages.get('o1')).toMatchObject({ status: 'read', sentAsTemplate: 'order_followup' });
    });

    it('lets exactly one of several senders claim an outbound message, and takes over a stale claim', async () => {
      await store.messages.insertOutbound(outbound('o1', 'c1', 'i1'));
      const claims = await Promise.all(Array.from({ length: 10 }, () => store.messages.claimSend('o1', 2000, 1000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.messages.get('o1')).toMatchObject({ status: 'sending', statusAt: 2000 });
      // Still fresh: nobody else may send it.
      expect(await store.messages.claimSend('o1', 2500, 1500)).toBe(false);
      // The claim is older than the lease: its sender died; another may send it.
      expect(await store.messages.claimSend('o1', 200_000, 100_000)).toBe(true);
      await store.messages.updateDelivery('o1', { status: 'sent', at: 200_001, channelMessageId: 'wamid.X' });
      expect(await store.messages.claimSend('o1', 999_999_999, 999_999_998)).toBe(false);
      expect(await store.messages.claimSend('missing', 1, 0)).toBe(false);
    });

    it("gives a message whose channel id was never recorded the id a receipt brings back by the bot's key, once", async () => {
      await store.messages.insertOutbound(outbound('o1', 'c1', 'i1'));
      await store.messages.insertInbound(inbound('i1', 'c1'));
      expect(await store.messages.claimSend('o1', 2000, 1000)).toBe(true); // its sender dies with the answer unrecorded
      // Several receipts of the part race; one adopts, and only for the message's own channel.
      expect(await store.messages.adoptChannelMessageId('o1', 'messenger', 'wamid.A')).toBeNull();
      const adopted = await Promise.all(Array.from({ length: 5 }, () => store.messages.adoptChannelMessageId('o1', 'simulator', 'wamid.A')));
      expect(adopted.filter(Boolean)).toEqual([expect.objectContaining({ id: 'o1', channelMessageId: 'wamid.A', status: 'sending' })]);
      expect(await store.messages.findByChannelMessageId('wamid.A')).toMatchObject({ id: 'o1' });
      // A message that has its id keeps it; a customer's message or a missing one is never adopted.
      expect(await store.messages.adoptChannelMessageId('o1', 'simulator', 'wamid.B')).toBeNull();
      expect(await store.messages.adoptChannelMessageId('i1', 'simulator', 'wamid.C')).toBeNull();
      expect(await store.messages.adoptChannelMessageId('missing', 'simulator', 'wamid.D')).toBeNull();
      expect(await store.messages.get('o1')).toMatchObject({ channelMessageId: 'wamid.A' });
    });

    it('creates a handoff once and lets exactly one claim win', async () => {
      const h = handoff();
      expect(await store.handoffs.create(h)).toBe(true);
      expect(await store.handoffs.create(h)).toBe(false);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.handoffs.transition(h.id, 'queued', { status: 'claimed', agentId: `agent-${i}`, claimedAt: 2000 })),
      );
      const winners = claims.filter((c) => c !== null);
      expect(winners).toHaveLength(1);
      const stored = await store.handoffs.get(h.id);
      expect(stored).toMatchObject({ status: 'claimed', agentId: winners[0]!.agentId, version: 1 });
    });

    it('lists handoffs by status and team, oldest first', async () => {
      await store.handoffs.create(handoff({ id: 'h2', queuedAt: 2000, team: 'sales' }));
      await store.handoffs.create(handoff({ id: 'h1', queuedAt: 1000, team: 'sales' }));
      await store.handoffs.create(handoff({ id: 'h3', queuedAt: 1500, team: 'billing' }));
      await store.handoffs.create(handoff({ id: 'h4', queuedAt: 500, team: 'sales', status: 'closed' }));
      expect((await store.handoffs.list({ status: 'queued', team: 'sales' })).map((h) => h.id)).toEqual(['h1', 'h2']);
      expect((await store.handoffs.list({ status: 'queued' })).map((h) => h.id)).toEqual(['h1', 'h3', 'h2']);
    });

    it('filters handoffs by several teams and by agent, and lists a customer\'s newest first', async () => {
      await store.handoffs.create(handoff({ id: 'a', team: 'sales', queuedAt: 1, customerId: 'simulator:9' }));
      await store.handoffs.create(handoff({ id: 'b', team: 'billing', queuedAt: 2, status: 'claimed', agentId: 'ag1', customerId: 'simulator:9' }));
      await store.handoffs.create(handoff({ id: 'c', team: 'delivery', queuedAt: 3 }));
      expect((await store.handoffs.list({ teams: ['sales', 'billing'] })).map((h) => h.id)).toEqual(['a', 'b']);
      expect((await store.handoffs.list({ agentId: 'ag1' })).map((h) => h.id)).toEqual(['b']);
      expect((await store.handoffs.listByCustomer('simulator:9', 10)).map((h) => h.id)).toEqual(['b', 'a']);
      expect((await store.handoffs.listByCustomer('simulator:9', 1)).map((h) => h.id)).toEqual(['b']);
    });

    it('lists only the handoffs claimed after a time, when asked', async () => {
      await store.handoffs.create(handoff({ id: 'old', team: 'sales', status: 'closed', claimedAt: 1_000, queuedAt: 900 }));
      await store.handoffs.create(handoff({ id: 'recent', team: 'sales', status: 'closed', claimedAt: 5_000, queuedAt: 4_000 }));
      await store.handoffs.create(handoff({ id: 'other-team', team: 'billing', status: 'closed', claimedAt: 6_000, queuedAt: 4_500 }));
      await store.handoffs.create(handoff({ id: 'waiting', team: 'sales', queuedAt: 4_200 }));
      expect((await store.handoffs.list({ status: 'closed', team: 'sales', claimedAfter: 2_000 })).map((h) => h.id)).toEqual(['recent']);
      expect((await store.handoffs.list({ team: 'sales', claimedAfter: 1_000 })).map((h) => h.id)).toEqual(['recent']);
      expect((await store.handoffs.list({ status: 'closed', team: 'sales' })).map((h) => h.id)).toEqual(['old', 'recent']);
    });

    it('keeps every one of many concurrent notes', async () => {
      const h = handoff();
      await store.handoffs.create(h);
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.handoffs.addNote(h.id, { id: `n${i}`, agentId: 'ag', text: `note ${i}`, at: i })));
      const stored = await store.handoffs.get(h.id);
      expect(stored?.notes.map((n) => n.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`).sort());
      expect(await store.handoffs.addNote('missing', { id: 'x', agentId: 'ag', text: 't', at: 1 })).toBeNull();
    });

    it('keeps agents with unique e-mail addresses, case-insensitively', async () => {
      const agent = { id: 'ag1', email: 'Mina@Shop.example', name: 'Mina', passwordHash: 'hash', role: 'agent' as const, teams: ['default'], maxOpenChats: 5, active: true, createdAt: 1 };
      expect(await store.agents.create(agent)).toBe(true);
      expect(await store.agents.create({ ...agent, id: 'ag2', email: 'mina@shop.example' })).toBe(false);
      expect(await store.agents.getByEmail('MINA@shop.example')).toMatchObject({ id: 'ag1', email: 'mina@shop.example' });
      expect(await store.agents.update('ag1', { teams: ['sales'], lastSeenAt: 5 })).toMatchObject({ teams: ['sales'], lastSeenAt: 5 });
      expect((await store.agents.list()).map((a) => a.id)).toEqual(['ag1']);
      expect(await store.agents.get('nobody')).toBeNull();
    });

    it('appends to the audit trail and lists newest first', async () => {
      await store.audit.append({ id: 'e1', at: 1, actorId: 'ag1', action: 'claim', subjectType: 'handoff', subjectId: 'h1' });
      await store.audit.append({ id: 'e2', at: 2, actorId: 'ag2', action: 'close', subjectType: 'handoff', subjectId: 'h1', detail: { resolution: 'done' } });
      await store.audit.append({ id: 'e3', at: 3, actorId: 'ag1', action: 'login', subjectType: 'session', subjectId: 'ag1' });
      expect((await store.audit.list({ subjectId: 'h1' })).map((e) => e.id)).toEqual(['e2', 'e1']);
      expect((await store.audit.list({ actorId: 'ag1', limit: 1 })).map((e) => e.id)).toEqual(['e3']);
    });

    it('counts unanswered questions by key, with one atomic upsert per occurrence', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.unanswered.record({ key: 'cox bazar deliver', text: `deliver to cox bazar? ${i}`, at: 100 + i, locale: 'en' })));
      await store.unanswered.record({ key: 'emi installment', text: 'EMI?', at: 50 });
      const list = await store.unanswered.list(10);
      expect(list.map((q) => [q.key, q.count])).toEqual([['cox bazar deliver', 20], ['emi installment', 1]]);
      expect(list[0]).toMatchObject({ firstAt: expect.any(Number), lastAt: expect.any(Number), locale: 'en' });
      expect(await store.unanswered.list(1)).toHaveLength(1);
    });

    it('removes answered questions by key, and counts a removed one afresh when it comes back', async () => {
      await store.unanswered.record({ key: 'gift card sell', text: 'do you sell gift cards', at: 10 });
      await store.unanswered.record({ key: 'gift card sell', text: 'gift cards?', at: 11 });
      await store.unanswered.record({ key: 'emi option', text: 'EMI?', at: 12 });
      expect(await store.unanswered.remove(['gift card sell', 'never recorded'])).toBe(1);
      expect((await store.unanswered.list(10)).map((q) => q.key)).toEqual(['emi option']);
      expect(await store.unanswered.remove([])).toBe(0);
      await store.unanswered.record({ key: 'gift card sell', text: 'gift card?', at: 20 });
      expect((await store.unanswered.list(10)).find((q) => q.key === 'gift card sell')).toMatchObject({ count: 1, firstAt: 20 });
    });

    it('counts login tries per key within a window, never past the limit even when they race, and clears them', async () => {
      const WINDOW = 60_000;
      const key = 'email+ip:mina@shop.test|192.0.2.1';
      // 30 tries at once, limit 5: exactly five are counted, whatever the interleaving.
      const tries = await Promise.all(Array.from({ length: 30 }, () => store.logins.take(key, 1_000, WINDOW, 5)));
      expect(tries.filter((t) => t.counted)).toHaveLength(5);
      expect(tries.filter((t) => t.counted).map((t) => t.count).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await store.logins.take(key, 5_000, WINDOW, 5)).toEqual({ counted: false, count: 5, firstAt: 1_000 });
      expect(await store.logins.take('ip:192.0.2.1', 5_000, WINDOW, 5)).toEqual({ counted: true, count: 1, firstAt: 5_000 });
      // The window has passed: the next try starts a new one.
      expect(await store.logins.take(key, 61_000, WINDOW, 5)).toEqual({ counted: true, count: 1, firstAt: 61_000 });
      expect(await store.logins.take(key, 61_500, WINDOW, 5)).toEqual({ counted: true, count: 2, firstAt: 61_000 });
      await store.logins.clear(key);
      expect(await store.logins.take(key, 62_000, WINDOW, 5)).toEqual({ counted: true, count: 1, firstAt: 62_000 });
    });

    it('accepts each two-factor time step and recovery code once, even in parallel', async () => {
      const agent = { id: 'ag2fa', email: 'tfa@shop.example', name: 'T', passwordHash: 'hash', role: 'admin' as const, teams: ['default'], maxOpenChats: 5, active: true, createdAt: 1 };
      await store.agents.create({ ...agent, twoFactor: { secret: 'JBSWY3DPEHPK3PXP', recoveryCodes: ['r1', 'r2'] } });
      // Not enabled yet: a step is not accepted (only an enrolment's confirmation turns it on).
      expect(await store.agents.useSecondFactor('ag2fa', { step: 100 })).toBe(false);
      await store.agents.update('ag2fa', { twoFactor: { secret: 'JBSWY3DPEHPK3PXP', enabledAt: 5, lastStep: 99, recoveryCodes: ['r1', 'r2'] } });
      const parallel = await Promise.all(Array.from({ length: 8 }, () => store.agents.useSecondFactor('ag2fa', { step: 100 })));
      expect(parallel.filter(Boolean)).toHaveLength(1);
      expect(await store.agents.useSecondFactor('ag2fa', { step: 99 })).toBe(false);
      expect(await store.agents.useSecondFactor('ag2fa', { step: 101 })).toBe(true);
      const codes = await Promise.all(Array.from({ length: 8 }, () => store.agents.useSecondFactor('ag2fa', { recoveryCodeHash: 'r1' })));
      expect(codes.filter(Boolean)).toHaveLength(1);
      expect(await store.agents.useSecondFactor('ag2fa', { recoveryCodeHash: 'nope' })).toBe(false);
      expect((await store.agents.get('ag2fa'))?.twoFactor).toEqual({ secret: 'JBSWY3DPEHPK3PXP', enabledAt: 5, lastStep: 101, recoveryCodes: ['r2'] });
      expect(await store.agents.useSecondFactor('nobody', { step: 1 })).toBe(false);
      // Turned off: the enrolment is gone.
      await store.agents.update('ag2fa', { twoFactor: undefined });
      expect((await store.agents.get('ag2fa'))?.twoFactor).toBeUndefined();
    });

    it('returns copies: changing a returned object does not change the store', async () => {
      const c = conversation();
      await store.conversations.create(c);
      const loaded = await store.conversations.get(c.id);
      loaded!.values.hacked = true;
      expect((await store.conversations.get(c.id))?.values).toEqual({});
    });

    customerIdentityContract(() => store);
  });
}
