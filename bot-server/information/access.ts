/**
 * Who may do what with 政务信息. Units write and submit their own items (staff and unit heads, for the units they
 * belong to or head); the office's own sections — 督查室 and 秘书科 (会务), as for the 信访接待登记
 * (duty/petition-access.ts) — edit, report upward, return, and record adoptions and outside rankings; district
 * leaders read everything; administrators (who hold every role) also set the score rules.
 */
import { type EntityManager, In } from 'typeorm';
import { type AdoptionLevel, Department, type Role, UserDepartment } from '../../entities';
import { holds, RECORDER_ROLES } from '../duty/petition-access';
import type { Actor } from '../supervision/types';

/** 督查室 and 秘书科 (会务): the office that edits and reports upward. */
export const OFFICE_ROLES: readonly Role[] = RECORDER_ROLES;
/** Those who write items for their unit. */
export const WRITER_ROLES: readonly Role[] = ['staff', 'unit_head', ...OFFICE_ROLES];
/** Those who read items (units their own only), the ranking and the figures. */
export const READER_ROLES: readonly Role[] = [...WRITER_ROLES, 'leader'];
/** Those who read every unit's items, the unit ranking and the outside rankings. */
export const OVERSEER_ROLES: readonly Role[] = [...OFFICE_ROLES, 'leader'];
/** The score rules: set by an administrator only. */
export const RULE_ROLES: readonly Role[] = ['admin'];

/** An administrator holds every role. */
export const isAdmin = (actor: Actor) => holds(actor, []);
export const isOffice = (actor: Actor) => holds(actor, OFFICE_ROLES);
export const seesAll = (actor: Actor) => holds(actor, OVERSEER_ROLES);

/** The units an actor writes for: those they belong to, and those they head. */
export async function unitsOf(manager: EntityManager, actor: Actor): Promise<Set<string>> {
  const rows = await manager.getRepository(UserDepartment).findBy({ userId: actor.id });
  return new Set([
    ...rows.map((r) => r.departmentId),
    ...actor.roles.filter((r) => r.role === 'unit_head').map((r) => r.scope),
  ]);
}

export const LEVEL_NAMES: Record<AdoptionLevel, string> = {
  city: '市政府办公室',
  province: '省政府办公厅',
  state: '国务院办公厅',
};
export const LEADER_LEVEL_NAMES: Record<AdoptionLevel, string> = {
  city: '市领导',
  province: '省领导',
  state: '国家领导',
};
export const FORM_NAMES = { whole: '全篇采用', part: '部分采用', combined: '综合采用' } as const;
export const STATUS_NAMES = {
  draft: '草稿',
  submitted: '已提交',
  edited: '已编辑',
  reported: '已报送',
  returned: '已退回',
} as const;
export const KIND_NAMES = { ...FORM_NAMES, instruction: '领导批示加分' } as const;

/** Names of units by id (the leadership group included: it never writes items). */
export async function departmentNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const rows = wanted.length ? await manager.getRepository(Department).findBy({ id: In(wanted) }) : [];
  return new Map(rows.map((d) => [d.id, d.name]));
}
