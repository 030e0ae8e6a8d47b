import express, { type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { AgentExistsError, createAgent, newAgentSchema, publicAgent, UnknownTeamError } from '../../agents/agentAccounts';
import { agentChangesSchema, changeAgent, LastAdminError, UnknownAgentError } from '../../agents/agentChanges';
import type { HandoffDesk } from '../../handoff/handoffDesk';
import type { Config } from '../../config/config';
import type { Store } from '../../store/port';
import { HttpError } from '../../web/httpError';
import { currentAgent, requireRole, requireTwoFactorEnrolment } from './authenticate';
import { twoFactorEnabled, twoFactorRequired, type TwoFactorPolicy } from '../../agents/twoFactor';
import { parseBody } from './parseBody';

/** Accounts: admins add agents; supervisors see them (to transfer chats); everyone sees themselves. */
export function createAgentRouter(deps: { store: Store; settings: Config['handoff']; desk: HandoffDesk; twoFactorPolicy: TwoFactorPolicy }): Router {
  const router = express.Router();
  const { store, settings } = deps;

  // Open to an agent who must still set up two-step sign-in: the console learns so here.
  router.get('/me', (_req, res) => {
    const agent = currentAgent(res);
    const twoFactor = { enabled: twoFactorEnabled(agent), required: twoFactorRequired(deps.twoFactorPolicy, agent.role), recoveryCodesLeft: agent.twoFactor?.enabledAt ? agent.twoFactor.recoveryCodes.length : 0 };
    res.json({ agent: publicAgent(agent), teams: settings.teams, twoFactor });
  });
  router.use(requireTwoFactorEnrolment(deps.twoFactorPolicy));

  router.get('/', async (_req, res) => {
    const agents = await store.agents.list();
    res.json({ agents: agents.filter((a) => a.active).map((a) => ({ id: a.id, name: a.name, role: a.role, teams: a.teams })) });
  });

  router.post('/', requireRole('admin'), async (req, res) => {
    const input = parseBody(newAgentSchema, req.body);
    try {
      const agent = await createAgent(store, input, { teams: settings.teams, defaultTeam: settings.defaultTeam, maxOpenChats: settings.agentMaxOpenChats });
      await store.audit.append({ id: agent.id + ':created', at: Date.now(), actorId: currentAgent(res).id, action: 'create-agent', subjectType: 'agent', subjectId: agent.id });
      res.status(201).json({ agent: publicAgent(agent) });
    } catch (error) {
      if (error instanceof AgentExistsError) throw new HttpError(409, 'AGENT_EXISTS', error.message);
      if (error instanceof UnknownTeamError) throw new HttpError(400, 'UNKNOWN_TEAM', error.message);
      throw error;
    }
  });

  // Offboarding and account changes. A deactivated agent's open chats go back to the queue,
  // so no customer waits on someone who is gone.
  router.patch('/:id', requireRole('admin'), async (req, res) => {
    const changes = parseBody(agentChangesSchema, req.body);
    const admin = currentAgent(res);
    try {
      const { agent, changed, sessionsEnded } = await changeAgent(store, String(req.params.id), changes, { teams: settings.teams });
      let releasedChats = 0;
      if (changes.active === false) {
        for (const handoff of await store.handoffs.list({ status: 'claimed', agentId: agent.id })) {
          await deps.desk.release(admin, handoff.id);
          releasedChats++;
        }
      }
      await store.audit.append({ id: randomUUID(), at: Date.now(), actorId: admin.id, action: 'update-agent', subjectType: 'agent', subjectId: agent.id, detail: { changed, sessionsEnded, releasedChats } });
      res.json({ agent: publicAgent(agent), sessionsEnded, releasedChats });
    } catch (error) {
      if (error instanceof UnknownAgentError) throw new HttpError(404, 'AGENT_NOT_FOUND', error.message);
      if (error instanceof UnknownTeamError) throw new HttpError(400, 'UNKNOWN_TEAM', error.message);
      if (error instanceof LastAdminError) throw new HttpError(409, 'LAST_ADMIN', error.message);
      throw error;
    }
  });

  return router;
}
