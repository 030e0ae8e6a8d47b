import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';

/** What an `ops` account may reach under /api besides logging in: itself and the Flows page. */
const OPS_ROUTES = [/^\/api\/agents\/me$/, /^\/api\/flows(\/|$)/];

/**
 * A session check that also keeps the `ops` role to editing flows: chats, reports, live events
 * and accounts answer 403 to it, whatever route they are mounted on.
 */
export function withOpsLimitedToFlows(authenticate: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const checked = (error?: unknown) => {
      if (error) return next(error);
      const path = `${req.baseUrl}${req.path}`.replace(/\/+$/, '');
      if (currentAgent(res).role === 'ops' && !OPS_ROUTES.some((allowed) => allowed.test(path))) {
        return next(new HttpError(403, 'FORBIDDEN', 'The ops role edits flows only (the Flows page)'));
      }
      next();
    };
    Promise.resolve(authenticate(req, res, checked)).catch(next);
  };
}
