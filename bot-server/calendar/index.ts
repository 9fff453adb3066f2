/**
 * The working-day calendar: pure, constant time per query, official data shipped as a file, administrator
 * overrides per scope, never dependent on the host time zone. See README.md and time-limits.md §C.
 */
import type { ISODate } from './civil-date';
import { WorkCalendar, type WorkdayResult } from './WorkCalendar';

export { CalendarRegistry, type CalendarRegistryOptions } from './CalendarRegistry';
export {
  type DayNumber,
  formatISODate,
  formatShanghaiInstant,
  type ISODate,
  isoWeekday,
  parseInstant,
  parseISODate,
  shanghaiDayNumber,
  shanghaiInstant,
  toDayNumber,
} from './civil-date';
export { type CalendarWarning, type CalendarWarningSink, CoverageWarnings, type YearRange } from './coverage-warnings';
export { CalendarError, type CalendarErrorCode } from './errors';
export {
  type HolidayData,
  type HolidaySource,
  type HolidayYear,
  type ResolvedHolidayData,
  resolveHolidayData,
  shippedHolidayData,
} from './holiday-data';
export { type CalendarOverride, OFFICE_SCOPE, scopeChain } from './overrides';
export { type CalendarChange, isAffectedByChange, type RecomputeCandidate } from './recompute';
export {
  type DayInfo,
  type DayReason,
  DEFAULT_RANGE,
  type QueryOptions,
  WorkCalendar,
  type WorkCalendarOptions,
  type WorkdayResult,
} from './WorkCalendar';

let officialCalendar: WorkCalendar | undefined;

/** The calendar of the shipped official data alone (no overrides), built on first use. */
export function defaultCalendar(): WorkCalendar {
  officialCalendar ??= new WorkCalendar();
  return officialCalendar;
}

export function isWorkday(date: ISODate | Date, calendar: WorkCalendar = defaultCalendar()): boolean {
  return calendar.isWorkday(date);
}

export function addWorkdays(
  date: ISODate | Date,
  n: number,
  calendar: WorkCalendar = defaultCalendar(),
): WorkdayResult {
  return calendar.addWorkdays(date, n);
}

export function workdaysBetween(
  from: ISODate | Date,
  to: ISODate | Date,
  calendar: WorkCalendar = defaultCalendar(),
): number {
  return calendar.workdaysBetween(from, to);
}
