/**
 * Who is already on duty at a time: the shifts whose stored instants overlap an interval, and the first of some
 * people found on one of them. Two shifts overlap when each starts before the other ends (a 白班 ending at 17:30 and
 * the 夜班 starting then do not). Used by the hand edit (roster.ts) and by 换班 (swaps.ts).
 */
import { type EntityManager, In, LessThan, MoreThan, Not } from 'typeorm';
import { DutyShift, DutyShiftMember } from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import { SHIFT_LABELS } from './pattern';
import { peopleById } from './views';

/** The shifts overlapping [startsAt, endsAt), but those of `except`. */
export async function shiftsOverlapping(
  manager: EntityManager,
  startsAt: Date,
  endsAt: Date,
  except: readonly number[] = [],
): Promise<DutyShift[]> {
  const db = manager.connection;
  return manager.getRepository(DutyShift).find({
    where: {
      startsAt: LessThan(sqlInstant(db, endsAt) as Date),
      endsAt: MoreThan(sqlInstant(db, startsAt) as Date),
      ...(except.length ? { id: Not(In([...except])) } : {}),
    },
    order: { startsAt: 'ASC' },
  });
}

/** The first of `userIds` already on a shift overlapping [startsAt, endsAt) (but those of `except`), with it. */
export async function busyOn(
  manager: EntityManager,
  userIds: readonly string[],
  startsAt: Date,
  endsAt: Date,
  except: readonly number[] = [],
): Promise<{ userId: string; shift: DutyShift } | null> {
  const shifts = await shiftsOverlapping(manager, startsAt, endsAt, except);
  if (shifts.length === 0 || userIds.length === 0) return null;
  const members = await manager
    .getRepository(DutyShiftMember)
    .findBy({ shiftId: In(shifts.map((s) => s.id)), userId: In([...userIds]) });
  for (const userId of userIds) {
    const shift = shifts.find(
      (s) => s.leaderUserId === userId || members.some((m) => m.shiftId === s.id && m.userId === userId),
    );
    if (shift) return { userId, shift };
  }
  return null;
}

/** 「王建国已安排在10月6日白班，与该班次时间重叠」: what a refusal says of someone already on duty then. */
export async function busyText(manager: EntityManager, busy: { userId: string; shift: DutyShift }): Promise<string> {
  const name = (await peopleById(manager, [busy.userId])).get(busy.userId)?.name ?? busy.userId;
  const [, m, d] = busy.shift.date.split('-').map(Number);
  return `${name}已安排在${m}月${d}日${SHIFT_LABELS[busy.shift.kind]}，与该班次时间重叠`;
}
