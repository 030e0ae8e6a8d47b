import path from 'node:path';
import nock from 'nock';
import { intentExamples, loadFlows } from '../../../src/flowfiles/loadFlows';
import { LocalNlu } from '../../../src/nlu/local';
import { DialogflowNlu } from '../../../src/nlu/dialogflow';
import { startTestBot, textOf, type TestBot } from '../../support/testBot';
import { answer, detectPath, DIALOGFLOW, matched, memoryLogger, PROJECT, serviceAccount, loadDialogflowClient } from './support';

const FLOWS_DIR = path.resolve(__dirname, '../../../flows');
const key = serviceAccount();

beforeAll(loadDialogflowClient, 60_000);

function dialogflowNlu() {
  return new DialogflowNlu({ projectId: PROJECT, credentials: key.credentials, fallback: new LocalNlu(), logger: memoryLogger() });
}

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

describe('the sample flows through Dialogflow', () => {
  const flows = loadFlows(FLOWS_DIR);
  const intents = intentExamples(flows);

  it('every flow intent comes back from a Dialogflow answer that names it', async () => {
    const nlu = dialogflowNlu();
    nlu.train(intents);
    expect(intents.length).toBeGreaterThan(10);
    for (const { intent } of intents) {
      nock(DIALOGFLOW).post(detectPath('conv-e2e')).query(true).reply(200, matched(intent, 0.9));
      // Text the local matcher would not place: the intent can only come from Dialogflow.
      const result = await nlu.detect({ text: 'zzq xxv qqw', conversationId: 'conv-e2e' });
      expect(result).toMatchObject({ intent, source: 'dialogflow' });
      expect(flows.intentToFlow.get(result.intent!)).toBeDefined();
    }
    expect(nlu.stats()).toMatchObject({ calls: intents.length, failures: 0 });
  });

  it('the local matcher trained with the same flows answers when Dialogflow is down', async () => {
    const nlu = dialogflowNlu();
    nlu.train(intents);
    nock(DIALOGFLOW).post(detectPath('conv-e2e')).query(true).reply(503, { error: { code: 503, status: 'UNAVAILABLE', message: 'down' } });
    expect(await nlu.detect({ text: 'where is my order', conversationId: 'conv-e2e' })).toMatchObject({ intent: 'order_status', source: 'local' });
  });

  describe('through the engine', () => {
    let bot: TestBot;
    let nlu: DialogflowNlu;
    const languages: string[] = [];

    beforeAll(async () => {
      nlu = dialogflowNlu();
      bot = await startTestBot({ flowsDir: FLOWS_DIR, overrides: { nlu } }); // the runtime trains it with the flows
    });
    afterAll(async () => bot.stop());

    beforeEach(() => {
      // A scripted agent: recognises a few phrases the way a trained Dialogflow agent would.
      nock(DIALOGFLOW)
        .persist()
        .post(/\/v2\/projects\/deshi-bazar-test\/agent\/sessions\/[0-9a-f-]{36}:detectIntent/)
        .query(true)
        .reply((_uri, body) => {
          const { text, languageCode } = (body as { queryInput: { text: { text: string; languageCode: string } } }).queryInput.text;
          languages.push(languageCode);
          if (/stuff|জিনিস/.test(text)) return [200, matched('order_status', 0.93)];
          if (/how r u/.test(text)) return [200, matched('smalltalk.greetings.how_are_you', 0.9, { fulfillmentText: "I'm well, thanks for asking!" })];
          if (/boss/.test(text)) return [200, matched('complaint', 0.9, { intent: { displayName: 'complaint', liveAgentHandoff: true } })];
          return [200, answer({ intent: { displayName: 'Default Fallback Intent', isFallback: true }, intentDetectionConfidence: 1 })];
        });
    });

    it('starts the flow Dialogflow recognised', async () => {
      const replies = await bot.send('8801900000001', 'yo where my stuff at');
      expect(textOf(replies[0])).toMatch(/send your order number/);
    });

    it('answers in Bengali for a Bengali message, sent to Dialogflow as bn', async () => {
      languages.length = 0;
      const replies = await bot.send('8801900000002', 'আমার জিনিস কই?');
      expect(languages).toEqual(['bn']);
      expect(textOf(replies[0])).toMatch(/অর্ডার নম্বর/);
    });

    it("replies with Dialogflow's text for an intent no flow has", async () => {
      const replies = await bot.send('8801900000003', 'how r u');
      expect(replies.map(textOf)).toEqual(["I'm well, thanks for asking!"]);
    });

    it('hands the customer to a person when the intent asks for a live agent', async () => {
      const replies = await bot.send('8801900000004', 'let me speak to your boss');
      expect(textOf(replies[0])).toMatch(/number 1 in the queue/);
      expect((await bot.runtime.store.conversations.findOpen('simulator:8801900000004'))?.owner).toBe('queue');
    });

    it('shows the menu when Dialogflow falls back', async () => {
      const replies = await bot.send('8801900000005', 'qwerty zxcvb');
      expect(textOf(replies[0])).toMatch(/didn't understand/);
      expect(nlu.stats()).toMatchObject({ calls: 5, failures: 0, fallbacks: 0 });
    });
  });
});
