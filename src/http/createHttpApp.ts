import path from 'node:path';
import express, { type Express } from 'express';
import type { Runtime } from '../runtime/runtime';
import { createSimulatorRouter } from '../channels/simulator/simulatorRouter';
import { createDemoOrdersRouter } from '../demo/demoOrders';
import { createWhatsAppWebhookRouter } from '../channels/whatsapp-cloud';
import { createAgentApi } from './api';
import { createWhatsAppWebQrRouter, WhatsAppWebChannel } from '../channels/whatsapp-web';
import { authenticate, requireRole } from './api/authenticate';
import cookieParser from 'cookie-parser';
import { requestMetrics } from './requestMetrics';
import { timingSafeEqual } from 'node:crypto';
import { errorHandler } from './errors';
import { sendError } from '../web/httpError';
import { projectRoot } from '../files/projectRoot';

/** The web process: health, the simulator, the demo order API (channels and console mount here too). */
export function createHttpApp(runtime: Runtime): Express {
  const { config, logger } = runtime;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestMetrics(runtime.metrics));

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

  if (config.simulator) {
    app.use('/api/simulator', createSimulatorRouter({ queue: runtime.queue, store: runtime.store, logger }));
    app.get('/simulator', (_req, res) => {
      res.sendFile(path.join(projectRoot(), 'src', 'http', 'pages', 'simulator.html'));
    });
  }
  const cloud = config.whatsapp.cloud;
  if (cloud) {
    app.use('/webhook/whatsapp', createWhatsAppWebhookRouter({ verifyToken: cloud.verifyToken, appSecret: cloud.appSecret, queue: runtime.queue, logger, isAccepting: () => runtime.availability.accepting() }));
  }
  const web = runtime.channels.get('whatsapp-web');
  if (web instanceof WhatsAppWebChannel) {
    // Whoever scans this QR code links their own WhatsApp to the bot: admins only.
    app.use('/whatsapp-web', cookieParser(), authenticate(runtime.sessions, runtime.store), requireRole('admin'), createWhatsAppWebQrRouter(web));
  }
  if (config.demoOrders) app.use('/demo', createDemoOrdersRouter());

  app.use(
    '/api',
    createAgentApi({
      store: runtime.store,
      sessions: runtime.sessions,
      desk: runtime.desk,
      events: runtime.events,
      metrics: runtime.metrics,
      logger,
      settings: config.handoff,
      flowsDir: config.flowsDir,
      reengagementTemplate: config.whatsapp.cloud?.reengagementTemplate,
      flowStatus: () => runtime.flowWatcher.status(),
      secureCookies: config.publicUrl.startsWith('https://'),
    }),
  );
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
