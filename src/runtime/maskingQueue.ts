import type { InboundMessage } from '../domain/message';
import type { ChannelUpdate } from '../domain/delivery';
import { maskInboundJob } from '../domain/secrets';
import type { JobOptions, Queue, QueuedJob, Topic } from '../queue/port';

/**
 * The queue lent to channels: a customer message has its secrets (PINs, one-time codes, card
 * numbers, passwords) masked before it is queued, so they never reach Redis or the queue's
 * file, whichever channel it came through. Everything else passes through unchanged.
 */
export function secretMaskingQueue(queue: Queue): Queue {
  return {
    kind: queue.kind,
    add: <T>(topic: Topic, payload: T, options?: JobOptions) =>
      queue.add(topic, topic === 'inbound' ? (maskInboundJob(payload as InboundMessage | ChannelUpdate) as T) : payload, options),
    // A webhook delivery (up to 1,000 updates) in one call: each customer message masked the same way.
    addMany: (jobs: QueuedJob[]) =>
      queue.addMany(jobs.map((job) => (job.topic === 'inbound' ? { ...job, payload: maskInboundJob(job.payload as InboundMessage | ChannelUpdate) } : job))),
    process: (topic, handler, options) => queue.process(topic, handler, options),
    waitFor: (topic, jobId, timeoutMs) => queue.waitFor(topic, jobId, timeoutMs),
    ping: () => queue.ping(),
    stats: queue.stats && ((topic) => queue.stats!(topic)),
    close: () => queue.close(),
  };
}
