import { civilDateOf, type DayNumber, dayNumberOf, daysInMonth } from '../calendar/civil-date';
import type { WorkCalendar } from '../calendar/WorkCalendar';
import type { LimitUnit } from './rule';

/** One piece of a period: the rule's own limit, then each extension granted. */
export interface PeriodTerm {
  amount: number;
  unit: LimitUnit;
}

/**
 * `months` calendar months after `day`, on the corresponding day of the month, or on the last day of the
 * month when it has no such day (31 January + 1 month → 28/29 February). 民法典第二百零二条: "按照年、月计算
 * 期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。" `dayOfMonth` replaces the
 * corresponding day for rules like "report by the 5th of the following month".
 */
export function addMonths(day: DayNumber, months: number, dayOfMonth?: number): DayNumber {
  const start = civilDateOf(day);
  const monthIndex = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return dayNumberOf(year, month, Math.min(dayOfMonth ?? start.day, daysInMonth(year, month)));
}

export interface PeriodOptions {
  rollForward: boolean;
  dayOfMonth?: number;
  strict?: boolean;
}

export interface PeriodEnd {
  lastDay: DayNumber;
  /** False when any working-day question fell outside the official data's coverage. */
  exact: boolean;
}

/** Adjacent terms in the same unit add up from the start, so that 3 + 3 months is exactly 6 months. */
function mergeTerms(terms: readonly PeriodTerm[]): PeriodTerm[] {
  const merged: PeriodTerm[] = [];
  for (const term of terms) {
    const last = merged[merged.length - 1];
    if (last && last.unit === term.unit) last.amount += term.amount;
    else merged.push({ ...term });
  }
  return merged;
}

/**
 * The last day of a period that starts after `anchor` (the anchor itself is not counted: 民法典第二百零一条)
 * and runs through `terms`. A working-day term ends on a working day; a day or month period whose last day
 * is not a working day moves to the next working day when `rollForward` is set (民法典第二百零三条; the
 * Supreme People's Court's 2014 notice: holidays in the middle of the period are not deducted).
 */
export function periodEnd(
  anchor: DayNumber,
  terms: readonly PeriodTerm[],
  calendar: WorkCalendar,
  options: PeriodOptions,
): PeriodEnd {
  let day = anchor;
  let exact = true;
  mergeTerms(terms).forEach((term, index) => {
    if (term.unit === 'workday') {
      const next = calendar.addWorkdaysToDay(day, term.amount, options.strict);
      exact &&= calendar.coversSpan(day, next);
      day = next;
    } else if (term.unit === 'day') {
      day += term.amount;
    } else {
      day = addMonths(day, term.amount, index === 0 ? options.dayOfMonth : undefined);
    }
  });
  if (options.rollForward && !calendar.isWorkdayNumber(day, options.strict)) {
    const next = calendar.addWorkdaysToDay(day, 0, options.strict);
    exact &&= calendar.coversSpan(day, next);
    day = next;
  } else if (options.rollForward) {
    exact &&= calendar.coversDay(day);
  }
  return { lastDay: day, exact };
}
