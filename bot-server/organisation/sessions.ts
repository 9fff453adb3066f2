import { randomBytes } from 'node:crypto';
import { type EntityManager, In, IsNull, MoreThan } from 'typeorm';
import { UserSession } from '../../entities';

/** Why a session ended before its expiry; kept on the row for the audit of who was signed out and why. */
export type RevokeReason = 'logout' | 'logout_all' | 'admin' | 'deactivated';

/**
 * Sign-ins as rows: a token is only as good as its row, so signing out, signing out everywhere, an administrator's
 * revocation and a deactivation by org sync take effect on the very next request.
 */
export const sessions = {
  async open(db: EntityManager, userId: string, via: UserSession['via'], expiresAt: Date): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await db.getRepository(UserSession).insert({ id, userId, via, expiresAt, revokedAt: null, revokedReason: null });
    return id;
  },

  /** Whether session `id` of `userId` is still in force at `now`. */
  async isLive(db: EntityManager, id: string, userId: string, now: Date): Promise<boolean> {
    return db.getRepository(UserSession).existsBy({ id, userId, revokedAt: IsNull(), expiresAt: MoreThan(now) });
  },

  async revoke(db: EntityManager, id: string, reason: RevokeReason, now: Date): Promise<void> {
    await db.getRepository(UserSession).update({ id, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
  },

  /** Ends every live session of these users; the number ended. */
  async revokeAllOf(db: EntityManager, userIds: string[], reason: RevokeReason, now: Date): Promise<number> {
    if (userIds.length === 0) return 0;
    const result = await db
      .getRepository(UserSession)
      .update({ userId: In(userIds), revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
    return result.affected ?? 0;
  },
};
