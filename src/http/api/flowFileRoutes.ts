import express, { type Router } from 'express';
import { z } from 'zod';
import type { LiveEvents } from '../../events/port';
import { NotAnOpsFileError, opsFileKind } from '../../flowfiles/editing/opsFiles';
import { opsFileJsonSchema } from '../../flowfiles/jsonSchema';
import type { Logger } from '../../observability/logger';
import { OpsFileEditor } from '../../opsfiles/opsFileEditor';
import { DraftRefused, type DraftTrials } from '../../opsfiles/draftTrials';
import { formOf } from '../../opsfiles/formView';
import { applyFormEdits, type FormEdit } from '../../flowfiles/editing/formEdits';
import { FLOW_TEMPLATES, renderNewFlow } from '../../opsfiles/newFlow';
import type { Store } from '../../store/port';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { opsFileErrors } from './opsFileErrors';
import { parseBody } from './parseBody';

const MAX_TEXT = 1_000_000;
const text = z.string().max(MAX_TEXT);
const hash = z.string().regex(/^[0-9a-f]{16}$/);
const message = z.string().trim().max(300).optional();
const path = z.array(z.union([z.string().max(100), z.number().int().min(0)])).min(1).max(20);
const value = z.string().max(4000);
const localized = z.object({ en: z.string().trim().min(1).max(1000), bn: z.string().trim().min(1).max(1000) }).strict();

const checkBody = z.object({ text }).strict();
const saveBody = z.object({ text, baseHash: hash.nullable(), message }).strict();
const deleteBody = z.object({ baseHash: hash, message }).strict();
const restoreBody = z.object({ seq: z.number().int().min(1), baseHash: hash.nullable(), message }).strict();
const formEdit = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), path, value }).strict(),
  z.object({ op: z.literal('append'), path, value }).strict(),
  z.object({ op: z.literal('remove'), path }).strict(),
  z.object({ op: z.literal('appendItem'), path, item: z.record(z.string().max(50), z.unknown()) }).strict(),
]);
const formApplyBody = z.object({ text, edits: z.array(formEdit).min(1).max(50) }).strict();
const tryBody = z
  .object({ text, chatId: z.string().min(8).max(100), say: z.string().max(4096).optional(), press: z.object({ id: z.string().max(256), title: z.string().max(100) }).strict().optional() })
  .strict()
  .refine((b) => (b.say === undefined) !== (b.press === undefined), 'send either say (a message) or press (a button)');
const newFlowBody = z
  .object({ template: z.string().max(50), file: z.string().max(100), title: localized, example: localized, answer: localized, team: z.string().max(50).optional() })
  .strict();
const versionRef = z.union([z.literal('current'), z.coerce.number().int().min(1)]);

export interface FlowFileRouterDeps {
  store: Store;
  events: LiveEvents;
  logger: Logger;
  flowsDir: string;
  teams: string[];
  /** Puts changed flows live in this process now (the FlowWatcher's reload), resolving once the NLU learnt them. */
  reloadFlows(): void | Promise<void>;
  /** The test chat and spec runs; without them those two routes answer 503. */
  drafts?: DraftTrials;
}

/**
 * The Flows page's API (ops, supervisors and admins): the files ops edit (flows, out-of-scope,
 * canned replies, templates), checked drafts, saves over the version the editor opened, history,
 * differences, restores, deletion, new flows from templates, the form view's edits, and trying a
 * draft in a test chat or against the conversation specs. docs/openapi.yaml describes each route.
 */
