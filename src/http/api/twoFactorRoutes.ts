import express, { type Router } from 'express';
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { codeKeys, LoginThrottle } from '../../agents/loginThrottle';
import { confirmEnrolment, disableTwoFactor, startEnrolment, TwoFactorStateError } from '../../agents/secondFactor';
import { twoFactorRequired, type TwoFactorPolicy } from '../../agents/twoFactor';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { startSession, throttled, type AuthDeps } from './authRoutes';
import { parseBody } from './parseBody';

const codeBody = z.object({ code: z.string().trim().min(1).max(40) }).strict();

/**
 * /api/auth/2fa: an agent turns two-step sign-in on (set-up, then a first code) or off. Open
 * to an agent whom REQUIRE_2FA covers before enrolling (authenticate's allowUnenrolled), so
 * that they can. Wrong codes count against the same per-account code throttle as logins.
 */
export function createTwoFactorRouter(deps: AuthDeps & { policy: TwoFactorPolicy; issuer: string }): Router {
  const router = express.Router();
  const throttle = new LoginThrottle(deps.store.logins);
  const audit = (agentId: string, action: string) => deps.store.audit.append({ id: randomUUID(), at: Date.now(), actorId: agentId, action, subjectType: 'agent', subjectId: agentId });
  const refuseState = (error: unknown): never => {
    if (error instanceof TwoFactorStateError) throw new HttpError(409, error.code, error.message);
    throw error;
  };

  // A new secret and its QR code (an SVG image as a data: URL, so no third party ever sees it).
  router.post('/setup', async (_req, res) => {
    const agent = currentAgent(res);
    const { secret, otpauthUrl } = await startEnrolment(deps.store, agent, deps.issuer).catch(refuseState);
    const svg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    res.set('Cache-Control', 'no-store').json({ secret, otpauthUrl, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` });
  });

  // The first code proves the app works: two-step sign-in is on, every other session ends,
  // and this one goes on with a new token. The recovery codes are shown this once.
  router.post('/enable', async (req, res) => {
    const { code } = parseBody(codeBody, req.body);
    const agent = currentAgent(res);
    const refusal = await throttle.attempt(codeKeys(agent.id));
    if (refusal) throw throttled(res, deps.logger, refusal, req.ip ?? 'unknown');
    const recoveryCodes = await confirmEnrolment(deps.store, agent, code, Date.now()).catch(refuseState);
    if (!recoveryCodes) throw new HttpError(400, 'BAD_CODE', 'That code is not right; check the clock of your phone and type the code shown now');
    await throttle.succeed(codeKeys(agent.id));
    await audit(agent.id, 'enable-2fa');
    res.set('Cache-Control', 'no-store').json({ ...startSession(deps, req, res, agent), recoveryCodes });
  });

  router.post('/disable', async (req, res) => {
    const { code } = parseBody(codeBody, req.body);
    const agent = currentAgent(res);
    if (twoFactorRequired(deps.policy, agent.role)) throw new HttpError(409, 'TWO_FACTOR_REQUIRED_BY_POLICY', 'Two-step sign-in is required for your role (REQUIRE_2FA)');
    const refusal = await throttle.attempt(codeKeys(agent.id));
    if (refusal) throw throttled(res, deps.logger, refusal, req.ip ?? 'unknown');
    if (!(await disableTwoFactor(deps.store, agent, code, Date.now()).catch(refuseState))) throw new HttpError(400, 'BAD_CODE', 'That code is wrong or was already used');
    await throttle.succeed(codeKeys(agent.id));
    await audit(agent.id, 'disable-2fa');
    res.status(204).end();
  });

  return router;
}
