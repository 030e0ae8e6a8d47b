import type { IntentExamples, TrainingExtras } from '../../src/nlu/port';
import { asksForHuman, LocalNlu } from '../../src/nlu/local';

/** What the bot does with a message, as far as understanding goes. */
export type Route =
  | { kind: 'answer'; intent: string }
  | { kind: 'human' }
  | { kind: 'ask'; intents: string[] }
  | { kind: 'none' };

export interface Router {
  name: string;
  route(text: string): Route;
}

export interface Training {
  intents: IntentExamples[];
  extras: TrainingExtras;
}

/** The product: the wants-a-human detector, then the trained model, as the engine uses them. */
export function localNluRouter(training: Training): Router & { nlu: LocalNlu } {
  const nlu = new LocalNlu();
  nlu.train(training.intents, training.extras);
  return {
    name: 'local NLU (human detector + trained model)',
    nlu,
    route(text: string): Route {
      const result = nlu.detectSync({ text, conversationId: 'eval' });
      if (result.handoffRequested) return { kind: 'human' };
      if (result.intent) return { kind: 'answer', intent: result.intent };
      if (result.didYouMean) return { kind: 'ask', intents: result.didYouMean };
      return { kind: 'none' };
    },
  };
}

/** Any router with the same human detector in front, to see what the detector alone adds. */
export function withHumanDetector(router: Router): Router {
  return {
    name: `${router.name} + human detector`,
    route: (text) => (asksForHuman(text) ? { kind: 'human' } : router.route(text)),
  };
}
