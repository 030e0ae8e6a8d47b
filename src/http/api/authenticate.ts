import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Agent, AgentRole } from '../../domain/agent';
import type { Store } from '../../store/port';
import type { SessionTokens } from '../../agents/sessionTokens';
import { HttpError } from '../../web/httpError';
import { requireSameOrigin } from './sameOrigin';
import { twoFactorEnabled, twoFactorRequired, type TwoFactorPolicy } from '../../agents/twoFactor';

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

export interface AuthenticateOptions {
  /** PUBLIC_URL's origin, for the CSRF guard. */
  publicOrigin?: string;
  /** REQUIRE_2FA: an agent it covers who has not enrolled yet may only enrol. */
  twoFactorPolicy?: TwoFactorPolicy;
  /** The routes of that enrolment (and GET /api/agents/me): open before it is done. */
  allowUnenrolled?: boolean;
}

/**
 * Every /api route but login: a valid session (cookie or bearer token) of an active agent.
 * A state change made with the cookie must also pass the CSRF guard (sameOrigin.ts).
 */
export function authenticate(sessions: SessionTokens, store: Store, options: AuthenticateOptions = {}): RequestHandler {
  const enrolled = requireTwoFactorEnrolment(options.twoFactorPolicy ?? 'off');
  return async (req: Request, res: Response, next: NextFunction) => {
    const credentials = credentialsOf(req);
    if (!credentials) throw new HttpError(401, 'NOT_LOGGED_IN', 'Log in first: POST /api/auth/login');
    res.locals.agent = await agentOfSession(sessions, store, credentials.token);
    if (credentials.fromCookie) requireSameOrigin(req, options.publicOrigin);
    if (options.allowUnenrolled) next();
    else enrolled(req, res, next);
  };
}

/** Refuses an agent whom REQUIRE_2FA covers until they turned two-step sign-in on. */
export function requireTwoFactorEnrolment(policy: TwoFactorPolicy): RequestHandler {
  return (_req, res, next) => {
    const agent = currentAgent(res);
    if (twoFactorRequired(policy, agent.role) && !twoFactorEnabled(agent)) {
      throw new HttpError(403, 'TWO_FACTOR_SETUP_REQUIRED', 'Set up two-step sign-in first (POST /api/auth/2fa/setup, then /enable)');
    }
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
