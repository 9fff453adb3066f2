import { formatISODate } from '../calendar';
import { civilDateOf, dayNumberOf } from '../calendar/civil-date';
import { checkPeriod } from '../timelimits';
import { SupervisionError } from './errors';

/** Months as `YYYY-MM` strings of the Asia/Shanghai calendar (reporting periods, bulletins). */

/** `2026-03` for the Shanghai month of a day number. */
export function monthOfDay(day: number): string {
  const { year, month } = civilDateOf(day);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The first day (day number) of a `YYYY-MM` month; throws on a malformed month. */
export function firstDayOfMonth(month: string): number {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12) {
    throw new SupervisionError('invalid_input', `月份“${month}”格式有误，应为 YYYY-MM`);
  }
  return dayNumberOf(Number(match[1]), m, 1);
}

/** The month after a `YYYY-MM` month. */
export function nextMonth(month: string): string {
  const first = firstDayOfMonth(month);
  const { year, month: m } = civilDateOf(first);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  return monthOfDay(firstDayOfMonth(month) - 1);
}

/** A month asked for (a bulletin): well formed, and inside the plausible periods seen from `now` (TimeLimitError). */
export function checkMonth(month: string, now: Date, what = '月份'): string {
  const first = firstDayOfMonth(month);
  const { year, month: m } = civilDateOf(first);
  const last = (m === 12 ? dayNumberOf(year + 1, 1, 1) : dayNumberOf(year, m + 1, 1)) - 1;
  checkPeriod(formatISODate(first), formatISODate(last), now, what);
  return month;
}
