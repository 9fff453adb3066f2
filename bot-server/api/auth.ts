import type { Context, Next } from 'koa';
import type { DataSource } from 'typeorm';
import { type Role, User, UserRole } from '../../entities';
import { forbidden, unauthorized } from './errors';
import { SESSION_COOKIE, type SessionClaims, type SessionTokens } from './session';

/** Who is asking: set on `ctx.state.user` by `authenticate`. */
export interface SignedInUser {
  id: string;
  name: string;
  title: string | null;
  primaryDepartmentId: string | null;
  roles: { role: Role; scope: string }[];
  via: SessionClaims['via'];
}

export function bearerOrCookie(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return ctx.cookies.get(SESSION_COOKIE) ?? undefined;
}

export async function loadSignedInUser(
  db: DataSource,
  userId: string,
  via: SessionClaims['via'],
): Promise<SignedInUser | null> {
  const user = await db.getRepository(User).findOneBy({ id: userId, active: true });
  if (!user) return null;
  const roles = await db.getRepository(UserRole).find({ where: { userId }, order: { role: 'ASC' } });
  return {
    id: user.id,
    name: user.name,
    title: user.title,
    primaryDepartmentId: user.primaryDepartmentId,
    roles: roles.map((r) => ({ role: r.role, scope: r.scope })),
    via,
  };
}

/** Every `/api/` route but sign-in passes here: no valid session, no answer but 401. */
export function authenticate(tokens: SessionTokens, db: () => DataSource) {
  return async (ctx: Context, next: Next) => {
    const token = bearerOrCookie(ctx);
    const claims = token ? tokens.verify(token) : null;
    if (!claims) throw unauthorized(token ? '登录已过期，请重新登录' : '请先登录');
    const user = await loadSignedInUser(db(), claims.uid, claims.via);
    if (!user) throw unauthorized('该账号已停用或不存在');
    ctx.state.user = user;
    await next();
  };
}

export const hasRole = (user: SignedInUser, ...roles: Role[]) => user.roles.some((r) => roles.includes(r.role));

/** Lets the request through only for users holding one of `roles` (admin holds every role). */
export function requireRole(...roles: Role[]) {
  return async (ctx: Context, next: Next) => {
    const user = ctx.state.user as SignedInUser | undefined;
    if (!user) throw unauthorized();
    if (!hasRole(user, 'admin', ...roles)) throw forbidden();
    await next();
  };
}
