import type { LiveEvent, LiveEvents } from '../../src/events/port';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/**
 * Two handles on one event bus: the same object for an in-process adapter, two instances (as
 * two processes would have) for a shared one. Whatever one publishes, the other's listeners hear.
 */
export interface LiveEventsPair {
  publisher: LiveEvents;
  listener: LiveEvents;
}

/**
 * Publishes probes until the listener side hears one (a shared bus may still be subscribing), then
 * waits for the last probe sent: one still on its way would reach the test's own listeners.
 */
async function warmUp({ publisher, listener }: LiveEventsPair): Promise<void> {
  let lastHeard = -1;
  const unsubscribe = listener.subscribe((event) => {
    lastHeard = Math.max(lastHeard, Number(event.detail?.probe ?? -1));
  });
  let sent = -1;
  while (lastHeard < 0) {
    if (sent >= 250) throw new Error('the listener never heard a probe');
    publisher.publish({ type: 'flows.reloaded', at: Date.now(), detail: { probe: ++sent } });
    await sleep(20);
  }
  await until(() => lastHeard >= sent);
  unsubscribe();
}

/**
 * The behaviour every LiveEvents adapter must show: events reach every listener whole and in
 * order, unsubscribing and closing stop delivery, publishing never throws or waits.
 */
export function liveEventsContract(name: string, makePair: () => Promise<LiveEventsPair>): void {
  describe(`LiveEvents contract: ${name}`, () => {
    let pair: LiveEventsPair;
    beforeEach(async () => {
      pair = await makePair();
      await warmUp(pair);
    });
    afterEach(async () => {
      await pair.listener.close();
      if (pair.publisher !== pair.listener) await pair.publisher.close();
    });

    const claimed = (n: number): LiveEvent => ({
      type: 'handoff.claimed',
      handoffId: `h-${n}`,
      conversationId: `c-${n}`,
      team: 'sales',
      agentId: 'agent-1',
      at: 1_700_000_000_000 + n,
      detail: { holder: { name: 'Rahim' }, text: 'বাংলা ✓', n },
    });

    it('delivers each event whole, in publish order, to every listener', async () => {
      const first: LiveEvent[] = [];
      const second: LiveEvent[] = [];
      pair.listener.subscribe((e) => first.push(e));
      pair.listener.subscribe((e) => second.push(e));
      const sent = [1, 2, 3, 4, 5].map(claimed);
      for (const event of sent) pair.publisher.publish(event);
      await until(() => first.length >= 5 && second.length >= 5);
      expect(first).toEqual(sent);
      expect(second).toEqual(sent);
    });

    it('stops delivering to a listener that unsubscribed, and only to it', async () => {
      const kept: LiveEvent[] = [];
      const dropped: LiveEvent[] = [];
      pair.listener.subscribe((e) => kept.push(e));
      const unsubscribe = pair.listener.subscribe((e) => dropped.push(e));
      pair.publisher.publish(claimed(1));
      await until(() => kept.length === 1 && dropped.length === 1);
      unsubscribe();
      pair.publisher.publish(claimed(2));
      await until(() => kept.length === 2);
      await sleep(50);
      expect(dropped.map((e) => e.handoffId)).toEqual(['h-1']);
    });

    it('publishes without waiting or throwing, with or without listeners', () => {
      expect(pair.publisher.publish(claimed(1))).toBeUndefined();
    });

    it('stops delivering once closed', async () => {
      const heard: LiveEvent[] = [];
      pair.listener.subscribe((e) => heard.push(e));
      await pair.listener.close();
      expect(() => pair.publisher.publish(claimed(1))).not.toThrow();
      await sleep(100);
      expect(heard).toEqual([]);
    });
  });
}
