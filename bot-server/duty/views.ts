import { type EntityManager, In } from 'typeorm';
import { DutyHandover, DutyShift, type DutyShiftKind, DutyShiftMember, User } from '../../entities';
import { type DayInfo, formatShanghaiInstant } from '../calendar';
import { DomainError } from '../errors/domain-error';
import { SHIFT_LABELS, shiftOrder } from './pattern';

export interface PersonView {
  id: string;
  name: string;
  title: string | null;
}

export interface ShiftView {
  id: number;
  date: string;
  kind: DutyShiftKind;
  label: string;
  /** Shanghai wall time, e.g. 2026-10-01T17:30:00+08:00 (a 夜班 ends on the next day). */
  startsAt: string;
  endsAt: string;
  leader: PersonView;
  staff: PersonView[];
  /** Edited by hand: kept when the roster is generated again, unless overwriting. */
  manual: boolean;
}

/** How the working-day calendar marks a day of the roster. */
export type DayStatus = 'workday' | 'weekend' | 'holiday' | 'makeup';

export interface RosterDay {
  date: string;
  weekday: number;
  /** 周三, 国庆节, 调休上班 国庆节, 调整休息 … (the calendar's label). */
  label: string;
  status: DayStatus;
  /** A day off (weekend or holiday): its shifts are spread evenly apart from the others. */
  dayOff: boolean;
  /** The year has no official notice yet: the holidays shown are the statutory ones by rule (预计). */
  approximate: boolean;
  today: boolean;
  shifts: ShiftView[];
}

export interface HandoverView {
  id: number;
  author: PersonView;
  text: string;
  at: string;
}

export function dayStatus(day: DayInfo): DayStatus {
  const { reason } = day;
  if (reason.kind === 'holiday') return 'holiday';
  if (reason.kind === 'makeup') return 'makeup';
  if (reason.kind === 'override') return reason.workday ? (day.weekday >= 6 ? 'makeup' : 'workday') : 'holiday';
  return day.workday ? 'workday' : 'weekend';
}

/** The people named, by id (inactive ones too: a past shift still shows who held it). */
export async function peopleById(manager: EntityManager, ids: Iterable<string>): Promise<Map<string, PersonView>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const users = await manager.getRepository(User).findBy({ id: In(wanted) });
  return new Map(users.map((u) => [u.id, { id: u.id, name: u.name, title: u.title }]));
}

/** Names of users by id, for views and messages. */
export async function userNames(manager: EntityManager, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const users = wanted.length
    ? await manager.getRepository(User).find({ select: { id: true, name: true }, where: { id: In(wanted) } })
    : [];
  return new Map(users.map((u) => [u.id, u.name]));
}

const personOf = (people: Map<string, PersonView>, id: string): PersonView =>
  people.get(id) ?? { id, name: id, title: null };

/** The shifts with their people, in time order. */
export async function shiftViews(manager: EntityManager, shifts: DutyShift[]): Promise<ShiftView[]> {
  if (shifts.length === 0) return [];
  const members = await manager
    .getRepository(DutyShiftMember)
    .find({ where: { shiftId: In(shifts.map((s) => s.id)) }, order: { shiftId: 'ASC', position: 'ASC' } });
  const people = await peopleById(manager, [...shifts.map((s) => s.leaderUserId), ...members.map((m) => m.userId)]);
  return [...shifts]
    .sort((a, b) => a.date.localeCompare(b.date) || shiftOrder(a.kind) - shiftOrder(b.kind))
    .map((s) => ({
      id: s.id,
      date: s.date,
      kind: s.kind,
      label: SHIFT_LABELS[s.kind],
      startsAt: formatShanghaiInstant(s.startsAt),
      endsAt: formatShanghaiInstant(s.endsAt),
      leader: personOf(people, s.leaderUserId),
      staff: members.filter((m) => m.shiftId === s.id).map((m) => personOf(people, m.userId)),
      manual: s.manual,
    }));
}

export async function shiftById(manager: EntityManager, id: number): Promise<DutyShift> {
  const shift = Number.isSafeInteger(id) ? await manager.getRepository(DutyShift).findOneBy({ id }) : null;
  if (!shift) throw new DomainError('not_found', 'unknown_shift', '没有这个值班班次');
  return shift;
}

export async function handoverViews(manager: EntityManager, shiftId: number): Promise<HandoverView[]> {
  const rows = await manager.getRepository(DutyHandover).find({ where: { shiftId }, order: { at: 'ASC', id: 'ASC' } });
  const people = await peopleById(
    manager,
    rows.map((r) => r.authorUserId),
  );
  return rows.map((r) => ({
    id: r.id,
    author: personOf(people, r.authorUserId),
    text: r.text,
    at: formatShanghaiInstant(r.at),
  }));
}

/** The user ids of a shift: its leader, then its staff in order. */
export async function peopleOfShift(manager: EntityManager, shift: DutyShift): Promise<string[]> {
  const members = await manager
    .getRepository(DutyShiftMember)
    .find({ where: { shiftId: shift.id }, order: { position: 'ASC' } });
  return [shift.leaderUserId, ...members.map((m) => m.userId)];
}
