import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Department, OFFICE_WIDE, type Role, User, UserRole } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { audit } from '../audit/audit';
import { DomainError } from '../errors/domain-error';

/** The roles held in one unit (their scope is a department id); every other role is office-wide. */
export const UNIT_ROLES: readonly Role[] = ['unit_head'];

export const ROLE_LABELS: Record<Role, string> = {
  staff: '工作人员',
  unit_head: '单位负责人',
  supervision_office: '督查室',
  meeting_office: '会务',
  leader: '领导',
  admin: '管理员',
};

export interface RoleGrant {
  userId: string;
  role: Role;
  /** A department id for a unit role; omitted or OFFICE_WIDE for the others. */
  scope?: string | null;
}

const roleJson = (grant: { userId: string; role: Role; scope: string }) => ({
  userId: grant.userId,
  role: grant.role,
  scope: grant.scope,
});

/** The scope a grant is stored under, checked against the role: a unit role needs an existing department. */
async function scopeOf(manager: EntityManager, grant: RoleGrant): Promise<string> {
  const given = grant.scope?.trim() || OFFICE_WIDE;
  if (!UNIT_ROLES.includes(grant.role)) {
    if (given !== OFFICE_WIDE) {
      throw new DomainError('invalid', 'scope_not_allowed', `「${ROLE_LABELS[grant.role]}」为全办角色，不按单位授予`);
    }
    return OFFICE_WIDE;
  }
  if (given === OFFICE_WIDE) {
    throw new DomainError('invalid', 'scope_required', `授予「${ROLE_LABELS[grant.role]}」须选择所负责的单位`);
  }
  if (!(await manager.getRepository(Department).existsBy({ id: given }))) {
    throw new DomainError('invalid', 'unknown_department', '所选单位不存在');
  }
  return given;
}

async function existingUser(manager: EntityManager, userId: string): Promise<User> {
  const user = await manager.getRepository(User).findOneBy({ id: userId });
  if (!user) throw new DomainError('not_found', 'unknown_user', '没有这个用户');
  return user;
}

/**
 * Gives `grant` to a user, audited, in the caller's transaction. The role counts from the user's next request
 * (the API reads roles on every request). A role already held is refused, so nothing is audited twice.
 */
export async function grantRole(manager: EntityManager, actor: string, grant: RoleGrant): Promise<void> {
  const user = await existingUser(manager, grant.userId);
  if (!user.active) throw new DomainError('conflict', 'user_inactive', '该用户已停用，不能授予角色');
  const scope = await scopeOf(manager, grant);
  const repo = manager.getRepository(UserRole);
  if (await repo.existsBy({ userId: user.id, role: grant.role, scope })) {
    throw new DomainError('conflict', 'role_held', `${user.name}已是「${ROLE_LABELS[grant.role]}」`);
  }
  await repo.insert({ userId: user.id, role: grant.role, scope, grantedBy: actor });
  const row = await repo.findOneByOrFail({ userId: user.id, role: grant.role, scope });
  await audit(manager, {
    actor,
    action: 'user.role.granted',
    subjectType: 'user',
    subjectId: user.id,
    after: roleJson(row),
  });
}

/**
 * Takes `grant` from a user, audited, in the caller's transaction. The last administrator (of the active users)
 * keeps the role: nobody could give it back. On MySQL the administrators' rows are locked first, so two
 * administrators removing each other at once cannot both succeed; SQLite transactions are exclusive.
 */
export async function revokeRole(
  manager: EntityManager,
  actor: string,
  grant: RoleGrant,
  reason: string | null = null,
): Promise<void> {
  const user = await existingUser(manager, grant.userId);
  const scope = grant.scope?.trim() || OFFICE_WIDE;
  const repo = manager.getRepository(UserRole);
  const row = await repo.findOneBy({ userId: user.id, role: grant.role, scope });
  if (!row) throw new DomainError('not_found', 'role_not_held', `${user.name}没有「${ROLE_LABELS[grant.role]}」角色`);
  if (grant.role === 'admin') {
    const admins = await repo.find({
      where: { role: 'admin' },
      ...(isMysql(manager.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const holders = [...new Set(admins.map((a) => a.userId))];
    const active = await manager.getRepository(User).countBy({ id: In(holders), active: true });
    const othersActive = active - (user.active ? 1 : 0);
    if (othersActive < 1) {
      throw new DomainError('conflict', 'last_admin', '不能撤销最后一位管理员的角色，请先为他人授予管理员');
    }
  }
  await repo.delete({ id: row.id });
  await audit(manager, {
    actor,
    action: 'user.role.revoked',
    subjectType: 'user',
    subjectId: user.id,
    before: roleJson(row),
    reason,
  });
}

export interface UserRoleView {
  role: Role;
  scope: string;
  scopeName: string | null;
  grantedBy: string | null;
  grantedAt: Date;
}

/** The roles of these users, each with the name of the unit it is held in. */
export async function rolesOf(manager: EntityManager, userIds: string[]): Promise<Map<string, UserRoleView[]>> {
  const byUser = new Map<string, UserRoleView[]>();
  if (userIds.length === 0) return byUser;
  const rows = await manager
    .getRepository(UserRole)
    .find({ where: { userId: In(userIds) }, order: { role: 'ASC', scope: 'ASC' } });
  const unitIds = [...new Set(rows.map((r) => r.scope).filter((s) => s !== OFFICE_WIDE))];
  const units = unitIds.length ? await manager.getRepository(Department).findBy({ id: In(unitIds) }) : [];
  for (const r of rows) {
    const list = byUser.get(r.userId) ?? [];
    list.push({
      role: r.role,
      scope: r.scope,
      scopeName: r.scope === OFFICE_WIDE ? null : (units.find((u) => u.id === r.scope)?.name ?? r.scope),
      grantedBy: r.grantedBy,
      grantedAt: r.createdAt,
    });
    byUser.set(r.userId, list);
  }
  return byUser;
}
