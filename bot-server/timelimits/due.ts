import {
  civilDateOf,
  formatISODate,
  type ISODate,
  parseISODate,
  shanghaiDayNumber,
  shanghaiInstant,
} from '../calendar/civil-date';
import type { WorkCalendar } from '../calendar/WorkCalendar';

/**
 * How every page, message, export and bulletin states a deadline: its last civil day in Asia/Shanghai (`dueDate`),
 * and the working days left or overdue counted from that day and the moment it is shown or sent. The due instant
 * (`dueAt`, 24:00 of the last day = the next midnight) is never shown as a date: that would read one day late.
 */

/** The last civil day a due instant closes: 24:00 belongs to the day it ends, 17:30 to its own day. */
export function dueDateOf(dueAt: Date): ISODate {
  return formatISODate(shanghaiDayNumber(new Date(dueAt.getTime() - 1)));
}

/** `2026年11月27日`: the one way a date is written for people (no leading zeros). */
export function chineseDate(date: ISODate): string {
  const { year, month, day } = civilDateOf(parseISODate(date));
  return `${year}年${month}月${day}日`;
}

/** `17:30` when a deadline ends before the end of its last day; null when it runs to 24:00. */
export function dueClockTime(dueDate: ISODate, dueAt: Date): string | null {
  const minutes = Math.round((dueAt.getTime() - shanghaiInstant(parseISODate(dueDate), 0).getTime()) / 60_000);
  if (minutes >= 24 * 60) return null;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface WorkdayCount {
  /** The due instant has passed. */
  overdue: boolean;
  /** Working days after today up to the due date; 0 when due today (or past the date but not yet the instant). */
  workdaysLeft: number | null;
  /** Working days after the due date up to today (0 on the rest of the due day or a day off just after it). */
  workdaysOverdue: number | null;
}

/**
 * Where a deadline stands at `now` on its scope's calendar: the one count behind every 「剩余N个工作日」 and
 * 「已逾期N个工作日」. Throws `CalendarError` for a date outside the calendar.
 */
export function countWorkdays(
  deadline: { dueDate: ISODate; dueAt: Date },
  calendar: WorkCalendar,
  now: Date,
): WorkdayCount {
  const today = shanghaiDayNumber(now);
  const dueDay = parseISODate(deadline.dueDate);
  if (now.getTime() >= deadline.dueAt.getTime()) {
    const late = today > dueDay ? calendar.workdaysBetweenDays(dueDay, today) : 0;
    return { overdue: true, workdaysLeft: null, workdaysOverdue: late };
  }
  const left = dueDay > today ? calendar.workdaysBetweenDays(today, dueDay) : 0;
  return { overdue: false, workdaysLeft: left, workdaysOverdue: null };
}
