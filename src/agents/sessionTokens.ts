import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  /** Agent id. */
  sub: string;
  /** Issued at, epoch ms: a token older than the agent's last logout is refused. */
  iat: number;
  /** Expiry, epoch ms. */
  exp: number;
}

/**
 * Stateless session tokens: the claims plus an HMAC-SHA256 over them. Every web process that
 * shares SESSION_SECRET accepts every other's tokens; nothing is stored per session. Logging
 * out ends them all at once: the agent record keeps the time, and older tokens are refused
 * (see authenticate).
 */
export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  issue(agentId: string): { token: string; expiresAt: number } {
    const now = this.clock();
    const claims: SessionClaims = { sub: agentId, iat: now, exp: now + this.ttlMs };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt: claims.exp };
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string): SessionClaims | null {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionClaims;
      if (typeof claims.sub !== 'string' || typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= this.clock()) return null;
      return claims;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
