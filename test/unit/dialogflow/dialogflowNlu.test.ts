import nock from 'nock';
import { LocalNlu } from '../../../src/nlu/local';
import type { IntentExamples } from '../../../src/nlu/port';
import { createSessionsClient, DialogflowNlu, MAX_QUERY_CHARS, type DialogflowNluOptions } from '../../../src/nlu/dialogflow';
import { answer, detectPath, DIALOGFLOW, googleError, matched, memoryLogger, OAUTH, PROJECT, serviceAccount, verifiedClaims } from './support';

const key = serviceAccount();

const INTENTS: IntentExamples[] = [
  {
    intent: 'order_status',
    examples: { en: ['where is my order', 'track my order'], bn: ['আমার অর্ডার কোথায়', 'amar order kothay'] },
    aliases: ['Track Order', 'order.track'],
  },
  { intent: 'payment_methods', examples: { en: ['how can I pay', 'do you take bkash'], bn: ['কিভাবে পেমেন্ট করব'] } },
  { intent: 'talk_to_human', examples: { en: ['I want to talk to a person'], bn: ['মানুষের সাথে কথা বলতে চাই'] } },
];

function build(options: Partial<DialogflowNluOptions> = {}) {
  const logger = memoryLogger();
  const fallback = new LocalNlu();
  const nlu = new DialogflowNlu({ projectId: PROJECT, credentials: key.credentials, fallback, logger, ...options });
  nlu.train(INTENTS);
  return { nlu, logger, fallback };
}

/** Answers one detectIntent call on `conversationId` and keeps the request body. */
function replyOnce(conversationId: string, status: number, body: unknown) {
  const seen: { body?: any; authorization?: string } = {};
  const scope = nock(DIALOGFLOW)
    .post(detectPath(conversationId))
    .query(true)
    .reply(function (_uri, requestBody) {
      seen.body = requestBody;
      seen.authorization = this.req.headers.authorization as string | undefined;
      return [status, body as Record<string, unknown>];
    });
  return { scope, seen };
}

const detect = (nlu: DialogflowNlu, text: string, conversationId = 'conv-1') => nlu.detect({ text, conversationId });

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

