import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { Metrics } from '../observability/metrics';

// Route groups, not raw paths: ids in paths would make one time series per chat.
const GROUPS = ['/webhook/whatsapp', '/api/simulator', '/api/auth', '/api/handoffs', '/api/agents', '/api/events', '/api/reports', '/api', '/demo', '/console', '/simulator', '/healthz', '/readyz', '/metrics'];

export function routeGroup(path: string): string {
  return GROUPS.find((g) => path === g || path.startsWith(`${g}/`)) ?? 'other';
}

/** Counts every request by route group and status, with its latency. */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = routeGroup(req.originalUrl.split('?')[0]);
      if (route === '/api/events') return; // a stream lasts as long as the console is open
      metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route }, (performance.now() - started) / 1000);
    });
    next();
  };
}
