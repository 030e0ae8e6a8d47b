import type { Logger } from '../../observability/logger';
import type { Topic } from '../port';
import type { TopicState } from './topicState';

/**
 * Per topic, how many unfinished jobs the queue accepts before refusing new ones: one process
 * has no Redis to hold a backlog, so past this a webhook answers 503 at once (WhatsApp
 * delivers again later) instead of every customer waiting longer.
 */
export class AdmissionLimit {
  private lastFullLog = 0;

  constructor(
    private readonly limits: Partial<Record<Topic, number>> | undefined,
    private readonly logger: Logger,
  ) {}

  /** The topic's limit is reached (adds not committed yet count too). */
  reached(topic: Topic, state: TopicState): boolean {
    const limit = this.limits?.[topic];
    if (limit === undefined || state.jobs.size - state.done + state.adding < limit) return false;
    this.logFull(topic, limit);
    return true;
  }

  refusal(topic: Topic): Error {
    return new Error(`queue ${topic} is full (${this.limits?.[topic]} unfinished jobs); try again later`);
  }

  /** Once every 10 s at most: a full queue refuses many adds in a row. */
  private logFull(topic: Topic, limit: number): void {
    const now = Date.now();
    if (now - this.lastFullLog < 10_000) return;
    this.lastFullLog = now;
    this.logger.warn('queue full: refusing new jobs until it drains', { topic, limit });
  }
}
