import express, { type Router } from 'express';
import cookieParser from 'cookie-parser';
import type { Runtime } from '../../runtime/runtime';
import { authenticate, requireRole } from './authenticate';
import { groupUnanswered } from '../../domain/unanswered';
import { createAuthRouter } from './authRoutes';
import { createAgentRouter } from './agentRoutes';
import { createHandoffRouter } from './handoffRoutes';
import { eventsRoute } from './eventsRoute';
import { cannedRepliesRoute } from './cannedReplies';
import { approvedTemplatesRoute } from './approvedTemplates';
import { createReportsRouter } from './reportsRoutes';

/** The agent API under /api: what the console uses, and only that (docs/openapi.yaml). */
export function createAgentApi(runtime: Runtime): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }), cookieParser());
  router.use('/auth', createAuthRouter({ store: runtime.store, sessions: runtime.sessions, logger: runtime.logger, secureCookies: runtime.config.publicUrl.startsWith('https://') }));
  const requireSession = authenticate(runtime.sessions, runtime.store);
  router.use('/agents', requireSession, createAgentRouter(runtime));
  router.use('/handoffs', requireSession, createHandoffRouter(runtime));
  router.use('/reports', requireSession, createReportsRouter(runtime));
  router.get('/events', requireSession, eventsRoute(runtime));
  router.get('/canned-replies', requireSession, cannedRepliesRoute(runtime.config.flowsDir, runtime.logger));
  router.get('/templates', requireSession, approvedTemplatesRoute(runtime.config.flowsDir, runtime.config.whatsapp.cloud?.reengagementTemplate, runtime.logger));
  router.get('/unanswered', requireSession, requireRole('supervisor', 'admin'), async (_req, res) => {
    const groups = groupUnanswered(await runtime.store.unanswered.list(5000)).slice(0, 100);
    res.json({ groups: groups.map((g) => ({ ...g, lastAt: new Date(g.lastAt).toISOString() })) });
  });
  router.get('/flows/status', requireSession, (_req, res) => {
    const status = runtime.flowWatcher.status();
    res.json({ version: status.version, loadedAt: new Date(status.loadedAt).toISOString(), rejected: status.rejected && { at: new Date(status.rejected.at).toISOString(), problems: status.rejected.problems } });
  });
  return router;
}
