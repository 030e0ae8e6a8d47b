import express, { type Router } from 'express';
import { z } from 'zod';
import type { AgentMessage, HandoffDesk } from '../../handoff/handoffDesk';
import type { Store } from '../../store/port';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { customerView } from './customerView';
import { handoffContext } from './handoffContext';
import { customerMediaRoute } from './customerMedia';
import type { MediaStore } from '../../media/port';
import { parseBody } from './parseBody';
import { attachmentLinkProblem } from '../../network/outboundPolicy';

/** OUTBOUND_HTTP_HOSTS and OUTBOUND_PRIVATE_HOSTS: where attachment links may point beyond public https. */
export interface AttachmentLinkHosts {
  httpHosts: readonly string[];
  privateHosts: readonly string[];
}

const statusQuery = z.object({ status: z.enum(['queued', 'claimed', 'closed']).optional() });
const replyBody = z.union([
  z.object({ text: z.string().trim().min(1).max(4096) }).strict(),
  z.object({ attachment: z.object({ kind: z.enum(['image', 'document', 'audio', 'video']), url: z.string().url().max(2000), caption: z.string().max(1024).optional(), filename: z.string().max(200).optional() }).strict() }).strict(),
  z.object({ template: z.object({ name: z.string().regex(/^[a-z0-9_]+$/), language: z.string().min(2).max(10), parameters: z.array(z.string().max(1024)).max(20).default([]) }).strict() }).strict(),
]);
const noteBody = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
const transferBody = z
  .object({ team: z.string().optional(), agentId: z.string().optional() })
  .strict()
  .refine((b) => !!b.team !== !!b.agentId, 'give either "team" or "agentId"');
const closeBody = z.object({ resolution: z.string().trim().min(1).max(500) }).strict();
const presenceBody = z.object({ state: z.enum(['viewing', 'left']) }).strict();

/** The chats people handle: `GET/POST /api/handoffs...`. Every route checks team visibility. */
export function createHandoffRouter(deps: {
  desk: HandoffDesk;
  store: Store;
  media: MediaStore;
  /** Channels that fetch the files customers send (the rest only name them). */
  mediaChannels: ReadonlySet<string>;
  attachmentLinks: AttachmentLinkHosts;
  templateCategory: (name: string, language: string) => Promise<string | undefined>;
}): Router {
  const router = express.Router();
  const { desk, store } = deps;

  router.get('/', async (req, res) => {
    const query = statusQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'INVALID_QUERY', 'status must be queued, claimed or closed');
    const handoffs = await desk.list(currentAgent(res), query.data.status);
    const now = Date.now();
    const customers = new Map((await Promise.all([...new Set(handoffs.map((h) => h.customerId))].map((id) => store.customers.get(id)))).filter((c) => c !== null).map((c) => [c!.id, c!]));
    res.json({
      handoffs: handoffs.map((h) => ({
        customer: customers.has(h.customerId) ? customerView(customers.get(h.customerId)!) : {},
        claimedAt: h.claimedAt && new Date(h.claimedAt).toISOString(),
        id: h.id, status: h.status, team: h.team, priority: h.priority, reason: h.reason, trigger: h.trigger,
        locale: h.locale, channel: h.channel, agentId: h.agentId, summary: h.summary,
        queuedAt: new Date(h.queuedAt).toISOString(), waitingSeconds: h.status === 'queued' ? Math.round((now - h.queuedAt) / 1000) : undefined,
        slaBreached: !!h.slaBreachedAt, csat: h.csat?.score,
      })),
    });
  });

  router.get('/:id', async (req, res) => {
    const agent = currentAgent(res);
    res.json(await handoffContext(store, await desk.get(agent, req.params.id), { all: agent.role !== 'agent', mayRead: (earlier) => desk.canSee(agent, earlier) }, { replyWindowOf: (channel) => desk.replyWindow(channel), mediaChannels: deps.mediaChannels }));
  });

  router.get('/:id/media/:messageId', customerMediaRoute({ desk, store, media: deps.media }));

  router.post('/:id/claim', async (req, res) => {
    res.json({ handoff: await desk.claim(currentAgent(res), req.params.id) });
  });

  router.post('/:id/messages', async (req, res) => {
    const body = parseBody(replyBody, req.body);
    const problem = 'attachment' in body ? attachmentLinkProblem(body.attachment.url, deps.attachmentLinks) : null;
    if (problem) throw new HttpError(400, 'INVALID_BODY', `attachment.url: ${problem}`);
    // The category comes from ops' list of approved templates, never from the request.
    const message: AgentMessage = 'template' in body ? { template: { ...body.template, category: await deps.templateCategory(body.template.name, body.template.language) } } : body;
    res.status(202).json(await desk.reply(currentAgent(res), req.params.id, message));
  });

  router.post('/:id/notes', async (req, res) => {
    const { text } = parseBody(noteBody, req.body);
    res.status(201).json({ handoff: await desk.note(currentAgent(res), req.params.id, text) });
  });

  router.post('/:id/transfer', async (req, res) => {
    const to = parseBody(transferBody, req.body);
    const target = to.agentId ? (await store.agents.get(to.agentId)) ?? undefined : undefined;
    res.json({ handoff: await desk.transfer(currentAgent(res), req.params.id, to, target) });
  });

  router.post('/:id/takeover', async (req, res) => {
    res.json({ handoff: await desk.takeOver(currentAgent(res), req.params.id) });
  });

  router.post('/:id/presence', async (req, res) => {
    const { state } = parseBody(presenceBody, req.body);
    await desk.presence(currentAgent(res), req.params.id, state);
    res.status(204).end();
  });

  router.post('/:id/release', async (req, res) => {
    res.json({ handoff: await desk.release(currentAgent(res), req.params.id) });
  });

  router.post('/:id/handback', async (req, res) => {
    res.json({ handoff: await desk.handBack(currentAgent(res), req.params.id) });
  });

  router.post('/:id/close', async (req, res) => {
    const { resolution } = parseBody(closeBody, req.body);
    res.json({ handoff: await desk.close(currentAgent(res), req.params.id, resolution) });
  });

  return router;
}
