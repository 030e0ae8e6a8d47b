import express, { type Router } from 'express';
import { z } from 'zod';
import { groupUnanswered } from '../../domain/unanswered';
import { localize } from '../../conversation/localize';
import { formatProblem } from '../../flowfiles/model';
import type { FlowRegistry } from '../../flowfiles/registry';
import { FlowEditBusy, FlowEditRefused, FlowFileWriter } from '../../flowfiles/editing/flowFileWriter';
import { UnknownIntentError } from '../../flowfiles/editing/exampleEdits';
import type { Nlu } from '../../nlu/port';
import type { Store } from '../../store/port';
import { teachIntent, teachOutOfScope, TeachError, MAX_EXAMPLE_LENGTH, type TeachDeps } from '../../unanswered/teach';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { parseBody } from './parseBody';

const MAX_GROUPS = 100;
const SUGGESTIONS = 3;
/** Below this the model has no real opinion; the best intent is still offered first. */
const MIN_SUGGESTION = 0.05;

const lesson = {
  keys: z.array(z.string().min(1).max(500)).max(500),
  text: z.string().trim().min(1).max(MAX_EXAMPLE_LENGTH),
  locale: z.enum(['en', 'bn']).optional(),
};
const assignBody = z.object({ ...lesson, intent: z.string().min(1).max(100) }).strict();
const outOfScopeBody = z.object(lesson).strict();

export interface UnansweredRouterDeps {
  store: Store;
  flows: FlowRegistry;
  nlu: Nlu;
  flowsDir: string;
  /** Teams handoffs may name: the flows:check rules need them. */
  teams: string[];
  /** Puts changed flows live in this process now (the FlowWatcher's reload); settles once the NLU has learnt them. */
  reloadFlows(): void | Promise<void>;
}

/**
 * The Unanswered page's API (supervisors and admins): `GET /api/unanswered` lists what the bot
 * could not answer, grouped, with the intents it could be; `POST /api/unanswered/assign` and
 * `/out-of-scope` teach the bot one of them in one step (src/unanswered/teach.ts).
 */
export function createUnansweredRouter(options: UnansweredRouterDeps): Router {
  const router = express.Router();
  const writer = new FlowFileWriter({ dir: options.flowsDir, context: { teams: options.teams }, versions: options.store.fileVersions });
  const deps: TeachDeps = { store: options.store, flows: options.flows, writer, reload: options.reloadFlows };

  router.get('/', async (_req, res) => {
    const groups = groupUnanswered(await options.store.unanswered.list(5000)).slice(0, MAX_GROUPS);
    const flows = options.flows.current;
    // Only the local model suggests: asking Dialogflow about a hundred questions per page view costs money.
    const suggest = options.nlu.kind === 'local' ? options.nlu : undefined;
    const suggestions = await Promise.all(
      groups.map(async (g) => {
        if (!suggest) return [];
        const { candidates } = await suggest.detect({ text: g.lastExample, conversationId: 'unanswered-page' });
        return candidates.slice(0, SUGGESTIONS).filter((c, i) => i === 0 || c.confidence >= MIN_SUGGESTION);
      }),
    );
    res.json({
      groups: groups.map((g, i) => ({ ...g, lastAt: new Date(g.lastAt).toISOString(), suggestions: suggestions[i] })),
      intents: [...flows.intentToFlow.entries()].map(([intent, flowId]) => {
        const title = flows.flows.get(flowId)?.definition.title ?? intent;
        return { intent, flowId, title: { en: localize(title, 'en'), bn: localize(title, 'bn') } };
      }),
    });
  });

  router.post('/assign', async (req, res) => {
    const body = parseBody(assignBody, req.body);
    res.json(await teaching(() => teachIntent(deps, { ...body, actorId: currentAgent(res).id })));
  });

  router.post('/out-of-scope', async (req, res) => {
    const body = parseBody(outOfScopeBody, req.body);
    res.json(await teaching(() => teachOutOfScope(deps, { ...body, actorId: currentAgent(res).id })));
  });

  return router;
}

/** Teaching errors as the API's error bodies. */
async function teaching<T>(teach: () => Promise<T>): Promise<T> {
  try {
    return await teach();
  } catch (error) {
    if (error instanceof UnknownIntentError) throw new HttpError(404, 'UNKNOWN_INTENT', error.message);
    if (error instanceof TeachError) throw new HttpError(400, 'INVALID_EXAMPLE', error.message);
    if (error instanceof FlowEditRefused) throw new HttpError(422, 'FLOW_CHECK_FAILED', error.message, { problems: error.problems.map(formatProblem) });
    if (error instanceof FlowEditBusy) throw new HttpError(409, 'FLOW_EDIT_BUSY', error.message);
    throw error;
  }
}
