import type { Deadline } from '../../entities';
import { CalendarError } from '../calendar';
import type { WorkCalendar } from '../calendar/WorkCalendar';
import { countWorkdays } from '../timelimits';
import { estimateOf } from './estimate';

/**
 * Where an open deadline stands at `now`, as every answer of the API states it: its last civil day, its instant,
 * and the working days left (0 = due today) or overdue, counted by `countWorkdays` at the moment it is asked for.
 */
export interface Timing {
  dueDate: string;
  dueAt: string;
  overdue: boolean;
  remainingWorkdays: number | null;
  overdueWorkdays: number | null;
  /**
   * Present (true) when the due date lies outside the working-day calendar (a row stored before dates were checked
   * on input): the date is shown without a count of working days, and the row never breaks the answer it is in.
   */
  outsideCalendar?: true;
  /** Present (true) while the deadline rests on a year without the State Council's notice (estimate.ts). */
  estimated?: true;
}

/** The calendars of the deadlines' scopes (the deadline service, or the planner's source). */
export interface CalendarsByScope {
  calendar(scope?: string): WorkCalendar;
}

/** The working days a calendar counts, or null when a date lies outside it (a bad stored row). */
function countOrNull<T>(count: () => T): T | null {
  try {
    return count();
  } catch (err) {
    if (err instanceof CalendarError) return null;
    throw err;
  }
}

export function timingOf(
  calendars: CalendarsByScope,
  row: Pick<Deadline, 'dueDate' | 'dueAt' | 'calendarScope' | 'approximate' | 'status'>,
  now: Date,
): Timing {
  const calendar = calendars.calendar(row.calendarScope);
  const count = countOrNull(() => countWorkdays(row, calendar, now));
  const overdue = count?.overdue ?? now.getTime() >= row.dueAt.getTime();
  return {
    dueDate: row.dueDate,
    dueAt: row.dueAt.toISOString(),
    overdue,
    remainingWorkdays: count?.workdaysLeft ?? null,
    overdueWorkdays: count?.workdaysOverdue ?? null,
    ...(count === null ? { outsideCalendar: true as const } : {}),
    ...estimateOf(row),
  };
}
