import { Between, type EntityManager, In, LessThan, MoreThan } from 'typeorm';
import { DutyShift, type DutyShiftKind, DutyShiftMember } from '../../entities';
import { audit } from '../audit/audit';
import { formatISODate, parseISODate, type WorkCalendar } from '../calendar';
import { DomainError } from '../errors/domain-error';
import { activeUsers, MAX_STAFF_PER_SHIFT, type Period } from './input';
import { DUTY_PATTERN, SHIFT_LABELS, shiftInstants, shiftOrder } from './pattern';
import { type Assignment, type RotationSlot, rotate } from './rotation';
import { peopleOfShift } from './views';

export interface GenerateRequest {
  period: Period;
  leaderUserIds: readonly string[];
  staffUserIds: readonly string[];
  /** 值班人员 per shift; 1 by default. */
  staffPerShift?: number;
  /** Replace the shifts edited by hand too (they are kept by default). */
  overwrite?: boolean;
}

export interface GenerateResult {
  from: string;
  to: string;
  created: number;
  replaced: number;
  kept: number;
}

const invalid = (code: string, message: string) => new DomainError('invalid', code, message);

/** The people asked for, checked: each an active user, each named once, nobody both a leader and staff. */
async function checkedPeople(manager: EntityManager, request: GenerateRequest) {
  const staffPerShift = request.staffPerShift ?? 1;
  if (!Number.isInteger(staffPerShift) || staffPerShift < 1 || staffPerShift > MAX_STAFF_PER_SHIFT) {
    throw invalid('invalid_staff_per_shift', `每班值班人员应为1至${MAX_STAFF_PER_SHIFT}人`);
  }
  const leaders = await activeUsers(manager, request.leaderUserIds, '带班领导');
  const staff = await activeUsers(manager, request.staffUserIds, '值班人员');
  const both = leaders.find((id) => staff.includes(id));
  if (both) throw invalid('leader_and_staff', `“${both}”不能同时列为带班领导和值班人员`);
  // Nobody works two shifts in a row: each list must fill two neighbouring shifts with different people.
  if (leaders.length < 2) throw invalid('not_enough_leaders', '带班领导至少需要2人，才能避免连续值班');
  if (staff.length < 2 * staffPerShift) {
    throw invalid('not_enough_staff', `每班${staffPerShift}名值班人员时，值班人员至少需要${2 * staffPerShift}人`);
  }
  return { leaders, staff, staffPerShift };
}

const slotKey = (date: string, kind: DutyShiftKind) => `${date}|${kind}`;

/**
 * Generates the fair rotation for a period (rotation.ts) in the caller's transaction: the shifts edited by hand are
 * kept (unless `overwrite`), every other shift of the period is replaced; the shifts just before and after the
 * period count as neighbours. One audit row names what was replaced and what was planned.
 */
