import type { Context, Next } from 'koa';
import type { DataSource } from 'typeorm';
import { type Role, User, UserRole } from '../../entities';
import { forbidden, unauthorized } from './errors';
import type { SessionClaims } from './session';

/** Who is asking: set on `ctx.state.user` by the API gate (security/gate.ts) before any routing. */
export interface SignedInUser {
  id: string;
  name: string;
  title: string | null;
  primaryDepartmentId: string | null;
  roles: { role: Role; scope: string }[];
  via: SessionClaims['via'];
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

export const hasRole = (user: SignedInUser, ...roles: Role[]) => user.roles.some((r) => roles.includes(r.role));

/** The roles a route's `requireRole` admits, readable from the router's own stack (the security tests enumerate it). */
export const REQUIRED_ROLES = Symbol('requiredRoles');
export type RoleGuard = ((ctx: Context, next: Next) => Promise<void>) & { [REQUIRED_ROLES]: readonly Role[] };

/** Lets the request through only for users holding one of `roles` (admin holds every role). */
export function requireRole(...roles: Role[]): RoleGuard {
  const guard = async (ctx: Context, next: Next) => {
    const user = ctx.state.user as SignedInUser | undefined;
    if (!user) throw unauthorized();
    if (!hasRole(user, 'admin', ...roles)) throw forbidden();
    await next();
  };
  return Object.assign(guard, { [REQUIRED_ROLES]: roles });
}
