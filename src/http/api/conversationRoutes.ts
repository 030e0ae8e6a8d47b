import express, { type Router } from 'express';
import { randomUUID } from 'node:crypto';
import type { HandoffDesk } from '../../handoff/handoffDesk';
import type { Store } from '../../store/port';
import { currentAgent } from './authenticate';
import { sendCsv, wantsCsv } from './csvResponse';
import { conversationTranscript, transcriptCsv } from './transcriptExport';

/**
 * `GET /api/conversations/:id/transcript`: one conversation for an agent's records, as JSON (the
 * console's printable page reads it) or as CSV. Each export is audited: it is customer data
 * leaving the shop's system.
 */
export function createConversationRouter(deps: { store: Store; desk: HandoffDesk }): Router {
  const router = express.Router();
  const { store, desk } = deps;

  router.get('/:id/transcript', async (req, res) => {
    const agent = currentAgent(res);
    const csv = wantsCsv(req);
    const conversation = await desk.conversation(agent, req.params.id);
    const now = Date.now();
    const transcript = await conversationTranscript(store, conversation, agent, now);
    await store.audit.append({ id: randomUUID(), at: now, actorId: agent.id, action: 'export-transcript', subjectType: 'conversation', subjectId: conversation.id, detail: { format: csv ? 'csv' : 'json' } });
    if (csv) sendCsv(res, `transcript-${conversation.id}.csv`, transcriptCsv(transcript));
    else res.json(transcript);
  });

  return router;
}
