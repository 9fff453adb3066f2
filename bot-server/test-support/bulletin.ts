import type { BulletinMatter, UnitRow } from '../supervision/bulletin';

/** A Shanghai wall time, `2026-03-02T10:00`. */
export const shanghaiTime = (text: string) => new Date(`${text}+08:00`);

/** The end (24:00 Shanghai) of a due date, as deadlines store it. */
export const dueEnd = (date: string) => new Date(shanghaiTime(`${date}T00:00:00`).getTime() + 86_400_000);

/** A 2026 leader's instruction for a bulletin, led by unit 31 and assigned 2026-03-02 unless `partial` says else. */
export function bulletinMatter(id: number, partial: Partial<BulletinMatter> = {}): BulletinMatter {
  return {
    id,
    number: `督〔2026〕${id}号`,
    title: `事项${id}`,
    source: 'leader_instruction',
    year: 2026,
    leadDepartmentId: '31',
    responsibleName: null,
    assignedAt: shanghaiTime('2026-03-02T10:00'),
    completedAt: null,
    originalDueAt: null,
    outcomeClass: null,
    metDeputy: null,
    satisfaction: null,
    ...partial,
  };
}

/** A unit's counts in the order of the bulletin's table. */
export const unitCounts = (u: UnitRow) => [
  u.carriedOver,
  u.newlyAssigned,
  u.dueThisMonth,
  u.completedOnTime,
  u.completedLate,
  u.overdueOpen,
  u.extended,
  u.urged,
];
