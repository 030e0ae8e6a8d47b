import type { Request } from 'express';
import { HttpError } from '../../web/httpError';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for requests authenticated by the session cookie (a bearer token is never sent
 * by a browser on its own): a state change must be JSON (a cross-site HTML form cannot send
 * that without a CORS preflight, which we never grant) and come from our own pages, as the
 * browser says in Sec-Fetch-Site (https://www.w3.org/TR/fetch-metadata/) or, from browsers
 * without it, in Origin. `publicOrigin` is PUBLIC_URL's origin: the proxy may rewrite Host.
 */
export function requireSameOrigin(req: Request, publicOrigin?: string): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (!req.is('application/json')) throw new HttpError(415, 'JSON_REQUIRED', 'Send the request body as application/json');
  const site = req.get('sec-fetch-site');
  if (site !== undefined) {
    if (site !== 'same-origin') throw new HttpError(403, 'CROSS_SITE_REQUEST', 'This request must come from the console itself');
    return;
  }
  const origin = req.get('origin');
  const own = [`${req.protocol}://${req.get('host')}`, `${req.protocol}://${req.host}`, publicOrigin];
  if (!origin || !own.includes(origin)) throw new HttpError(403, 'CROSS_SITE_REQUEST', 'This request must come from the console itself (its Origin is not this site)');
}
