import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a sign-in lasts: a working day and a bit, so nobody is signed out mid-afternoon. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
export const SESSION_COOKIE = 'duban_session';

export interface SessionClaims {
  /** The `user_session` row this token stands for: revoking the row ends the token. */
  sid: string;
  /** DingTalk userid. */
  uid: string;
  /** How the user signed in. */
  via: 'dingtalk' | 'demo';
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * Signed session tokens (`payload.signature`, HMAC-SHA256 with SESSION_SECRET) naming a `user_session` row. The
 * signature makes a token unforgeable; the row makes it revocable. The user, the row and the roles are read on every
 * request, so a sign-out, a deactivation or a role change takes effect at once.
 */
export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claims a new session `sid` for `uid` will carry: its expiry decides the row's. */
  claimsFor(sid: string, uid: string, via: SessionClaims['via']): SessionClaims {
    const iat = Math.floor(this.now() / 1000);
    return { sid, uid, via, iat, exp: iat + SESSION_TTL_SECONDS };
  }

  issue(claims: SessionClaims): string {
    const payload = b64(JSON.stringify(claims));
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string): SessionClaims | null {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims.sid !== 'string' || typeof claims.uid !== 'string' || typeof claims.exp !== 'number') return null;
    return claims.exp * 1000 > this.now() ? claims : null;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
