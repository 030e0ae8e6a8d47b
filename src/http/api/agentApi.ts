import express, { type Router } from 'express';
import cookieParser from 'cookie-parser';
import type { SessionTokens } from '../../agents/sessionTokens';
import type { Config } from '../../config/config';
import type { LiveEvents } from '../../events/port';
import type { FlowReloadStatus } from '../../flowfiles/flowWatcher';
import type { FlowRegistry } from '../../flowfiles/registry';
import type { Nlu } from '../../nlu/port';
import type { HandoffDesk } from '../../handoff/handoffDesk';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { Store } from '../../store/port';
import type { MediaStore } from '../../media/port';
import { agentOfSession, authenticate, requireRole, tokenOf } from './authenticate';
import { createAuthRouter } from './authRoutes';
import { createTwoFactorRouter } from './twoFactorRoutes';
import type { TwoFactorPolicy } from '../../agents/twoFactor';
import { createAgentRouter } from './agentRoutes';
import { createHandoffRouter, type AttachmentLinkHosts } from './handoffRoutes';
import { eventsRoute } from './eventsRoute';
import { cannedRepliesRoute } from './cannedReplies';
import { approvedTemplatesRoute, templateCategoryLookup } from './approvedTemplates';
import { createReportsRouter } from './reportsRoutes';
import { createUnansweredRouter } from './unansweredRoutes';
import { createConversationRouter } from './conversationRoutes';
import { createCustomerRouter } from './customerRoutes';
import { createFlowFileRouter } from './flowFileRoutes';
import { withOpsLimitedToFlows } from './opsRole';
import type { DraftTrials } from '../../opsfiles/draftTrials';
import { createCustomerSearchRouter } from './customerSearchRoutes';

/** What the agent API uses of the process; each router below takes only its part of it. */
export interface AgentApiDeps {
  store: Store;
  /** What customers sent as files (GET /api/handoffs/:id/media/:messageId). */
  media: MediaStore;
  /** Channels that fetch the files customers send. */
  mediaChannels: ReadonlySet<string>;
  sessions: SessionTokens;
  desk: HandoffDesk;
  events: LiveEvents;
  metrics: Metrics;
  logger: Logger;
  /** Teams and limits for new agents; the time zone reports count days in. */
  settings: Config['handoff'];
  /** Where ops keep canned replies and approved templates (flows/canned/). */
  flowsDir: string;
  reengagementTemplate?: { name: string; language: string };
  flowStatus(): FlowReloadStatus;
  /** The live flows, the NLU and a reload in this process: for teaching unanswered questions. */
  flows: FlowRegistry;
  nlu: Nlu;
  reloadFlows(): void | Promise<void>;
  /** Every channel the product has (reports may be cut by any of them). */
  channelNames: readonly string[];
  /** Where agents' attachment links may point beyond public https: servers (config.outbound). */
  attachmentLinks: AttachmentLinkHosts;
  /** The session cookie's `Secure`: 'auto' follows the request's protocol (behind a trusted proxy). */
  secureCookies: boolean | 'auto';
  /** How often the live event stream checks its session again (tests shorten it). */
  eventsHeartbeatMs?: number;
  /** REQUIRE_2FA, and the name authenticator apps show for this console. */
  twoFactor: { policy: TwoFactorPolicy; issuer: string };
  /** PUBLIC_URL's origin: the CSRF guard accepts it besides the request's own host. */
  publicOrigin?: string;
  /** The Flows page's test chat and spec runs (flowspecs/draftLab.ts, given by the process). */
  drafts?: DraftTrials;
}

/** The agent API under /api: what the console uses, and only that (docs/openapi.yaml). */
export function createAgentApi(deps: AgentApiDeps): Router {
  const { store, sessions, logger } = deps;
  const router = express.Router();
  // A flow file with hundreds of examples is larger than any other request.
  router.use('/flows/files', express.json({ limit: '2mb' }));
  router.use(express.json({ limit: '64kb' }), cookieParser());
  const auth = { store, sessions, logger, secureCookies: deps.secureCookies, publicOrigin: deps.publicOrigin };
  router.use('/auth', createAuthRouter(auth));
  const sessionOptions = { publicOrigin: deps.publicOrigin, twoFactorPolicy: deps.twoFactor.policy };
  // Open before an agent whom REQUIRE_2FA covers has enrolled: enrolment itself and /agents/me.
  const enrollingSession = authenticate(sessions, store, { ...sessionOptions, allowUnenrolled: true });
  router.use('/auth/2fa', enrollingSession, createTwoFactorRouter({ ...auth, ...deps.twoFactor }));
  const requireSession = withOpsLimitedToFlows(authenticate(sessions, store, sessionOptions));
  router.use('/agents', withOpsLimitedToFlows(enrollingSession), createAgentRouter({ store, settings: deps.settings, desk: deps.desk, twoFactorPolicy: deps.twoFactor.policy }));
  router.use('/handoffs', requireSession, createHandoffRouter({ desk: deps.desk, store, media: deps.media, mediaChannels: deps.mediaChannels, attachmentLinks: deps.attachmentLinks, templateCategory: templateCategoryLookup(deps.flowsDir, logger) }));
  router.use('/conversations', requireSession, createConversationRouter({ store, desk: deps.desk }));
  // Search (GET /customers?q=) is every agent's; a customer's export and erasure are admins'.
  router.use('/customers', requireSession, createCustomerSearchRouter({ desk: deps.desk, store }));
  router.use('/customers', requireSession, createCustomerRouter({ store, media: deps.media, events: deps.events, metrics: deps.metrics, logger }));
  router.use('/reports', requireSession, createReportsRouter({ store, timeZone: deps.settings.timezone, channels: deps.channelNames }));
  const recheck = (req: express.Request) => agentOfSession(sessions, store, tokenOf(req) ?? '');
  router.get('/events', requireSession, eventsRoute({ events: deps.events, metrics: deps.metrics, recheck, heartbeatMs: deps.eventsHeartbeatMs }));
  router.get('/canned-replies', requireSession, cannedRepliesRoute(deps.flowsDir, logger));
  router.get('/templates', requireSession, approvedTemplatesRoute(deps.flowsDir, deps.reengagementTemplate, logger));
  router.use('/unanswered', requireSession, requireRole('supervisor', 'admin'), createUnansweredRouter({ store, flows: deps.flows, nlu: deps.nlu, flowsDir: deps.flowsDir, teams: deps.settings.teams, reloadFlows: deps.reloadFlows }));
  router.get('/flows/status', requireSession, (_req, res) => {
    const status = deps.flowStatus();
    res.json({ version: status.version, loadedAt: new Date(status.loadedAt).toISOString(), rejected: status.rejected && { at: new Date(status.rejected.at).toISOString(), problems: status.rejected.problems } });
  });
  router.use('/flows', requireSession, requireRole('ops', 'supervisor', 'admin'), createFlowFileRouter({ store, events: deps.events, logger, flowsDir: deps.flowsDir, teams: deps.settings.teams, reloadFlows: deps.reloadFlows, drafts: deps.drafts }));
  return router;
}
