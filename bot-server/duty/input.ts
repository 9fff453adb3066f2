import { type EntityManager, In } from 'typeorm';
import { DUTY_SHIFT_KINDS, type DutyShiftKind, User } from '../../entities';
import { type DayNumber, formatISODate, parseISODate } from '../calendar';
import { civilDateOf, dayNumberOf, daysInMonth } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import { checkPeriod } from '../timelimits';

const invalid = (code: string, message: string) => new DomainError('invalid', code, message);

/** The longest period generated at once: two months (a month, or a holiday period across a month's end). */
export const MAX_PERIOD_DAYS = 62;
/** At most this many 值班人员 on one shift. */
export const MAX_STAFF_PER_SHIFT = 10;

/** A period of Shanghai days, both ends included. */
export interface Period {
  first: DayNumber;
  last: DayNumber;
}

/** `2026-10` → its days; refused when malformed or outside 2000 … the end of next year. */
export function monthPeriod(month: unknown, now: Date): Period {
  const match = typeof month === 'string' ? /^(\d{4})-(\d{2})$/.exec(month) : null;
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12) {
    throw invalid('invalid_month', `月份“${String(month ?? '')}”格式有误，应为 YYYY-MM，例如 2026-10`);
  }
  const year = Number(match[1]);
  return checkedPeriod(dayNumberOf(year, m, 1), dayNumberOf(year, m, daysInMonth(year, m)), now);
}

/** `from`–`to` (YYYY-MM-DD), at most MAX_PERIOD_DAYS days. */
export function datePeriod(from: string, to: string, now: Date): Period {
  const period = checkedPeriod(parseISODate(from), parseISODate(to), now);
  if (period.last - period.first + 1 > MAX_PERIOD_DAYS) {
    throw invalid('period_too_long', `一次最多排${MAX_PERIOD_DAYS}天的值班，请分段生成`);
  }
  return period;
}

/** One day of the roster, refused outside the calendar's plausible range. */
export function rosterDay(date: unknown, now: Date): DayNumber {
  if (typeof date !== 'string') throw invalid('invalid_date', '请填写值班日期');
  const day = parseISODate(date);
  checkedPeriod(day, day, now);
  return day;
}

function checkedPeriod(first: DayNumber, last: DayNumber, now: Date): Period {
  checkPeriod(formatISODate(first), formatISODate(last), now, '值班日期');
  return { first, last };
}

export function shiftKind(kind: unknown): DutyShiftKind {
  if (!DUTY_SHIFT_KINDS.includes(kind as DutyShiftKind))
    throw invalid('invalid_kind', '班次应为白班（day）或夜班（night）');
  return kind as DutyShiftKind;
}

/** The month `YYYY-MM` a day falls in. */
export function monthOf(day: DayNumber): string {
  const { year, month } = civilDateOf(day);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * Active users, by id, each named once: refused (with the first bad id and what it was for) when one is unknown,
 * inactive, or named twice.
 */
export async function activeUsers(manager: EntityManager, ids: readonly string[], what: string): Promise<string[]> {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw invalid('duplicate_user', `${what}中“${id}”重复`);
    seen.add(id);
  }
  if (ids.length === 0) return [];
  const found = await manager.getRepository(User).findBy({ id: In([...ids]) });
  for (const id of ids) {
    const user = found.find((u) => u.id === id);
    if (!user) throw invalid('unknown_user', `${what}中的用户“${id}”不存在`);
    if (!user.active) throw invalid('inactive_user', `${what}中的${user.name}已停用，不能安排值班`);
  }
  return [...ids];
}
