import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { Metrics } from '../observability/metrics';

// Route groups, not raw paths: ids in paths would make one time series per chat.
const GROUPS = ['/api/auth', '/api/handoffs', '/api/agents', '/api/events', '/api/reports', '/api', '/demo', '/console', '/healthz', '/readyz', '/metrics'];

export function routeGroup(path: string, groups: readonly string[] = GROUPS): string {
  return groups.find((g) => path === g || path.startsWith(`${g}/`)) ?? 'other';
}

/** Counts every request by route group (each channel route is one, e.g. /webhook/whatsapp) and status, with its latency. */
export function requestMetrics(metrics: Metrics, channelPaths: readonly string[] = []): RequestHandler {
  // Channel paths first: /api/simulator is its own group, not part of /api.
  const groups = [...channelPaths, ...GROUPS];
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = routeGroup(req.originalUrl.split('?')[0], groups);
      if (route === '/api/events') return; // a stream lasts as long as the console is open
      metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route }, (performance.now() - started) / 1000);
    });
    next();
  };
}
