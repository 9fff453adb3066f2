import { Between, type EntityManager } from 'typeorm';
import { DutyShift, DutyShiftMember } from '../../entities';
import { audit } from '../audit/audit';
import { formatISODate, type WorkCalendar } from '../calendar';
import { dayNumberOf, daysInMonth } from '../calendar/civil-date';
import { DUTY_PATTERN, SHIFT_LABELS, shiftInstants } from '../duty/pattern';
import { rotate } from '../duty/rotation';

/** Rows per INSERT: well under SQLite's and MariaDB's limits on parameters. */
const CHUNK = 200;

export interface DemoMonth {
  year: number;
  month: number;
}

/**
 * The past months of the demo roster, each generated as `generateRoster` generates a month on an empty roster — the
 * fair rotation of the same lists, the last shift of the month before as its neighbour, one `duty.roster.generated`
 * row a month — but written in a few bulk inserts, so that a year of roster does not slow the demo's start.
 */
export async function seedPastRoster(
  manager: EntityManager,
  calendar: WorkCalendar,
  months: readonly DemoMonth[],
  leaders: readonly string[],
  staff: readonly string[],
): Promise<void> {
  const shifts: Omit<DutyShift, 'id' | 'createdAt' | 'updatedAt'>[] = [];
  const members: { date: string; kind: string; staff: string[] }[] = [];
  let before: string[] = [];
  for (const { year, month } of months) {
    const planned: { date: string; day: number; kind: DutyShift['kind'] }[] = [];
    for (let day = dayNumberOf(year, month, 1); day <= dayNumberOf(year, month, daysInMonth(year, month)); day++) {
      for (const { kind } of DUTY_PATTERN) planned.push({ date: formatISODate(day), day, kind });
    }
    const slots = planned.map((p) => ({
      name: `${p.date} ${SHIFT_LABELS[p.kind]}`,
      special: !calendar.isWorkday(p.date),
    }));
    const assignments = rotate({ slots, leaders, staff, staffPerShift: 1, before });
    const created = planned.map((p, i) => ({ date: p.date, kind: p.kind, ...assignments[i] }) as const);
    for (const [i, p] of planned.entries()) {
      const a = assignments[i] as (typeof assignments)[number];
      shifts.push({
        date: p.date,
        kind: p.kind,
        ...shiftInstants(p.day, p.kind),
        leaderUserId: a.leader,
        manual: false,
        updatedBy: 'demo',
      });
      members.push({ date: p.date, kind: p.kind, staff: a.staff });
    }
    const last = assignments[assignments.length - 1];
    before = last ? [last.leader, ...last.staff] : [];
    const from = planned[0]?.date as string;
    const to = planned[planned.length - 1]?.date as string;
    await audit(manager, {
      actor: 'demo',
      action: 'duty.roster.generated',
      subjectType: 'duty_roster',
      subjectId: `${from}..${to}`,
      before: { shifts: [] },
      after: { leaders: [...leaders], staff: [...staff], staffPerShift: 1, overwrite: false, kept: 0, shifts: created },
    });
  }
  for (let i = 0; i < shifts.length; i += CHUNK) await manager.insert(DutyShift, shifts.slice(i, i + CHUNK));
  const first = shifts[0]?.date;
  const last = shifts[shifts.length - 1]?.date;
  if (!first || !last) return;
  const rows = await manager.getRepository(DutyShift).findBy({ date: Between(first, last) });
  const idOf = new Map(rows.map((r) => [`${r.date}|${r.kind}`, r.id]));
  const memberRows = members.flatMap((m) =>
    m.staff.map((userId, position) => ({ shiftId: idOf.get(`${m.date}|${m.kind}`) as number, userId, position })),
  );
  for (let i = 0; i < memberRows.length; i += CHUNK) {
    await manager.insert(DutyShiftMember, memberRows.slice(i, i + CHUNK));
  }
}
