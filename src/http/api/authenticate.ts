import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Agent, AgentRole } from '../../domain/agent';
import type { Store } from '../../store/port';
import type { SessionTokens } from '../../agents/sessionTokens';
import { HttpError } from '../../web/httpError';

export const SESSION_COOKIE = 'wabot_session';

export function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
}

/** Every /api route but login: a valid session (cookie or bearer token) of an active agent. */
export function authenticate(sessions: SessionTokens, store: Store): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    if (!token) throw new HttpError(401, 'NOT_LOGGED_IN', 'Log in first: POST /api/auth/login');
    const claims = sessions.verify(token);
    if (!claims) throw new HttpError(401, 'SESSION_INVALID', 'Your session has expired or is not valid; log in again');
    const agent = await store.agents.get(claims.sub);
    if (!agent || !agent.active) throw new HttpError(401, 'SESSION_INVALID', 'This account is no longer active');
    if (claims.iat < (agent.sessionsValidFrom ?? 0)) throw new HttpError(401, 'SESSION_ENDED', 'You logged out of this session; log in again');
    res.locals.agent = agent;
    next();
  };
}

export function currentAgent(res: Response): Agent {
  return res.locals.agent as Agent;
}

export function requireRole(...roles: AgentRole[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(currentAgent(res).role)) throw new HttpError(403, 'FORBIDDEN', `This needs the role ${roles.join(' or ')}`);
    next();
  };
}
