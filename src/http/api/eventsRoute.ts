import type { RequestHandler } from 'express';
import type { LiveEvents } from '../../events/port';
import type { Metrics } from '../../observability/metrics';
import { currentAgent } from './authenticate';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the console: claims, releases, new messages, SLA breaches. An agent
 * hears only about chats of their teams (supervisors and admins about all).
 */
export function eventsRoute(deps: { events: LiveEvents; metrics: Metrics }): RequestHandler {
  return (req, res) => {
    const agent = currentAgent(res);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = deps.events.subscribe((event) => {
      // Events about a chat carry its team; only flow-file events are for everyone.
      const visible = agent.role !== 'agent' || event.type.startsWith('flows.') || event.agentId === agent.id || (!!event.team && agent.teams.includes(event.team));
      if (visible) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    deps.metrics.agentsOnline.inc();
    req.on('close', () => {
      deps.metrics.agentsOnline.dec();
      clearInterval(heartbeat);
      unsubscribe();
    });
  };
}
