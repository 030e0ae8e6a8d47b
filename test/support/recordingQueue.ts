import type { JobHandler, JobOptions, Queue, QueuedJob, Topic } from '../../src/queue/port';

export interface RecordedAdd {
  topic: Topic;
  payload: any;
  options?: JobOptions;
}

/**
 * A recorder of the Queue port for tests of what feeds it (webhooks, channels): the real
 * adapters have their own contract tests. `failNext` makes that many adds reject first, as a
 * restarting Redis would; `Infinity` makes every add reject (Redis down).
 */
export class RecordingQueue implements Queue {
  readonly kind = 'recording';
  readonly adds: RecordedAdd[] = [];
  attempts = 0;
  constructor(public failNext = 0) {}

  async add<T>(topic: Topic, payload: T, options?: JobOptions): Promise<void> {
    this.attempts += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('queue unavailable');
    }
    this.adds.push({ topic, payload, options });
  }
  /** One attempt for the whole batch, as a real queue's single round trip. */
  async addMany(jobs: QueuedJob[]): Promise<void> {
    this.attempts += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('queue unavailable');
    }
    for (const job of jobs) this.adds.push({ topic: job.topic, payload: job.payload, options: job.options });
  }
  process<T>(_topic: Topic, _handler: JobHandler<T>): void {}
  async waitFor(): Promise<void> {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
