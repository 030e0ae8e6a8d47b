import nock from 'nock';
import { LocalNlu } from '../../../src/nlu/local';
import type { IntentExamples } from '../../../src/nlu/port';
import { classifyFailure, DialogflowNlu, DialogflowTimeoutError, type DialogflowNluOptions, type SessionsClientLike } from '../../../src/nlu/dialogflow';
import { detectPath, DIALOGFLOW, googleError, manualClock, matched, memoryLogger, PROJECT, serviceAccount, loadDialogflowClient } from './support';

const key = serviceAccount();

beforeAll(loadDialogflowClient, 60_000);
const INTENTS: IntentExamples[] = [
  { intent: 'order_status', examples: { en: ['where is my order', 'track my order'], bn: ['আমার অর্ডার কোথায়'] } },
  { intent: 'payment_methods', examples: { en: ['how can I pay', 'do you take bkash'] } },
];

function build(options: Partial<DialogflowNluOptions> = {}) {
  const logger = memoryLogger();
  const nlu = new DialogflowNlu({ projectId: PROJECT, credentials: key.credentials, fallback: new LocalNlu(), logger, ...options });
  nlu.train(INTENTS);
  return { nlu, logger };
}

const CONVERSATION = 'conv-f';
const ask = (nlu: DialogflowNlu, text = 'where is my order') => nlu.detect({ text, conversationId: CONVERSATION });

/** Counts the detectIntent calls that reach "Google". */
function google(status: number, body: unknown, times = 1) {
  const counter = { calls: 0 };
  nock(DIALOGFLOW)
    .post(detectPath(CONVERSATION))
    .query(true)
    .times(times)
    .reply(() => {
      counter.calls += 1;
      return [status, body as Record<string, unknown>];
    });
  return counter;
}

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

describe('errors fall back to the local matcher', () => {
  it.each([
    [401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), 'auth'],
    [403, googleError(403, 'PERMISSION_DENIED', "Permission 'dialogflow.sessions.detectIntent' denied"), 'auth'],
    [429, googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric'), 'quota'],
    [503, googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.'), 'unavailable'],
    [502, '<html><body>502 Bad Gateway</body></html>', 'unavailable'],
    [404, googleError(404, 'NOT_FOUND', 'No agent found'), 'rejected'],
  ])('HTTP %s: the local matcher answers, once, and the failure is logged and counted', async (status, body, kind) => {
    const { nlu, logger } = build();
    const google1 = google(status, body, 5);
    const result = await ask(nlu);
    expect(google1.calls).toBe(1); // no retries: the customer is waiting
    expect(result).toMatchObject({ source: 'local', intent: 'order_status', locale: 'en' });
    expect(logger.entries).toEqual([
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/Dialogflow failed/), meta: expect.objectContaining({ kind, status, conversationId: CONVERSATION }) }),
    ]);
    expect(nlu.stats()).toMatchObject({ calls: 1, failures: 1, fallbacks: 1, circuit: 'closed', errors: expect.objectContaining({ [kind]: 1 }) });
  });

  it('a timeout: the fallback answers within the time limit, long before Google would have', async () => {
    const { nlu, logger } = build({ timeoutMs: 300 });
    nock(DIALOGFLOW).post(detectPath(CONVERSATION)).query(true).delay(5000).reply(200, matched('payment_methods', 0.99));
    const started = Date.now();
    const result = await ask(nlu);
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ source: 'local', intent: 'order_status' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    expect(logger.entries[0]).toMatchObject({ level: 'warn', meta: { kind: 'timeout' } });
    expect(nlu.stats().errors.timeout).toBe(1);
  });

  it('a client that cannot be built: logged at start, the fallback answers, built again on the next message', async () => {
    let attempts = 0;
    const clientFactory = () => {
      attempts += 1;
      if (attempts === 1) throw new Error('bad key file');
      return { detectIntent: async () => [{ queryResult: { intent: { displayName: 'order_status' }, intentDetectionConfidence: 0.9 } }] as [object] };
    };
    const { nlu, logger } = build({ clientFactory });
    expect(logger.entries[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/could not create the Dialogflow client/) });
    expect((await ask(nlu)).source).toBe('dialogflow');
    expect(attempts).toBe(2);
  });
});

describe('a client whose initialisation fails', () => {
  it('is dropped without calling detectIntent on it, and rebuilt for the next message', async () => {
    const clients: { initialize: jest.Mock; detectIntent: jest.Mock }[] = [];
    const clientFactory = jest.fn((): SessionsClientLike => {
      const first = clients.length === 0;
      const client = {
        initialize: jest.fn(() => (first ? Promise.reject(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })) : Promise.resolve({}))),
        detectIntent: jest.fn(async (): Promise<[object]> => [{ queryResult: { intent: { displayName: 'payment_methods' }, intentDetectionConfidence: 0.9 } }]),
      };
      clients.push(client);
      return client;
    });
    const { nlu, logger } = build({ clientFactory });
    expect(await ask(nlu)).toMatchObject({ source: 'local', intent: 'order_status' });
    expect(clients[0].detectIntent).not.toHaveBeenCalled();
    expect(logger.entries[0].meta).toMatchObject({ kind: 'config', status: 'ENOENT' });

    expect(await ask(nlu, 'bkash?')).toMatchObject({ source: 'dialogflow', intent: 'payment_methods' });
    expect(clientFactory).toHaveBeenCalledTimes(2);
    expect(clients[1].initialize).toHaveBeenCalledTimes(1);
    await ask(nlu, 'bkash?');
    expect(clients[1].initialize).toHaveBeenCalledTimes(1);
    expect(clientFactory).toHaveBeenCalledTimes(2);
  });
});

