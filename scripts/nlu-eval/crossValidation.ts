import type { IntentExamples } from '../../src/nlu/port';
import { seededRandom } from '../../src/nlu/local/softmaxRegression';
import { exampleLanguage, type EvalItem } from './evalSets';
import type { Router, Training } from './routers';
import { scoreRouter, type RouterFigures } from './scoring';

/**
 * k-fold cross-validation on the flow examples: each example is routed by a router trained
 * without its fold. Folds are drawn per intent (stratified) with a fixed seed. The out-of-scope
 * messages stay in training: they are not what is measured here.
 */
export function crossValidate(training: Training, makeRouter: (training: Training) => Router, folds = 5, seed = 11): RouterFigures {
  const random = seededRandom(seed);
  const foldOf = new Map<string, number>();
  const items: (EvalItem & { fold: number; intent: string })[] = [];
  for (const { intent, examples } of training.intents) {
    const texts = Object.entries(examples).flatMap(([locale, list]) => (list ?? []).map((text) => ({ locale, text })));
    const shuffled = texts.map((t) => ({ ...t, r: random() })).sort((a, b) => a.r - b.r);
    shuffled.forEach(({ locale, text }, i) => {
      const fold = i % folds;
      foldOf.set(`${intent}\u0000${text}`, fold);
      items.push({ text, expected: intent, language: exampleLanguage(locale, text), file: '(flows)', fold, intent });
    });
  }
  let name = '';
  const routed = new Map<string, ReturnType<Router['route']>>();
  for (let fold = 0; fold < folds; fold++) {
    const intents: IntentExamples[] = training.intents.map((i) => ({
      ...i,
      examples: Object.fromEntries(Object.entries(i.examples).map(([locale, list]) => [locale, (list ?? []).filter((text) => foldOf.get(`${i.intent}\u0000${text}`) !== fold)])),
    }));
    const router = makeRouter({ intents, extras: training.extras });
    name = router.name;
    for (const item of items) if (item.fold === fold) routed.set(item.text, router.route(item.text));
  }
  // Each text belongs to one intent (flows:check refuses a phrase under two), so the text is the key.
  const replay: Router = { name, route: (text) => routed.get(text) ?? { kind: 'none' } };
  return scoreRouter(replay, items);
}
