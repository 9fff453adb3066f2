/**
 * Quiet hours: a reminder that is not urgent goes out on a working day (of the deadline's calendar) within office
 * hours, Asia/Shanghai, never by the host time zone. `REMINDER_OFFICE_HOURS=08:30-18:00` sets the hours.
 */
import {
  type DayNumber,
  formatShanghaiInstant,
  shanghaiDayNumber,
  shanghaiInstant,
  type WorkCalendar,
} from '../calendar';

export interface OfficeHours {
  /** Minutes after Shanghai midnight when messages may start going out. */
  openMinutes: number;
  /** Minutes after Shanghai midnight from when they wait for the next working day (exclusive). */
  closeMinutes: number;
}

export const DEFAULT_OFFICE_HOURS_TEXT = '08:30-18:00';

const PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

/** Parses `HH:mm-HH:mm` (opening before closing, closing at most 24:00); throws a RangeError otherwise. */
export function parseOfficeHours(text: string): OfficeHours {
  const match = PATTERN.exec(text.trim());
  if (!match) throw new RangeError(`office hours "${text}": expected HH:mm-HH:mm, e.g. 08:30-18:00`);
  const openMinutes = Number(match[1]) * 60 + Number(match[2]);
  const closeMinutes = Number(match[3]) * 60 + Number(match[4]);
  if (closeMinutes > 24 * 60 || openMinutes >= closeMinutes) {
    throw new RangeError(`office hours "${text}": the opening must come before the closing (at most 24:00)`);
  }
  return { openMinutes, closeMinutes };
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = parseOfficeHours(DEFAULT_OFFICE_HOURS_TEXT);

/** The opening instant of a Shanghai civil day. */
export function openingOf(day: DayNumber, hours: OfficeHours): Date {
  return shanghaiInstant(day, hours.openMinutes);
}

function minutesIntoShanghaiDay(instant: Date, day: DayNumber): number {
  return (instant.getTime() - shanghaiInstant(day, 0).getTime()) / 60_000;
}

/** Whether a message may go out at `instant`: a working day, within office hours. */
export function isWithinOfficeHours(instant: Date, calendar: WorkCalendar, hours: OfficeHours): boolean {
  const day = shanghaiDayNumber(instant);
  const minutes = minutesIntoShanghaiDay(instant, day);
  return calendar.isWorkdayNumber(day) && minutes >= hours.openMinutes && minutes < hours.closeMinutes;
}

/**
 * The first instant at or after `instant` when a message may go out: `instant` itself inside office hours of a
 * working day; the same day's opening before it; otherwise the opening of the next working day.
 */
export function nextOfficeInstant(instant: Date, calendar: WorkCalendar, hours: OfficeHours): Date {
  const day = shanghaiDayNumber(instant);
  const minutes = minutesIntoShanghaiDay(instant, day);
  if (calendar.isWorkdayNumber(day)) {
    if (minutes < hours.openMinutes) return openingOf(day, hours);
    if (minutes < hours.closeMinutes) return instant;
  }
  return openingOf(calendar.addWorkdaysToDay(day, 1), hours);
}

export function describeOfficeHours(hours: OfficeHours): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(hours.openMinutes)}-${hhmm(hours.closeMinutes)}`;
}

/** `2026-03-03 08:30` in Shanghai wall time, for logs and the command line. */
export function shanghaiMinute(instant: Date): string {
  return formatShanghaiInstant(instant).slice(0, 16).replace('T', ' ');
}
