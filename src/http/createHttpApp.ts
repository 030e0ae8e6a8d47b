import path from 'node:path';
import express, { type Express } from 'express';
import type { Runtime } from '../runtime/runtime';
import { CHANNEL_NAMES } from '../runtime/adapters';
import type { ChannelRoute } from '../channels/port';
import { createDemoOrdersRouter } from '../demo/demoOrders';
import { createAgentApi } from './api/agentApi';
import { authenticate, requireRole } from './api/authenticate';
import cookieParser from 'cookie-parser';
import { requestMetrics } from './requestMetrics';
import { timingSafeEqual } from 'node:crypto';
import { errorHandler } from './errors';
import { sendError } from '../web/httpError';
import { projectRoot } from '../files/projectRoot';
import { securityHeaders } from './securityHeaders';
import type { DraftTrials } from '../opsfiles/draftTrials';

/** The web process: health and metrics, what each channel serves, the demo order API, the agent API and console. */
export function createHttpApp(runtime: Runtime, options: { eventsHeartbeatMs?: number; drafts?: DraftTrials } = {}): Express {
  const { config, logger } = runtime;
  const channelRoutes: ChannelRoute[] = [...runtime.channels.values()].flatMap((channel) => channel.routes?.() ?? []);
  const app = express();
  app.disable('x-powered-by');
  // Only the proxies TRUST_PROXY names may set the client's address and protocol (docs/SECURITY.md).
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  app.use(requestMetrics(runtime.metrics, channelRoutes.map((route) => route.path)));

  app.get('/metrics', async (req, res) => {
    const token = config.metricsToken;
    if (token) {
      const given = Buffer.from(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
      const expected = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        sendError(res, 401, 'METRICS_TOKEN', 'Send Authorization: Bearer <METRICS_TOKEN>');
        return;
      }
    }
    res.setHeader('content-type', runtime.metrics.contentType);
    res.send(await runtime.metrics.render());
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await runtime.readiness();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks, flowsVersion: runtime.flows.current.version });
  });

  // A worker serves only the operational routes: its health and its metrics.
  if (config.role === 'worker') {
    app.use((req, res) => sendError(res, 404, 'NOT_FOUND', `A worker serves /healthz, /readyz and /metrics only`));
    return app;
  }

  // Before any body parser: a webhook checks its signature on the raw bytes.
  for (const route of channelRoutes) {
    if (route.access === 'admin') app.use(route.path, cookieParser(), authenticate(runtime.sessions, runtime.store, { publicOrigin: new URL(config.publicUrl).origin, twoFactorPolicy: config.require2fa }), requireRole('admin'), route.handler);
    else app.use(route.path, route.handler);
  }
  if (config.demoOrders) app.use('/demo', createDemoOrdersRouter());

  app.use(
    '/api',
    createAgentApi({
      store: runtime.store,
      media: runtime.media,
      mediaChannels: new Set([...runtime.channels.values()].filter((channel) => channel.fetchMedia).map((channel) => channel.name)),
      sessions: runtime.sessions,
      desk: runtime.desk,
      events: runtime.events,
      metrics: runtime.metrics,
      logger,
      settings: config.handoff,
      flowsDir: config.flowsDir,
      reengagementTemplate: config.whatsapp.cloud?.reengagementTemplate,
      flowStatus: () => runtime.flowWatcher.status(),
      flows: runtime.flows,
      nlu: runtime.nlu,
      reloadFlows: () => {
        runtime.flowWatcher.reload();
        return runtime.flowWatcher.learnt;
      },
      channelNames: CHANNEL_NAMES,
      secureCookies: config.cookieSecure,
      publicOrigin: new URL(config.publicUrl).origin,
      eventsHeartbeatMs: options.eventsHeartbeatMs,
      attachmentLinks: config.outbound,
      twoFactor: { policy: config.require2fa, issuer: `Agent console (${new URL(config.publicUrl).host})` },
      drafts: options.drafts,
    }),
  );
  // The Flows page's editor, bundled from src/console/editor/ by scripts/setup/editor.js (npm install, npm start, npm run build).
  const bundles = path.join(projectRoot(), 'dist', 'console', 'bundle');
  app.use('/console/bundle', express.static(bundles), (req, res) => {
    if (req.path === '/yamlEditor.js') sendError(res, 503, 'EDITOR_NOT_BUILT', 'The flow editor is not built yet: run npm run build (npm start does it)');
    else sendError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.originalUrl}`);
  });
  app.use('/console', express.static(path.join(projectRoot(), 'src', 'console'), { index: 'index.html', fallthrough: true }));

  app.get('/', (_req, res) => {
    res.json({ name: 'wa-handoff-bot', console: '/console', simulator: config.simulator ? '/simulator' : undefined, health: '/healthz', ready: '/readyz' });
  });
  app.use((req, res) => {
    sendError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler(logger));
  return app;
}
