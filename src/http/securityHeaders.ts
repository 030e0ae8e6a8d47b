import type { RequestHandler } from 'express';
import helmet from 'helmet';

// HSTS for a year once a browser has reached us over HTTPS (RFC 6797 §7.2: sent only on secure
// transport, so a first run on http://127.0.0.1 never pins the browser to HTTPS).
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers on every response: a Content-Security-Policy that allows our own files only (no
 * inline script, style or handler anywhere: the console, reports and simulator load theirs
 * from files), no framing (clickjacking), no MIME sniffing, no Referer leaving the site.
 * `img-src data:` only for the console's empty favicon.
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
    (req, res, next) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
      next();
    },
  ];
}