describe('DialogflowNlu: mapping answers', () => {
  const { nlu } = build();

  it('a matched intent with parameters becomes the flow intent and its values', async () => {
    const { scope, seen } = replyOnce('conv-1', 200, matched('order_status', 0.92, { parameters: { order_id: '204518', colour: '', sizes: [], items: ['shirt', ''] } }));
    const result = await detect(nlu, 'where is my parcel, order 204518');
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({
      intent: 'order_status',
      confidence: 0.92,
      candidates: [{ intent: 'order_status', confidence: 0.92 }],
      parameters: { order_id: '204518', items: ['shirt'] },
      locale: 'en',
      script: 'latin',
      source: 'dialogflow',
    });
    expect(result.parameters).not.toHaveProperty('colour');
    expect(result.parameters).not.toHaveProperty('sizes');
    expect(result.fulfillmentText).toBeUndefined();
    expect(result.handoffRequested).toBeUndefined();
    expect(seen.body).toMatchObject({ queryInput: { text: { text: 'where is my parcel, order 204518', languageCode: 'en' } } });
    expect(seen.body.queryParams?.sentimentAnalysisRequestConfig).toBeUndefined();
  });

  it.each([
    ['display name', { intent: { displayName: 'Track Order' }, intentDetectionConfidence: 0.8 }],
    ['action', { intent: { displayName: 'Orders - tracking' }, action: 'order.track', intentDetectionConfidence: 0.8 }],
  ])('a `dialogflow:` alias matching the %s maps to the flow intent', async (_what, queryResult) => {
    replyOnce('conv-1', 200, answer(queryResult));
    expect((await detect(nlu, 'track it please')).intent).toBe('order_status');
  });

  it('a match below the threshold is a candidate only', async () => {
    replyOnce('conv-1', 200, matched('payment_methods', 0.31));
    const result = await detect(nlu, 'ok so what now');
    expect(result).toMatchObject({ intent: null, confidence: 0.31, candidates: [{ intent: 'payment_methods', confidence: 0.31 }], source: 'dialogflow' });
  });

  it("Dialogflow's fallback intent is no intent, and its text is not used", async () => {
    replyOnce('conv-1', 200, matched('Default Fallback Intent', 1, { intent: { displayName: 'Default Fallback Intent', isFallback: true }, action: 'input.unknown', fulfillmentText: "Sorry, I didn't get that." }));
    const result = await detect(nlu, 'blue elephants');
    expect(result).toMatchObject({ intent: null, confidence: 0, candidates: [], source: 'dialogflow' });
    expect(result.fulfillmentText).toBeUndefined();
  });

  it('an intent no flow claims is answered with its fulfillment text; without text it is nothing', async () => {
    replyOnce('conv-1', 200, matched('smalltalk.greetings.how_are_you', 0.9, { fulfillmentMessages: [{ text: { text: ['Doing great, thanks!'] } }] }));
    const withText = await detect(nlu, 'how are you?');
    expect(withText).toMatchObject({ intent: 'smalltalk.greetings.how_are_you', fulfillmentText: 'Doing great, thanks!' });

    replyOnce('conv-1', 200, matched('smalltalk.agent.age', 0.9));
    expect((await detect(nlu, 'how old are you?')).intent).toBeNull();
  });

  it.each([
    ['the intent has live agent handoff set', { intent: { displayName: 'talk_to_human', liveAgentHandoff: true } }],
    ['a custom payload has liveAgentHandoff', { fulfillmentMessages: [{ payload: { liveAgentHandoff: { reason: 'angry' } } }] }],
    ['a custom payload says { handoff: true }', { fulfillmentMessages: [{ text: { text: ['One moment'] } }, { payload: { handoff: true } }] }],
    ['a custom payload says { human: true }', { fulfillmentMessages: [{ payload: { human: true, team: 'sales' } }] }],
  ])('asks for a person when %s', async (_what, extra) => {
    replyOnce('conv-1', 200, matched('complaint', 0.88, extra));
    expect((await detect(nlu, 'this is unacceptable')).handoffRequested).toBe(true);
  });

  it('answers a request for a person locally, without asking Dialogflow', async () => {
    // No reply is set up: a call to Dialogflow would fail the request (network is disabled).
    const before = nlu.stats().calls;
    const result = await detect(nlu, 'I want to speak to the manager');
    expect(result).toMatchObject({ handoffRequested: true, source: 'local' });
    expect(nlu.stats().calls).toBe(before);
  });

  it('does not page a person on a low-confidence handoff intent, nor on { handoff: false }', async () => {
    replyOnce('conv-1', 200, matched('complaint', 0.2, { intent: { displayName: 'complaint', liveAgentHandoff: true } }));
    expect((await detect(nlu, 'hmm')).handoffRequested).toBeUndefined();
    replyOnce('conv-1', 200, matched('complaint', 0.9, { fulfillmentMessages: [{ payload: { handoff: false } }] }));
    expect((await detect(nlu, 'hmm')).handoffRequested).toBeUndefined();
  });

  it("passes Dialogflow's sentiment score through when asked for it", async () => {
    const { nlu: withSentiment } = build({ sentiment: true });
    const { seen } = replyOnce('conv-1', 200, matched('complaint', 0.9, { sentimentAnalysisResult: { queryTextSentiment: { score: -0.8, magnitude: 0.8 } } }));
    const result = await detect(withSentiment, 'this is the worst shop ever');
    expect(seen.body.queryParams).toEqual(expect.objectContaining({ sentimentAnalysisRequestConfig: { analyzeQueryTextSentiment: true } }));
    expect(result.sentiment).toBe(-0.8); // not the local lexicon's -0.76
  });

  it("without a score (Bengali has no Dialogflow sentiment) the local lexicon's score is used", async () => {
    const { nlu: withSentiment, fallback } = build({ sentiment: true });
    replyOnce('conv-1', 200, matched('complaint', 0.9));
    const text = 'খুব খারাপ সার্ভিস, একদম বাজে';
    const result = await detect(withSentiment, text);
    expect(result.sentiment).toBe(fallback.detectSync({ text, conversationId: 'x' }).sentiment);
    expect(result.sentiment).toBeLessThan(-0.5);
  });
});