describe('circuit breaker', () => {
  const circuit = { failures: 3, openMs: 30_000 };

  it('opens after N failures in a row: no HTTP calls while open, ping reports it, logged once', async () => {
    const clock = manualClock();
    const { nlu, logger } = build({ circuit, clock: clock.now });
    const failing = google(503, googleError(503, 'UNAVAILABLE', 'down'), 3);
    for (let i = 0; i < 3; i++) expect((await ask(nlu)).source).toBe('local');
    expect(failing.calls).toBe(3);
    expect(nlu.stats()).toMatchObject({ circuit: 'open', calls: 3, failures: 3, fallbacks: 3, consecutiveFailures: 3 });
    await expect(nlu.ping()).rejects.toThrow(/circuit is open/);

    // Anything reaching Google now would be counted here.
    const whileOpen = google(200, matched('payment_methods', 0.99), 10);
    for (let i = 0; i < 10; i++) {
      clock.advance(2_000);
      expect(await ask(nlu)).toMatchObject({ source: 'local', intent: 'order_status' });
    }
    expect(whileOpen.calls).toBe(0);
    expect(nlu.stats()).toMatchObject({ circuit: 'open', calls: 3, fallbacks: 13 });
    expect(logger.entries.filter((e) => /circuit opened/.test(e.message))).toHaveLength(1);
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(3); // one per failed call, none while open
  });

  it('half-open after openMs: one trial call; success closes the circuit', async () => {
    const clock = manualClock();
    const { nlu, logger } = build({ circuit, clock: clock.now });
    google(503, googleError(503, 'UNAVAILABLE', 'down'), 3);
    for (let i = 0; i < 3; i++) await ask(nlu);
    expect(nlu.stats().circuit).toBe('open');

    clock.advance(30_000);
    await expect(nlu.ping()).resolves.toBeUndefined();
    expect(nlu.stats().circuit).toBe('half-open');

    const healthy = google(200, matched('payment_methods', 0.97), 2);
    expect(await ask(nlu, 'bkash?')).toMatchObject({ source: 'dialogflow', intent: 'payment_methods' });
    expect(nlu.stats()).toMatchObject({ circuit: 'closed', consecutiveFailures: 0, calls: 4 });
    expect((await ask(nlu, 'bkash?')).source).toBe('dialogflow');
    expect(healthy.calls).toBe(2);
    expect(logger.entries.map((e) => e.message).filter((m) => /circuit/.test(m))).toEqual([
      expect.stringMatching(/circuit opened/),
      expect.stringMatching(/circuit half-open/),
      expect.stringMatching(/circuit closed/),
    ]);
  });

  it('half-open lets only one message through; a failed trial opens it again for openMs', async () => {
    const clock = manualClock();
    const { nlu } = build({ circuit, clock: clock.now });
    google(503, googleError(503, 'UNAVAILABLE', 'down'), 3);
    for (let i = 0; i < 3; i++) await ask(nlu);
    clock.advance(30_000);

    const trial = { calls: 0 };
    nock(DIALOGFLOW).post(detectPath(CONVERSATION)).query(true).times(5).delay(100).reply(() => {
      trial.calls += 1;
      return [503, googleError(503, 'UNAVAILABLE', 'still down')];
    });
    const answers = await Promise.all([ask(nlu), ask(nlu), ask(nlu)]);
    expect(answers.every((a) => a.source === 'local')).toBe(true);
    expect(trial.calls).toBe(1);
    expect(nlu.stats().circuit).toBe('open');

    clock.advance(29_000);
    await ask(nlu);
    expect(trial.calls).toBe(1);
    await expect(nlu.ping()).rejects.toThrow(/open/);
  });
});

describe('classifyFailure', () => {
  it.each([
    ['our own timer', 'timeout', new DialogflowTimeoutError(1500)],
    ['gRPC UNAUTHENTICATED', 'auth', Object.assign(new Error('16 UNAUTHENTICATED: bad token'), { code: 16 })],
    ['gRPC PERMISSION_DENIED', 'auth', Object.assign(new Error('7 PERMISSION_DENIED'), { code: 7 })],
    ['gRPC RESOURCE_EXHAUSTED', 'quota', Object.assign(new Error('8 RESOURCE_EXHAUSTED: quota'), { code: 8 })],
    ['gRPC UNAVAILABLE', 'unavailable', Object.assign(new Error('14 UNAVAILABLE'), { code: 14 })],
    ['gRPC DEADLINE_EXCEEDED', 'timeout', Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 })],
    ['a refused connection', 'unavailable', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ["fetch's own timeout", 'timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })],
    ['no credentials anywhere', 'config', new Error('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started')],
    ['a missing key file', 'config', Object.assign(new Error("ENOENT: no such file or directory, lstat '/keys/df.json'"), { code: 'ENOENT' })],
    ['a refused grant', 'auth', new Error('invalid_grant: Invalid JWT Signature.')],
    ['anything else', 'unknown', new Error('something else')],
  ])('%s is %s', (_label, kind, error) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });
});
