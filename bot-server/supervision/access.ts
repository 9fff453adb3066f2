/**
 * Who may see and act on a matter: 督查室 (and admin) run the office's steps, 督查室 and leaders see all, a unit's
 * people (members, `unit_head` scope) see and handle what their unit leads or co-leads.
 */
import type { EntityManager } from 'typeorm';
import { type Matter, MatterUnit, UserDepartment } from '../../entities';
import { SupervisionError } from './errors';
import type { Actor } from './types';

export const isOffice = (actor: Actor) =>
  actor.roles.some((r) => r.role === 'supervision_office' || r.role === 'admin');
export const isAdmin = (actor: Actor) => actor.roles.some((r) => r.role === 'admin');
export const seesAll = (actor: Actor) =>
  actor.roles.some((r) => r.role === 'supervision_office' || r.role === 'leader' || r.role === 'admin');

/** The units a user belongs to (memberships) or heads (unit_head scopes). */
export async function unitsOf(manager: EntityManager, actor: Actor): Promise<Set<string>> {
  const memberships = await manager.getRepository(UserDepartment).findBy({ userId: actor.id });
  return new Set([
    ...memberships.map((m) => m.departmentId),
    ...actor.roles.filter((r) => r.role === 'unit_head' && r.scope !== '*').map((r) => r.scope),
  ]);
}

export function requireOffice(actor: Actor, message: string): void {
  if (!isOffice(actor)) throw new SupervisionError('forbidden', message);
}

/** The lead unit's people (and the responsible person) handle the matter; an administrator may too. */
export async function requireLeadUnit(manager: EntityManager, actor: Actor, matter: Matter): Promise<void> {
  if (isAdmin(actor) || matter.responsibleUserId === actor.id) return;
  const units = await unitsOf(manager, actor);
  if (!units.has(matter.leadDepartmentId)) {
    throw new SupervisionError('forbidden', `该事项由其他单位牵头办理，您所在单位无权办理（${matter.number}）`);
  }
}

/** Lead and co-units (and, for reading, the office and leaders). */
export async function requireUnit(
  manager: EntityManager,
  actor: Actor,
  matter: Matter,
  coUnitsToo: boolean,
  message = `该事项不属于您所在单位，无权办理（${matter.number}）`,
): Promise<void> {
  if (isAdmin(actor) || matter.responsibleUserId === actor.id) return;
  const units = await unitsOf(manager, actor);
  if (units.has(matter.leadDepartmentId)) return;
  if (coUnitsToo) {
    const co = await manager.getRepository(MatterUnit).findBy({ matterId: matter.id });
    if (co.some((u) => units.has(u.departmentId))) return;
  }
  throw new SupervisionError('forbidden', message);
}

/** The head of a unit (DingTalk's 部门主管 flag), who hears of a matter that names nobody. */
export async function unitHeadOf(manager: EntityManager, departmentId: string): Promise<string | null> {
  const head = await manager.getRepository(UserDepartment).findOneBy({ departmentId, isHead: true });
  return head?.userId ?? null;
}
