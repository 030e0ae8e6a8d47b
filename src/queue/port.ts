/**
 * Named streams of work. `inbound`: customer messages (InboundMessage), ordered per key.
 * `outbound`: sends. `status`: delivery receipts (DeliveryReceipt). `timer`: delayed jobs.
 * `media`: downloads of the files customers send.
 */
export type Topic = 'inbound' | 'outbound' | 'status' | 'timer' | 'media';

export interface JobOptions {
  /** Jobs sharing a key run one at a time, in the order they were added (per conversation). */
  key?: string;
  /** A second add with the same id while the first is known is ignored (idempotency). */
  jobId?: string;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** Total tries before the job is given up (default 5), with exponential backoff. */
  attempts?: number;
}

/** One job of an addMany. */
export interface QueuedJob<T = unknown> {
  topic: Topic;
  payload: T;
  options?: JobOptions;
}

export interface JobContext {
  id: string;
  attempt: number;
}

export type JobHandler<T> = (payload: T, job: JobContext) => Promise<void>;

/** Thrown by a handler for a failure that a retry cannot fix. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** The Queue port. Adapters: sqlite/ (in process, durable, default), bull/ (Redis). */
export interface Queue {
  readonly kind: string;
  /** Resolves once the job is durably accepted; rejects when it cannot be (callers answer 503). */
  add<T>(topic: Topic, payload: T, options?: JobOptions): Promise<void>;
  /**
   * Several jobs in one go (a webhook delivery of up to 1,000 updates): the same as an add of
   * each, in order, at the cost of about one. Resolves once every job is durably accepted;
   * rejects when any was not (the accepted ones stay: adding them again is a duplicate).
   */
  addMany(jobs: QueuedJob[]): Promise<void>;
  /** Registers the consumer of a topic. Call once per topic per process. */
  process<T>(topic: Topic, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  /** Resolves when the job with that id has finished (successfully or given up). */
  waitFor(topic: Topic, jobId: string, timeoutMs: number): Promise<void>;
  ping(): Promise<void>;
  /**
   * Jobs due and not yet finished (waiting or running; delayed ones count from when they are
   * due) and how long the oldest has waited, for metrics.
   */
  stats?(topic: Topic): Promise<{ waiting: number; oldestAgeMs: number }>;
  /** Stops taking jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}
