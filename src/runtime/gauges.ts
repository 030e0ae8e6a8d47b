import type { Metrics } from '../observability/metrics';
import type { Nlu } from '../nlu/port';
import type { Queue, Topic } from '../queue/port';
import type { Store } from '../store/port';

const TOPICS: Topic[] = ['inbound', 'outbound', 'status', 'timer', 'media'];
/** A scrape reads every gauge within this; the queue is read once for all of its gauges. */
const SCRAPE_REUSE_MS = 500;

/** A cloud NLU with a fallback reports its counters this way (Dialogflow's circuit breaker). */
interface NluWithStats extends Nlu {
  stats(): { calls: number; failures: number; fallbacks: number; circuit: 'closed' | 'open' | 'half-open' };
}

const hasStats = (nlu: Nlu): nlu is NluWithStats => typeof (nlu as Partial<NluWithStats>).stats === 'function';

/** Gauges read from their source at scrape time: queues, waiting handoffs, the NLU's circuit. */
export function registerGauges(metrics: Metrics, sources: { queue: Queue; store: Store; nlu: Nlu }): void {
  const { queue, store, nlu } = sources;
  if (queue.stats) {
    // Both queue gauges come from one read per topic and scrape (with bull that is Redis I/O).
    const readAll = queue.stats.bind(queue);
    let latest: { at: number; stats: Promise<Awaited<ReturnType<typeof readAll>>[]> } | undefined;
    const allStats = () => {
      if (!latest || Date.now() - latest.at > SCRAPE_REUSE_MS) latest = { at: Date.now(), stats: Promise.all(TOPICS.map((topic) => readAll(topic))) };
      return latest.stats;
    };
    metrics.gauge('wabot_queue_depth', 'Jobs waiting or running per queue topic', ['topic'], async () =>
      (await allStats()).map((stats, i) => ({ labels: { topic: TOPICS[i] }, value: stats.waiting })),
    );
    metrics.gauge('wabot_queue_oldest_age_seconds', 'Age of the oldest waiting job per topic', ['topic'], async () =>
      (await allStats()).map((stats, i) => ({ labels: { topic: TOPICS[i] }, value: stats.oldestAgeMs / 1000 })),
    );
  }
  metrics.gauge('wabot_handoffs_waiting', 'Chats waiting for a person, per team', ['team'], async () => {
    const counts = new Map<string, number>();
    for (const h of await store.handoffs.list({ status: 'queued' })) counts.set(h.team, (counts.get(h.team) ?? 0) + 1);
    return [...counts].map(([team, value]) => ({ labels: { team }, value }));
  });
  if (hasStats(nlu)) {
    metrics.gauge('wabot_nlu_fallbacks', 'Messages answered by the local matcher because the cloud NLU failed (since start)', [], async () => [{ labels: {}, value: nlu.stats().fallbacks }]);
    metrics.gauge('wabot_nlu_circuit_open', 'Cloud NLU circuit breaker: 0 closed, 0.5 half-open, 1 open', [], async () => {
      const circuit = nlu.stats().circuit;
      return [{ labels: {}, value: circuit === 'open' ? 1 : circuit === 'half-open' ? 0.5 : 0 }];
    });
  }
}
