import type { EntityManager } from 'typeorm';
import { MEETING_TYPES, MeetingType } from '../../entities';

export interface MeetingTypeView {
  code: string;
  name: string;
  sortOrder: number;
  active: boolean;
  /** Shipped with Duban (renamable, retirable) rather than added by the office. */
  builtIn: boolean;
}

/** The shipped types, named as the office's summary names them (区政府常务会议、区政府党组会议、协调调度会议). */
export const BUILT_IN_TYPES: Record<(typeof MEETING_TYPES)[number], string> = {
  executive: '区政府常务会议',
  party_group: '区政府党组会议',
  coordination: '专题协调会',
  scheduling: '调度会',
  other: '其他会议',
};

/** The office's meeting types: the shipped ones, as renamed or retired in `meeting_type`, then the office's own. */
export async function meetingTypes(manager: EntityManager): Promise<MeetingTypeView[]> {
  const rows = new Map((await manager.getRepository(MeetingType).find()).map((row) => [row.code, row]));
  const types: MeetingTypeView[] = MEETING_TYPES.map((code, index) => {
    const row = rows.get(code);
    rows.delete(code);
    return {
      code,
      name: row?.name ?? BUILT_IN_TYPES[code],
      sortOrder: row?.sortOrder ?? (index + 1) * 10,
      active: row?.active ?? true,
      builtIn: true,
    };
  });
  for (const row of rows.values()) {
    types.push({ code: row.code, name: row.name, sortOrder: row.sortOrder, active: row.active, builtIn: false });
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
  await manager.getRepository(MeetingType).save({
    code: input.code,
    name: input.name,
    sortOrder: input.sortOrder ?? existing?.sortOrder ?? 100,
    active: input.active ?? existing?.active ?? true,
    updatedBy: actorId,
  });
  return meetingTypes(manager);
}
