import { CalendarError } from './errors';

/**
 * Civil dates as day numbers, and instants in Asia/Shanghai, computed by arithmetic alone.
 *
 * A day number counts days since 1970-01-01 (day 0). Nothing here reads the host time zone: no local
 * `Date` getters, no `new Date('YYYY-MM-DD')`. Asia/Shanghai has been a fixed UTC+8 without daylight
 * saving since 1991, so an instant's Shanghai date is floor((t + 8 h) / 1 day).
 */

/** A civil date, `YYYY-MM-DD`. */
export type ISODate = string;

/** A civil date as days since 1970-01-01. */
export type DayNumber = number;

export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;
export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const SHANGHAI_OFFSET_MS = SHANGHAI_OFFSET_MINUTES * MS_PER_MINUTE;

const CHAR_0 = 48;
const CHAR_DASH = 45;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Proleptic Gregorian date → day number (H. Hinnant's days_from_civil). */
export function dayNumberOf(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Day number → proleptic Gregorian date (H. Hinnant's civil_from_days). */
export function civilDateOf(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function yearOf(dayNumber: DayNumber): number {
  return civilDateOf(dayNumber).year;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: DayNumber): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(dayNumber: DayNumber): boolean {
  return isoWeekday(dayNumber) >= 6;
}

function digit(text: string, index: number): number {
  const value = text.charCodeAt(index) - CHAR_0;
  return value >= 0 && value <= 9 ? value : -1;
}

/**
 * Parses a strict `YYYY-MM-DD` (zero-padded, a real calendar day) into a day number, or returns NaN.
 * Hand-rolled instead of a regex because it sits on the hot path of every string query.
 */
export function tryParseISODate(text: string): DayNumber {
  if (typeof text !== 'string' || text.length !== 10) return Number.NaN;
  if (text.charCodeAt(4) !== CHAR_DASH || text.charCodeAt(7) !== CHAR_DASH) return Number.NaN;
  const y0 = digit(text, 0);
  const y1 = digit(text, 1);
  const y2 = digit(text, 2);
  const y3 = digit(text, 3);
  const m0 = digit(text, 5);
  const m1 = digit(text, 6);
  const d0 = digit(text, 8);
  const d1 = digit(text, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return Number.NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return dayNumberOf(year, month, day);
}

/** Parses a strict `YYYY-MM-DD`; throws `CalendarError('invalid_date')` otherwise. */
export function parseISODate(text: string): DayNumber {
  const dayNumber = tryParseISODate(text);
  if (Number.isNaN(dayNumber)) {
    throw new CalendarError(
      'invalid_date',
      `invalid date ${JSON.stringify(text)}: expected a real calendar day written YYYY-MM-DD, e.g. 2026-02-24`,
      `日期 ${JSON.stringify(text)} 无效：应为真实存在的日期，格式 YYYY-MM-DD，例如 2026-02-24`,
    );
  }
  return dayNumber;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

export function formatISODate(dayNumber: DayNumber): ISODate {
  const { year, month, day } = civilDateOf(dayNumber);
  const yearText = year >= 1000 ? `${year}` : `${year}`.padStart(4, '0');
  return `${yearText}-${pad2(month)}-${pad2(day)}`;
}

/** The civil date in Asia/Shanghai on which an instant falls. */
export function shanghaiDayNumber(instant: Date): DayNumber {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The instant at `minutes` past midnight of a Shanghai civil day (1440 = 24:00, the next midnight). */
export function shanghaiInstant(dayNumber: DayNumber, minutes = 0): Date {
  return new Date(dayNumber * MS_PER_DAY + minutes * MS_PER_MINUTE - SHANGHAI_OFFSET_MS);
}

/** `2026-02-24T17:30:00+08:00`: an instant written in Shanghai wall time. */
export function formatShanghaiInstant(instant: Date): string {
  const shifted = instant.getTime() + SHANGHAI_OFFSET_MS;
  const dayNumber = Math.floor(shifted / MS_PER_DAY);
  const msOfDay = shifted - dayNumber * MS_PER_DAY;
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor((msOfDay % 3_600_000) / MS_PER_MINUTE);
  const seconds = Math.floor((msOfDay % MS_PER_MINUTE) / 1000);
  return `${formatISODate(dayNumber)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}+08:00`;
}

/** Converts `ISODate | Date` to a Shanghai day number; throws `CalendarError('invalid_date')`. */
export function toDayNumber(date: ISODate | Date): DayNumber {
  if (date instanceof Date) {
    const time = date.getTime();
    if (Number.isNaN(time)) {
      throw new CalendarError(
        'invalid_date',
        'invalid date: the Date object is Invalid Date',
        '日期无效（Invalid Date）',
      );
    }
    return shanghaiDayNumber(date);
  }
  return parseISODate(date);
}

const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO-8601 instant such as `2026-02-13T17:00+08:00` or `2026-02-13T09:00:00Z`. Without an
 * offset the wall time is read as Asia/Shanghai (never the host zone); a bare date means its 00:00.
 */
export function parseInstant(text: string): Date {
  const match = INSTANT_PATTERN.exec(text);
  const invalid = () =>
    new CalendarError(
      'invalid_date',
      `invalid instant ${JSON.stringify(text)}: expected ISO-8601 such as 2026-02-13T17:00+08:00`,
      `时间 ${JSON.stringify(text)} 无效：应为 ISO-8601 格式，例如 2026-02-13T17:00+08:00`,
    );
  if (!match) throw invalid();
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, offsetText] = match;
  const dayNumber = tryParseISODate(`${yearText}-${monthText}-${dayText}`);
  const hours = Number(hourText ?? 0);
  const minutes = Number(minuteText ?? 0);
  const seconds = Number(secondText ?? 0);
  if (Number.isNaN(dayNumber) || hours > 23 || minutes > 59 || seconds > 59) throw invalid();
  const milliseconds = fractionText ? Number(fractionText.padEnd(3, '0')) : 0;
  let offsetMinutes = SHANGHAI_OFFSET_MINUTES;
  if (offsetText && offsetText !== 'Z') {
    const digits = offsetText.replace(':', '');
    const offsetHours = Number(digits.slice(1, 3));
    const offsetRest = Number(digits.slice(3, 5));
    if (offsetHours > 23 || offsetRest > 59) throw invalid();
    offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetRest);
  } else if (offsetText === 'Z') {
    offsetMinutes = 0;
  }
  const wallMs = dayNumber * MS_PER_DAY + ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
  return new Date(wallMs - offsetMinutes * MS_PER_MINUTE);
}