export async function generateRoster(
  manager: EntityManager,
  calendar: WorkCalendar,
  actor: string,
  request: GenerateRequest,
): Promise<GenerateResult> {
  const { leaders, staff, staffPerShift } = await checkedPeople(manager, request);
  const from = formatISODate(request.period.first);
  const to = formatISODate(request.period.last);
  const repo = manager.getRepository(DutyShift);
  const existing = await repo.findBy({ date: Between(from, to) });
  const kept = new Map<string, DutyShift>();
  for (const shift of existing)
    if (shift.manual && !request.overwrite) kept.set(slotKey(shift.date, shift.kind), shift);

  const slots: RotationSlot[] = [];
  const planned: { date: string; day: number; kind: DutyShiftKind }[] = [];
  for (let day = request.period.first; day <= request.period.last; day++) {
    const date = formatISODate(day);
    const special = !calendar.isWorkday(date);
    for (const { kind } of DUTY_PATTERN) {
      const keep = kept.get(slotKey(date, kind));
      const fixed = keep ? await fixedOf(manager, keep) : undefined;
      slots.push({ name: `${date} ${SHIFT_LABELS[kind]}`, special, ...(fixed ? { fixed } : {}) });
      planned.push({ date, day, kind });
    }
  }
  const assignments = rotate({
    slots,
    leaders,
    staff,
    staffPerShift,
    before: await neighbour(manager, from, 'before'),
    after: await neighbour(manager, to, 'after'),
  });

  const replaced = existing.filter((s) => !kept.has(slotKey(s.date, s.kind)));
  const before = await Promise.all(
    replaced.map(async (s) => ({ ...shiftJson(s), people: await peopleOfShift(manager, s) })),
  );
  if (replaced.length) {
    const ids = replaced.map((s) => s.id);
    await manager.delete(DutyShiftMember, { shiftId: In(ids) });
    await repo.delete({ id: In(ids) });
  }
  const created: object[] = [];
  for (let i = 0; i < planned.length; i++) {
    const { date, day, kind } = planned[i] as (typeof planned)[number];
    if (kept.has(slotKey(date, kind))) continue;
    const a = assignments[i] as Assignment;
    await insertShift(manager, {
      date,
      kind,
      ...shiftInstants(day, kind),
      leader: a.leader,
      staff: a.staff,
      actor,
      manual: false,
    });
    created.push({ date, kind, leader: a.leader, staff: a.staff });
  }
  await audit(manager, {
    actor,
    action: 'duty.roster.generated',
    subjectType: 'duty_roster',
    subjectId: `${from}..${to}`,
    before: { shifts: before },
    after: { leaders, staff, staffPerShift, overwrite: request.overwrite ?? false, kept: kept.size, shifts: created },
  });
  return { from, to, created: created.length, replaced: replaced.length, kept: kept.size };
}

async function fixedOf(manager: EntityManager, shift: DutyShift) {
  const [leader, ...staff] = await peopleOfShift(manager, shift);
  return { leader: leader as string, staff };
}

/** The people of the last shift before `date`'s first shift, or of the first after `date`'s last. */
async function neighbour(manager: EntityManager, date: string, side: 'before' | 'after'): Promise<string[]> {
  const rows = await manager.getRepository(DutyShift).find({
    where: { date: side === 'before' ? LessThan(date) : MoreThan(date) },
    order: { date: side === 'before' ? 'DESC' : 'ASC' },
    take: DUTY_PATTERN.length,
  });
  const near = rows.filter((r) => r.date === rows[0]?.date).sort((a, b) => shiftOrder(a.kind) - shiftOrder(b.kind));
  const shift = side === 'before' ? near[near.length - 1] : near[0];
  // Only the shift right next to the period is a neighbour: a gap of unplanned shifts breaks the chain.
  const expected = side === 'before' ? DUTY_PATTERN[DUTY_PATTERN.length - 1]?.kind : DUTY_PATTERN[0]?.kind;
  if (!shift || shift.kind !== expected || !isAdjacentDate(shift.date, date)) return [];
  return peopleOfShift(manager, shift);
}

const isAdjacentDate = (a: string, b: string) => Math.abs(parseISODate(a) - parseISODate(b)) === 1;

export function shiftJson(shift: DutyShift) {
  return { id: shift.id, date: shift.date, kind: shift.kind, leader: shift.leaderUserId, manual: shift.manual };
}

export interface NewShift {
  date: string;
  kind: DutyShiftKind;
  startsAt: Date;
  endsAt: Date;
  leader: string;
  staff: readonly string[];
  actor: string;
  manual: boolean;
}

/** Inserts a shift and its 值班人员. */
export async function insertShift(manager: EntityManager, shift: NewShift): Promise<DutyShift> {
  const repo = manager.getRepository(DutyShift);
  await repo.insert({
    date: shift.date,
    kind: shift.kind,
    startsAt: shift.startsAt,
    endsAt: shift.endsAt,
    leaderUserId: shift.leader,
    manual: shift.manual,
    updatedBy: shift.actor,
  });
  const row = await repo.findOneByOrFail({ date: shift.date, kind: shift.kind });
  await setMembers(manager, row.id, shift.staff);
  return row;
}

export async function setMembers(manager: EntityManager, shiftId: number, staff: readonly string[]) {
  await manager.delete(DutyShiftMember, { shiftId });
  if (staff.length) {
    await manager.insert(
      DutyShiftMember,
      staff.map((userId, position) => ({ shiftId, userId, position })),
    );
  }
}