describe('DialogflowNlu: the request', () => {
  const { nlu } = build();

  it.each([
    ['Bengali script', 'আমার অর্ডার কোথায়?', 'bn', 'bengali'],
    ['English', 'where is my order?', 'en', 'latin'],
    // Banglish goes to the agent's bn language, where the flows' Banglish examples are trained.
    ['Banglish', 'amar order ta kothay ache bhai', 'bn', 'latin'],
  ])('%s is sent with its language code', async (_what, text, languageCode, script) => {
    const { seen } = replyOnce('conv-1', 200, matched('order_status', 0.9));
    const result = await detect(nlu, text);
    expect(seen.body.queryInput.text).toEqual({ text, languageCode });
    expect(result).toMatchObject({ locale: languageCode, script });
  });

  it('digits only keep the conversation language', async () => {
    const { seen } = replyOnce('conv-1', 200, matched('order_status', 0.9));
    await nlu.detect({ text: '২০৪৫১৮', conversationId: 'conv-1', previousLocale: 'bn' });
    expect(seen.body.queryInput.text.languageCode).toBe('bn');
  });

  it(`sends at most ${MAX_QUERY_CHARS} characters (Dialogflow's TextInput limit) and nothing for an empty message`, async () => {
    const { seen } = replyOnce('conv-1', 200, matched('order_status', 0.9));
    await detect(nlu, `where is my order ${'আ'.repeat(400)}`);
    expect(Array.from(seen.body.queryInput.text.text as string)).toHaveLength(MAX_QUERY_CHARS);

    const before = nlu.stats().calls;
    expect((await detect(nlu, '   ')).source).toBe('local');
    expect(nlu.stats().calls).toBe(before);
  });

  it('uses the conversation id as the session, hashing ids Dialogflow would refuse', async () => {
    const uuid = '3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a2b';
    const plain = replyOnce(uuid, 200, matched('order_status', 0.9));
    await detect(nlu, 'where is my order', uuid);
    expect(plain.scope.isDone()).toBe(true);

    const hashed = nock(DIALOGFLOW).post(/\/v2\/projects\/deshi-bazar-test\/agent\/sessions\/[0-9a-f]{32}:detectIntent/).query(true).reply(200, matched('order_status', 0.9));
    await detect(nlu, 'where is my order', `whatsapp-cloud:8801711000001:${'x'.repeat(40)}`);
    expect(hashed.isDone()).toBe(true);
  });

  it('reaches a regional agent through its regional host, and a published environment', async () => {
    const { nlu: regional } = build({ location: 'europe-west1', environment: 'production' });
    const scope = nock('https://europe-west1-dialogflow.googleapis.com')
      .post(detectPath('conv-9', `projects/${PROJECT}/locations/europe-west1/agent/environments/production/users/-`))
      .query(true)
      .reply(200, matched('order_status', 0.9));
    const token = nock(OAUTH).post('/token').reply(200, { access_token: 'unexpected', expires_in: 3600 });
    expect((await detect(regional, 'where is my order', 'conv-9')).intent).toBe('order_status');
    expect(scope.isDone()).toBe(true);
    expect(token.isDone()).toBe(false); // a service account key signs its own JWT
  });

  it('train() keeps the aliases and trains the fallback', () => {
    const fallback = new LocalNlu();
    const train = jest.spyOn(fallback, 'train');
    const nlu2 = new DialogflowNlu({ projectId: PROJECT, credentials: key.credentials, fallback, logger: memoryLogger(), clientFactory: () => ({ detectIntent: jest.fn() }) });
    const extras = { synonyms: [['parcel', 'package']], outOfScope: ['tell me a joke'] };
    nlu2.train(INTENTS, extras);
    expect(train).toHaveBeenCalledWith(INTENTS, extras);
  });
});

describe('DialogflowNlu: one client, one credential', () => {
  it('creates the SessionsClient and signs one JWT for 20 messages, without calling the token endpoint', async () => {
    const factory = jest.fn(() => createSessionsClient({ projectId: PROJECT, credentials: key.credentials, transport: 'rest', timeoutMs: 1500 }));
    const { nlu } = build({ clientFactory: factory });
    const authorizations: string[] = [];
    let tokenCalls = 0;
    nock(OAUTH).persist().post('/token').reply(() => {
      tokenCalls += 1;
      return [200, { access_token: 'unexpected', expires_in: 3600 }];
    });
    nock(DIALOGFLOW)
      .persist()
      .post(/\/v2\/projects\/deshi-bazar-test\/agent\/sessions\/conv-\d+:detectIntent/)
      .query(true)
      .reply(function () {
        authorizations.push(this.req.headers.authorization as string);
        return [200, matched('order_status', 0.9)];
      });

    for (let i = 0; i < 20; i++) expect((await detect(nlu, 'where is my order', `conv-${i}`)).source).toBe('dialogflow');

    expect(factory).toHaveBeenCalledTimes(1);
    expect(authorizations).toHaveLength(20);
    expect(new Set(authorizations).size).toBe(1);
    expect(tokenCalls).toBe(0);
    const claims = verifiedClaims(authorizations[0], key.publicKey);
    expect(claims).toMatchObject({ iss: key.credentials.client_email, sub: key.credentials.client_email, aud: 'https://dialogflow.googleapis.com/' });
    expect(nlu.stats()).toMatchObject({ calls: 20, failures: 0, fallbacks: 0, circuit: 'closed' });
  });
});
