import type { EntityManager } from 'typeorm';
import { MEETING_TYPES, MeetingType } from '../../entities';
import { audit } from '../audit/audit';

export interface MeetingTypeView {
  code: string;
  name: string;
  sortOrder: number;
  active: boolean;
  /** Shipped with Duban (renamable, retirable) rather than added by the office. */
  builtIn: boolean;
  /**
   * The district government's own meetings: only 会务 (or an organiser in the 督查室) may give a meeting this type
   * (see permissions.ts). The shipped types other than 其他会议 and the office's internal (党建, study) meetings;
   * types the office adds are not.
   */
  official: boolean;
}

type BuiltInType = (typeof MEETING_TYPES)[number];

/** The shipped types, named as the office's summary names them (区政府常务会议、区政府党组会议、协调调度会议、支部党员大会…). */
export const BUILT_IN_TYPES: ReadonlyMap<BuiltInType, { name: string; official: boolean }> = new Map([
  ['executive', { name: '区政府常务会议', official: true }],
  ['party_group', { name: '区政府党组会议', official: true }],
  ['coordination', { name: '专题协调会', official: true }],
  ['scheduling', { name: '调度会', official: true }],
  ['other', { name: '其他会议', official: false }],
  // The office's own internal meetings (党建 and study), not the district government's: not official, so they are
  // organised as an `other` meeting is (会务 creates them, lifecycle.ts; their organiser may then run them), the
  // office's Party branch and sections holding them among themselves. Inviting a unit, a district leader or anyone
  // outside the organiser's own unit still makes a meeting official (facts.ts): no way round 会务 for the government's.
  ['branch_assembly', { name: '支部党员大会', official: false }],
  ['branch_committee', { name: '支委会', official: false }],
  ['party_cell', { name: '党小组会', official: false }],
  ['party_lecture', { name: '党课', official: false }],
  ['theme_party_day', { name: '主题党日', official: false }],
  ['group_study', { name: '集中学习', official: false }],
  ['secretary_study', { name: '秘书集中学习', official: false }],
]);

/** The shipped name of a built-in type (as `meetingTypes` gives it before the office renames it), else the code. */
export const builtInName = (code: string): string => BUILT_IN_TYPES.get(code as BuiltInType)?.name ?? code;

/** Whether a type code (as anyone may send it) is one of the official types. */
export const isOfficialType = (code: string): boolean => BUILT_IN_TYPES.get(code as BuiltInType)?.official === true;

/** The office's meeting types: the shipped ones, as renamed or retired in `meeting_type`, then the office's own. */
export async function meetingTypes(manager: EntityManager): Promise<MeetingTypeView[]> {
  const rows = new Map((await manager.getRepository(MeetingType).find()).map((row) => [row.code, row]));
  const types: MeetingTypeView[] = MEETING_TYPES.map((code, index) => {
    const row = rows.get(code);
    rows.delete(code);
    return {
      code,
      name: row?.name ?? BUILT_IN_TYPES.get(code)?.name ?? code,
      sortOrder: row?.sortOrder ?? (index + 1) * 10,
      active: row?.active ?? true,
      builtIn: true,
      official: isOfficialType(code),
    };
  });
  for (const row of rows.values()) {
    types.push({
      code: row.code,
      name: row.name,
      sortOrder: row.sortOrder,
      active: row.active,
      builtIn: false,
      official: false,
    });
  }
  return types.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
}

/** Adds or changes a type (an administrator's choice); a shipped type can be renamed or retired, not removed. */
export async function saveMeetingType(
  manager: EntityManager,
  actorId: string,
  input: { code: string; name: string; sortOrder?: number; active?: boolean },
): Promise<MeetingTypeView[]> {
  const existing = await manager.getRepository(MeetingType).findOneBy({ code: input.code });
  const after = {
    code: input.code,
    name: input.name,
    sortOrder: input.sortOrder ?? existing?.sortOrder ?? 100,
    active: input.active ?? existing?.active ?? true,
  };
  await manager.getRepository(MeetingType).save({ ...after, updatedBy: actorId });
  await audit(manager, {
    actor: actorId,
    action: 'meeting.type.saved',
    subjectType: 'meeting_type',
    subjectId: input.code,
    before: existing
      ? { code: existing.code, name: existing.name, sortOrder: existing.sortOrder, active: existing.active }
      : null,
    after,
  });
  return meetingTypes(manager);
}
