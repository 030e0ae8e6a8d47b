import type { RequestHandler } from 'express';
import type { LiveEvents } from '../../events/port';
import type { Metrics } from '../../observability/metrics';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';

export const EVENTS_HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the console: claims, releases, new messages, SLA breaches. An agent
 * hears only about chats of their teams (supervisors and admins about all).
 *
 * The session is checked again on every heartbeat (`recheck` throws when it is no longer
 * valid: logged out, deactivated, password reset, expired), and the stream then says
 * `session.ended` and closes, so an offboarded agent stops hearing about chats at once.
 */
export function eventsRoute(deps: { events: LiveEvents; metrics: Metrics; recheck: (req: Parameters<RequestHandler>[0]) => Promise<unknown>; heartbeatMs?: number }): RequestHandler {
  return (req, res) => {
    const agent = currentAgent(res);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = deps.events.subscribe((event) => {
      // Events about a chat carry its team; only flow-file events are for everyone.
      // A chat taken or transferred away from an agent is still news to them.
      const wasHolder = (event.detail?.from as { agentId?: string } | undefined)?.agentId === agent.id;
      const visible = agent.role !== 'agent' || event.type.startsWith('flows.') || event.agentId === agent.id || wasHolder || (!!event.team && agent.teams.includes(event.team));
      if (visible && (!event.detail?.adminsOnly || agent.role === 'admin')) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      deps.metrics.agentsOnline.dec();
      clearInterval(heartbeat);
      unsubscribe();
    };
    const heartbeat = setInterval(async () => {
      try {
        await deps.recheck(req);
        if (!closed) res.write(': heartbeat\n\n');
      } catch (error) {
        if (closed) return;
        const code = error instanceof HttpError ? error.code : 'SESSION_UNCHECKED';
        // A store that does not answer ends the stream too: the console reconnects and is checked anew.
        res.write(`event: session.ended\ndata: ${JSON.stringify({ type: 'session.ended', code })}\n\n`);
        close();
        res.end();
      }
    }, deps.heartbeatMs ?? EVENTS_HEARTBEAT_MS);
    deps.metrics.agentsOnline.inc();
    req.on('close', close);
  };
}