export function createFlowFileRouter(deps: FlowFileRouterDeps): Router {
  const router = express.Router();
  const editor = new OpsFileEditor({ dir: deps.flowsDir, context: { teams: deps.teams }, store: deps.store, logger: deps.logger, reload: deps.reloadFlows });
  // Every process reloads on a change it sees on disk: a change made by hand is recorded then,
  // against the files as they were at start (recorded now), so the history shows what it changed.
  deps.events.subscribe((event) => {
    if (event.type === 'flows.reloaded' || event.type === 'flows.rejected') void editor.catchUpOutsideEdits();
  });
  void editor.catchUpOutsideEdits();
  const actor = (res: express.Response) => ({ id: currentAgent(res).id, name: currentAgent(res).name });
  const fileOf = (req: express.Request) => {
    const file = String(req.params.file);
    if (!opsFileKind(file)) throw new NotAnOpsFileError(file, 'the flows folder');
    return file;
  };
  const trials = () => {
    if (!deps.drafts) throw new HttpError(503, 'DRAFT_TRIALS_UNAVAILABLE', 'This process cannot try drafts (no draft bots here)');
    return deps.drafts;
  };
  /** Only flows (and the out-of-scope list) run in a bot, and only once they pass the checks. */
  const triable = (file: string, draft: string) => {
    const kind = opsFileKind(file);
    if (kind !== 'flow' && kind !== 'out-of-scope') throw new HttpError(400, 'NOT_A_FLOW', `${file} is not a flow: canned replies and templates are not part of the bot's conversations`);
    const problems = editor.check(file, draft);
    if (problems.length > 0) throw new DraftRefused(problems);
    return file;
  };
  const handle = (work: (req: express.Request, res: express.Response) => Promise<unknown> | unknown): express.RequestHandler =>
    async (req, res) => {
      res.json(await opsFileErrors(() => work(req, res)));
    };

  router.get('/files', handle(() => editor.list()));
  router.get('/files/:file', handle((req) => editor.open(fileOf(req))));
  router.get('/files/:file/schema', handle((req) => opsFileJsonSchema(opsFileKind(fileOf(req))!)));
  router.post('/files/:file/check', handle((req) => ({ problems: editor.check(fileOf(req), parseBody(checkBody, req.body).text) })));
  router.post('/files/:file/save', handle((req, res) => editor.save(fileOf(req), parseBody(saveBody, req.body), actor(res))));
  router.post('/files/:file/delete', handle((req, res) => editor.remove(fileOf(req), parseBody(deleteBody, req.body), actor(res))));
  router.post('/files/:file/restore', handle((req, res) => editor.restore(fileOf(req), parseBody(restoreBody, req.body), actor(res))));
  router.get('/files/:file/versions', handle(async (req) => ({ versions: await editor.history(fileOf(req)) })));
  router.get('/files/:file/versions/:seq', handle((req) => editor.version(fileOf(req), versionNumber(req.params.seq))));
  router.get('/files/:file/diff', handle((req) => editor.diff(fileOf(req), versionOf(req.query.from), versionOf(req.query.to ?? 'current'))));
  router.post('/files/:file/form', handle((req) => {
    fileOf(req);
    return formOf(parseBody(checkBody, req.body).text);
  }));
  router.post('/files/:file/form/apply', handle((req) => {
    fileOf(req);
    const body = parseBody(formApplyBody, req.body);
    const next = applyFormEdits(body.text, body.edits as FormEdit[]);
    return { text: next, form: formOf(next) };
  }));
  router.post('/files/:file/try', handle(async (req) => {
    const body = parseBody(tryBody, req.body);
    const file = triable(fileOf(req), body.text);
    return trials().chat({ file, text: body.text, chatId: body.chatId, say: body.say, press: body.press });
  }));
  router.post('/files/:file/specs', handle((req) => {
    const { text: draft } = parseBody(checkBody, req.body);
    return trials().runSpecs({ file: triable(fileOf(req), draft), text: draft });
  }));
  router.get('/templates', handle(() => ({ templates: FLOW_TEMPLATES.map(({ name, title, description }) => ({ name, title, description })), teams: deps.teams })));
  router.post('/new', handle((req) => {
    const body = parseBody(newFlowBody, req.body);
    return { file: body.file, text: renderNewFlow(body.template, body) };
  }));

  return router;
}

function versionNumber(raw: unknown): number {
  const parsed = z.coerce.number().int().min(1).safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'INVALID_VERSION', 'A version is a number from 1 up');
  return parsed.data;
}

function versionOf(raw: unknown): number | 'current' {
  const parsed = versionRef.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'INVALID_VERSION', 'from and to are version numbers, or "current" for the file as it is now');
  return parsed.data;
}
