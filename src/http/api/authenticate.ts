import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Agent, AgentRole } from '../../domain/agent';
import type { Store } from '../../store/port';
import type { SessionTokens } from '../../agents/sessionTokens';
import { HttpError } from '../../web/httpError';
import { requireSameOrigin } from './sameOrigin';

export const SESSION_COOKIE = 'wabot_session';

/** The request's session token and whether the browser sent it on its own (the cookie). */
export function credentialsOf(req: Request): { token: string; fromCookie: boolean } | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), fromCookie: false };
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie ? { token: cookie, fromCookie: true } : undefined;
}

export function tokenOf(req: Request): string | undefined {
  return credentialsOf(req)?.token;
}

/**
 * The active agent a token belongs to, read afresh from the store: a deactivated account, an
 * ended session (logout, deactivation, password reset) or an expired token is refused.
 */
export async function agentOfSession(sessions: SessionTokens, store: Store, token: string): Promise<Agent> {
  const claims = sessions.verify(token);
  if (!claims) throw new HttpError(401, 'SESSION_INVALID', 'Your session has expired or is not valid; log in again');
  const agent = await store.agents.get(claims.sub);
  if (!agent || !agent.active) throw new HttpError(401, 'SESSION_INVALID', 'This account is no longer active');
  if (claims.iat < (agent.sessionsValidFrom ?? 0)) throw new HttpError(401, 'SESSION_ENDED', 'This session was ended; log in again');
  return agent;
}

/**
 * Every /api route but login: a valid session (cookie or bearer token) of an active agent.
 * A state change made with the cookie must also pass the CSRF guard (sameOrigin.ts).
 */
export function authenticate(sessions: SessionTokens, store: Store, options: { publicOrigin?: string } = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const credentials = credentialsOf(req);
    if (!credentials) throw new HttpError(401, 'NOT_LOGGED_IN', 'Log in first: POST /api/auth/login');
    res.locals.agent = await agentOfSession(sessions, store, credentials.token);
    if (credentials.fromCookie) requireSameOrigin(req, options.publicOrigin);
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
