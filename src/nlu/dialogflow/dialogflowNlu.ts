import type { HttpTransport } from '../../network/httpTransport';
import type { IntentExamples, Nlu, NluRequest, NluResult, TrainingExtras } from '../port';
import { IntentIndex, toNluResult } from './answer';
import { CircuitBreaker, type CircuitState } from './circuitBreaker';
import { classifyFailure, describeFailure, FAILURE_KINDS, withTimeout, type FailureKind } from './failures';
import {
  createSessionsClient,
  sessionPath,
  type DetectIntentRequest,
  type ServiceAccountKey,
  type SessionsClientLike,
  type Transport,
} from './sessionsClient';

export const DEFAULT_TIMEOUT_MS = 1500;
export const DEFAULT_THRESHOLD = 0.55;
export const DEFAULT_CIRCUIT = { failures: 5, openMs: 30_000 } as const;
/** TextInput.text "must not exceed 256 characters" (google.cloud.dialogflow.v2.TextInput). */
export const MAX_QUERY_CHARS = 256;

/** The few logger methods used; a winston Logger fits. */
export interface NluLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface DialogflowNluOptions {
  projectId: string;
  /** 'global', or a region such as 'europe-west1' (the agent's region; picks the host too). */
  location?: string;
  /** A published environment ('production'); the draft agent when unset. */
  environment?: string;
  /** undefined: `keyFilename`, else Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS). */
  credentials: ServiceAccountKey | undefined;
  /** A service account key file for the client to read (when `credentials` is undefined). */
  keyFilename?: string;
  /** Longest wait for an answer, token included; then the fallback answers. */
  timeoutMs?: number;
  /** Ask Dialogflow to score the sentiment of each message. */
  sentiment?: boolean;
  /** Minimum intentDetectionConfidence for `intent` to be set. */
  threshold?: number;
  transport?: Transport;
  /** The REST transport's HTTP calls (token included) go through it; node:http when not given. */
  httpTransport?: HttpTransport;
  /** The local matcher: answers when Dialogflow cannot, and reads the message's language. */
  fallback: Nlu;
  circuit?: { failures?: number; openMs?: number };
  logger: NluLogger;
  clientFactory?: () => SessionsClientLike;
  clock?: () => number;
}

export interface DialogflowStats {
  /** detectIntent calls made. */
  calls: number;
  /** Calls that failed or timed out. */
  failures: number;
  /** Messages the fallback answered (failures, and messages skipped by the circuit). */
  fallbacks: number;
  circuit: CircuitState;
  consecutiveFailures: number;
  /** Failures by kind. */
  errors: Record<FailureKind, number>;
}

/**
 * The Dialogflow ES adapter of the NLU port. Every message is read by the local matcher
 * first (under a millisecond: language, script, lexicon sentiment, and the answer to give if
 * Dialogflow cannot), then sent to Dialogflow in the customer's language. Errors, timeouts
 * and an open circuit all answer with the local result, so the bot never waits on Google.
 */
export class DialogflowNlu implements Nlu {
  readonly kind = 'dialogflow';
  private readonly timeoutMs: number;
  private readonly threshold: number;
  private readonly breaker: CircuitBreaker;
  private readonly createClient: () => SessionsClientLike;
  private client: SessionsClientLike | undefined;
  private initialized: Promise<unknown> | undefined;
  private index = IntentIndex.empty();
  private readonly counters = { calls: 0, failures: 0, fallbacks: 0, errors: Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number> };

  constructor(private readonly options: DialogflowNluOptions) {
    if (!options.projectId) throw new TypeError('DialogflowNlu needs a projectId');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    if (!(this.threshold >= 0 && this.threshold <= 1)) throw new RangeError(`threshold must be within 0..1, got ${this.threshold}`);
    this.breaker = new CircuitBreaker({
      failures: options.circuit?.failures ?? DEFAULT_CIRCUIT.failures,
      openMs: options.circuit?.openMs ?? DEFAULT_CIRCUIT.openMs,
      clock: options.clock ?? Date.now,
      onChange: (from, to, info) => this.logCircuit(from, to, info),
    });
    this.createClient =
      options.clientFactory ??
      (() =>
        createSessionsClient({
          projectId: options.projectId,
          location: options.location,
          credentials: options.credentials,
          keyFilename: options.keyFilename,
          transport: options.transport ?? 'rest',
          timeoutMs: this.timeoutMs,
          httpTransport: options.httpTransport,
        }));
    // Built now, not on the first customer message: loading the client takes seconds.
    this.clientOrUndefined();
  }

  train(intents: IntentExamples[], extras?: TrainingExtras): void {
    this.index = IntentIndex.build(intents);
    this.options.fallback.train(intents, extras);
  }

