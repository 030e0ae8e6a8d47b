import express, { type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../agents/passwords';
import { LoginThrottle } from '../../agents/loginThrottle';
import { publicAgent } from '../../agents/agentAccounts';
import type { SessionTokens } from '../../agents/sessionTokens';
import type { Store } from '../../store/port';
import type { Logger } from '../../observability/logger';
import { HttpError } from '../../web/httpError';
import { credentialsOf, SESSION_COOKIE } from './authenticate';
import { requireSameOrigin } from './sameOrigin';
import { PASSWORD_TOO_LONG, passwordFitsBcrypt } from '../../domain/agent';
import { parseBody } from './parseBody';

// A password longer than bcrypt reads is refused, not cut: it could never be the one set (domain/agent.ts).
const loginBody = z
  .object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).refine(passwordFitsBcrypt, `${PASSWORD_TOO_LONG}; if yours is longer, ask an admin to reset it`) })
  .strict();

// Checked when the e-mail is unknown, so that answer takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const unknownAgentHash = () => (dummyHash ??= hashPassword(randomUUID()));

export function createAuthRouter(deps: { store: Store; sessions: SessionTokens; logger: Logger; secureCookies: boolean | 'auto'; publicOrigin?: string }): Router {
  const router = express.Router();
  const throttle = new LoginThrottle(deps.store.logins);

  router.post('/login', async (req, res) => {
    const { email, password } = parseBody(loginBody, req.body);
    const keys = [`email:${email.toLowerCase()}`, `ip:${req.ip}`];
    const wait = await throttle.retryAfterSeconds(keys);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new HttpError(429, 'TOO_MANY_LOGINS', `Too many failed logins; try again in ${Math.ceil(wait / 60)} minutes`);
    }
    const agent = await deps.store.agents.getByEmail(email);
    const ok = await verifyPassword(password, agent?.passwordHash ?? (await unknownAgentHash()));
    if (!agent || !ok || !agent.active) {
      await throttle.fail(keys);
      deps.logger.info('login refused', { ip: req.ip });
      throw new HttpError(401, 'BAD_CREDENTIALS', 'Wrong e-mail or password');
    }
    await throttle.succeed(keys);
    const { token, expiresAt } = deps.sessions.issue(agent.id);
    const now = Date.now();
    await deps.store.agents.update(agent.id, { lastSeenAt: now });
    await deps.store.audit.append({ id: randomUUID(), at: now, actorId: agent.id, action: 'login', subjectType: 'session', subjectId: agent.id });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies === 'auto' ? req.secure : deps.secureCookies, expires: new Date(expiresAt), path: '/' });
    res.json({ token, expiresAt: new Date(expiresAt).toISOString(), agent: publicAgent(agent) });
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
