import express, { type Request, type Response, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../agents/passwords';
import { codeKeys, LoginThrottle, passwordKeys, type ThrottleRefusal } from '../../agents/loginThrottle';
import { publicAgent } from '../../agents/agentAccounts';
import { acceptSecondFactor } from '../../agents/secondFactor';
import { twoFactorEnabled } from '../../agents/twoFactor';
import type { SessionTokens } from '../../agents/sessionTokens';
import type { Agent } from '../../domain/agent';
import type { Store } from '../../store/port';
import type { Logger } from '../../observability/logger';
import { HttpError } from '../../web/httpError';
import { credentialsOf, SESSION_COOKIE } from './authenticate';
import { requireSameOrigin } from './sameOrigin';
import { parseBody } from './parseBody';
import { PASSWORD_TOO_LONG, passwordFitsBcrypt } from '../../domain/agent';

// A password longer than bcrypt reads is refused, not cut: it could never be the one set (domain/agent.ts).
const loginBody = z
  .object({
    email: z.string().trim().min(3).max(200),
    password: z.string().min(1).refine(passwordFitsBcrypt, `${PASSWORD_TOO_LONG}; if yours is longer, ask an admin to reset it`),
    /** With two-step sign-in on: the authenticator app's code, or a recovery code. */
    code: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

// Checked when the e-mail is unknown, so that answer takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const unknownAgentHash = () => (dummyHash ??= hashPassword(randomUUID()));

export interface AuthDeps {
  store: Store;
  sessions: SessionTokens;
  logger: Logger;
  secureCookies: boolean | 'auto';
  publicOrigin?: string;
}

/** Starts a session: the cookie the console uses and the token API clients send. */
export function startSession(deps: AuthDeps, req: Request, res: Response, agent: Agent): { token: string; expiresAt: string } {
  const { token, expiresAt } = deps.sessions.issue(agent.id);
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies === 'auto' ? req.secure : deps.secureCookies, expires: new Date(expiresAt), path: '/' });
  return { token, expiresAt: new Date(expiresAt).toISOString() };
}

/** A 429 that says when to try again; the log says which key refused. */
export function throttled(res: Response, logger: Logger, refusal: ThrottleRefusal, ip: string): HttpError {
  logger.warn('login refused by the throttle', { throttle: refusal.kind, ip, retryAfterSeconds: refusal.retryAfterSeconds });
  res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  const wait = refusal.retryAfterSeconds < 90 ? `${refusal.retryAfterSeconds} seconds` : `${Math.ceil(refusal.retryAfterSeconds / 60)} minutes`;
  return refusal.kind === 'code'
    ? new HttpError(429, 'TOO_MANY_CODES', `Too many wrong codes; try again in ${wait}`)
    : new HttpError(429, 'TOO_MANY_LOGINS', `Too many failed logins; try again in ${wait}`);
}

export function createAuthRouter(deps: AuthDeps): Router {
  const router = express.Router();
  const throttle = new LoginThrottle(deps.store.logins);

  // Each try is counted before the password is checked (loginThrottle.ts), so parallel
  // guesses cannot all be checked before the first failure is counted.
  router.post('/login', async (req, res) => {
    const { email, password, code } = parseBody(loginBody, req.body);
    const ip = req.ip ?? 'unknown';
    const keys = passwordKeys(email, ip);
    const refusal = await throttle.attempt(keys);
    if (refusal) throw throttled(res, deps.logger, refusal, ip);
    const agent = await deps.store.agents.getByEmail(email);
    const ok = await verifyPassword(password, agent?.passwordHash ?? (await unknownAgentHash()));
    if (!agent || !ok || !agent.active) {
      deps.logger.info('login refused', { ip, reason: 'password' });
      throw new HttpError(401, 'BAD_CREDENTIALS', 'Wrong e-mail or password');
    }
    await throttle.succeed(keys);
    if (twoFactorEnabled(agent)) {
      if (!code) throw new HttpError(401, 'TWO_FACTOR_REQUIRED', 'Enter the code from your authenticator app, or a recovery code');
      const codeRefusal = await throttle.attempt(codeKeys(agent.id));
      if (codeRefusal) throw throttled(res, deps.logger, codeRefusal, ip);
      const used = await acceptSecondFactor(deps.store, agent, code, Date.now());
      if (!used) {
        deps.logger.info('login refused', { ip, reason: 'two-factor code', agentId: agent.id });
        throw new HttpError(401, 'BAD_CODE', 'That code is wrong or was already used');
      }
      await throttle.succeed(codeKeys(agent.id));
      if (used === 'recovery code') deps.logger.info('logged in with a recovery code', { agentId: agent.id });
    }
    const session = startSession(deps, req, res, agent);
    const now = Date.now();
    await deps.store.agents.update(agent.id, { lastSeenAt: now });
    await deps.store.audit.append({ id: randomUUID(), at: now, actorId: agent.id, action: 'login', subjectType: 'session', subjectId: agent.id });
    res.json({ ...session, agent: publicAgent(agent) });
  });

  // Ends every session of the agent, not only this browser's: the tokens are stateless, so a
  // copied bearer token would otherwise live on until it expires. Without a valid session there
  // is nothing to end; the cookie is cleared either way.
  router.post('/logout', async (req, res) => {
    const credentials = credentialsOf(req);
    if (credentials?.fromCookie) requireSameOrigin(req, deps.publicOrigin);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    const claims = deps.sessions.verify(credentials?.token ?? '');
    if (claims) {
      const now = Date.now();
      await deps.store.agents.update(claims.sub, { sessionsValidFrom: now });
      await deps.store.audit.append({ id: randomUUID(), at: now, actorId: claims.sub, action: 'logout', subjectType: 'session', subjectId: claims.sub });
    }
    res.status(204).end();
  });

  return router;
}