  async retrain(intents: IntentExamples[], extras?: TrainingExtras): Promise<void> {
    const fallback = this.options.fallback;
    if (fallback.retrain) await fallback.retrain(intents, extras);
    else fallback.train(intents, extras);
    this.index = IntentIndex.build(intents);
  }

  async detect(request: NluRequest): Promise<NluResult> {
    const local = await this.options.fallback.detect(request);
    const text = Array.from(typeof request.text === 'string' ? request.text.trim() : '').slice(0, MAX_QUERY_CHARS).join('');
    if (text === '') return local; // Dialogflow refuses an empty query
    // The customer asked for a person: the local detector is sure enough, and no intent matters then.
    if (local.handoffRequested) return local;
    if (!this.breaker.tryAcquire()) {
      this.counters.fallbacks += 1;
      return local;
    }
    this.counters.calls += 1;
    let response;
    try {
      const call = this.ready().then((client) =>
        client.detectIntent(this.requestFor(request.conversationId, text, local.locale), { timeout: this.timeoutMs, retry: null }),
      );
      [response] = await withTimeout(call, this.timeoutMs);
    } catch (error) {
      this.recordFailure(error, request.conversationId);
      return local;
    }
    this.breaker.success();
    try {
      return toNluResult(response?.queryResult ?? {}, { index: this.index, threshold: this.threshold, local });
    } catch (error) {
      // Our bug, not Google's: answer locally without counting it against the circuit.
      this.counters.fallbacks += 1;
      this.options.logger.error('could not read the Dialogflow answer; the local matcher answers', { conversationId: request.conversationId, error: describeFailure(error) });
      return local;
    }
  }

  /** Ready while Dialogflow is being used (closed or half-open); the fallback answers meanwhile either way. */
  ping(): Promise<void> {
    const state = this.breaker.state;
    if (state === 'open') {
      return Promise.reject(new Error(`Dialogflow circuit is open after ${this.breaker.consecutiveFailures} failures; the local matcher is answering`));
    }
    return Promise.resolve();
  }

  stats(): DialogflowStats {
    return {
      calls: this.counters.calls,
      failures: this.counters.failures,
      fallbacks: this.counters.fallbacks,
      circuit: this.breaker.state,
      consecutiveFailures: this.breaker.consecutiveFailures,
      errors: { ...this.counters.errors },
    };
  }

  async close(): Promise<void> {
    await this.client?.close?.();
  }

  private requestFor(conversationId: string, text: string, languageCode: string): DetectIntentRequest {
    const request: DetectIntentRequest = {
      session: sessionPath(this.options, conversationId),
      queryInput: { text: { text, languageCode } },
    };
    if (this.options.sentiment) request.queryParams = { sentimentAnalysisRequestConfig: { analyzeQueryTextSentiment: true } };
    return request;
  }

  private clientOrUndefined(): SessionsClientLike | undefined {
    try {
      return this.clientOrThrow();
    } catch (error) {
      this.options.logger.error('could not create the Dialogflow client; the local matcher answers until it can be created', { error: describeFailure(error) });
      return undefined;
    }
  }

  private clientOrThrow(): SessionsClientLike {
    this.client ??= this.createClient();
    return this.client;
  }

  /**
   * The client, initialised. SessionsClient.detectIntent runs `this.initialize().catch((err)
   * => { throw err; })`: on a client whose credentials failed to load, every call would
   * raise an unhandled rejection (and end the process). So initialisation is awaited here,
   * and a client that failed it is dropped; the next attempt builds a new one.
   */
  private async ready(): Promise<SessionsClientLike> {
    const client = this.clientOrThrow();
    if (!client.initialize) return client;
    this.initialized ??= client.initialize();
    try {
      await this.initialized;
    } catch (error) {
      if (this.client === client) {
        this.client = undefined;
        this.initialized = undefined;
      }
      throw error;
    }
    return client;
  }

  private recordFailure(error: unknown, conversationId: string): void {
    const { kind, status } = classifyFailure(error);
    this.counters.failures += 1;
    this.counters.fallbacks += 1;
    this.counters.errors[kind] += 1;
    this.breaker.failure();
    this.options.logger.warn('Dialogflow failed; the local matcher answered', { kind, status, conversationId, error: describeFailure(error) });
  }

  private logCircuit(from: CircuitState, to: CircuitState, info: { consecutiveFailures: number; openMs: number }): void {
    const logger = this.options.logger;
    if (to === 'open') {
      logger.error(`Dialogflow circuit opened: the local matcher answers for the next ${Math.round(info.openMs / 1000)} s`, { from, consecutiveFailures: info.consecutiveFailures });
    } else if (to === 'half-open') {
      logger.info('Dialogflow circuit half-open: the next message tries Dialogflow again', { from });
    } else {
      logger.info('Dialogflow circuit closed: Dialogflow answers again', { from });
    }
  }
}
