import { EVAL_LANGUAGES, type EvalItem, type EvalLanguage } from './evalSets';
import type { Route, Router } from './routers';

export interface InScopeFigures {
  total: number;
  /** Answered with the intent asked for. */
  correct: number;
  /** Answered with another intent (or a person when none was asked for). */
  wrong: number;
  /** "Did you mean…", the intent asked for among the choices. */
  askedRight: number;
  /** "Did you mean…" without it. */
  askedWrong: number;
  /** "I didn't understand". */
  rejected: number;
  /** correct / total: a "did you mean" is not counted as right. */
  accuracy: number;
}

export interface OutOfScopeFigures {
  total: number;
  /** Answered as if in scope (an intent, or a person). */
  accepted: number;
  /** Asked "did you mean…". */
  asked: number;
  falseAcceptRate: number;
}

export interface Confusion {
  expected: string;
  got: string;
  count: number;
}

export interface RouterFigures {
  router: string;
  byLanguage: Partial<Record<EvalLanguage, InScopeFigures>>;
  inScope: InScopeFigures;
  outOfScope: OutOfScopeFigures;
  /** Most frequent mistakes first: expected -> got ("none": not understood, "out_of_scope": chatter taken). */
  confusions: Confusion[];
}

/** What a route means for an item: the intent it answers with, "human", "ask" or "none". */
function outcome(route: Route, humanIntent: string): string {
  if (route.kind === 'answer') return route.intent;
  if (route.kind === 'human') return humanIntent;
  return route.kind;
}

function emptyInScope(): InScopeFigures {
  return { total: 0, correct: 0, wrong: 0, askedRight: 0, askedWrong: 0, rejected: 0, accuracy: 0 };
}

export function scoreRouter(router: Router, items: readonly EvalItem[], humanIntent = 'talk_to_human'): RouterFigures {
  const byLanguage: Partial<Record<EvalLanguage, InScopeFigures>> = {};
  const inScope = emptyInScope();
  const outOfScope: OutOfScopeFigures = { total: 0, accepted: 0, asked: 0, falseAcceptRate: 0 };
  const confusions = new Map<string, Confusion>();
  const confuse = (expected: string, got: string) => {
    const key = `${expected}\u0000${got}`;
    const entry = confusions.get(key) ?? { expected, got, count: 0 };
    entry.count += 1;
    confusions.set(key, entry);
  };

  for (const item of items) {
    const route = router.route(item.text);
    const got = outcome(route, humanIntent);
    if (item.expected === null) {
      outOfScope.total += 1;
      if (route.kind === 'ask') outOfScope.asked += 1;
      else if (route.kind !== 'none') {
        outOfScope.accepted += 1;
        confuse('out_of_scope', got);
      }
      continue;
    }
    for (const figures of [inScope, (byLanguage[item.language] ??= emptyInScope())]) {
      figures.total += 1;
      if (route.kind === 'ask') {
        if (route.intents.includes(item.expected)) figures.askedRight += 1;
        else figures.askedWrong += 1;
      } else if (route.kind === 'none') figures.rejected += 1;
      else if (got === item.expected) figures.correct += 1;
      else figures.wrong += 1;
    }
    if (got !== item.expected) confuse(item.expected, got === 'ask' ? `ask (${route.kind === 'ask' ? route.intents.join(' / ') : ''})` : got);
  }
  for (const figures of [inScope, ...Object.values(byLanguage)]) figures.accuracy = figures.total ? figures.correct / figures.total : 0;
  outOfScope.falseAcceptRate = outOfScope.total ? outOfScope.accepted / outOfScope.total : 0;
  const ordered: Partial<Record<EvalLanguage, InScopeFigures>> = {};
  for (const language of EVAL_LANGUAGES) if (byLanguage[language]) ordered[language] = byLanguage[language];
  return {
    router: router.name,
    byLanguage: ordered,
    inScope,
    outOfScope,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected)),
  };
}
