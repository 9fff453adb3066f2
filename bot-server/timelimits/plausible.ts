import { formatISODate, type ISODate, parseISODate, shanghaiDayNumber } from '../calendar';
import { tryParseISODate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import { chineseDate } from './due';
import { TimeLimitError } from './errors';

/**
 * What an office can plausibly mean by a date it types in. A date outside these bounds is refused on input, in the
 * service (so every route, import and command shares one rule), with a Chinese message naming the range:
 * - a due date or a planned day (a deadline, a meeting, a report period) lies between the first year the calendar
 *   covers and a few years from today;
 * - a record of something that happened (received, assigned on paper) lies between that first year and today;
 * - a period asked for (reports, notices, bulletins) starts no earlier than that first year and ends no later than
 *   the end of next year, and spans at most ten years.
 */
export const FIRST_PLAUSIBLE_YEAR = 2000;
export const FUTURE_YEARS = 5;
export const MAX_PERIOD_YEARS = 10;

const firstDay = () => parseISODate(`${FIRST_PLAUSIBLE_YEAR}-01-01`);
const yearOfDay = (day: number) => Number(formatISODate(day).slice(0, 4));
const refuse = (what: string, date: string, from: number, to: number) =>
  new TimeLimitError(
    'implausible_date',
    `${what} ${date} is outside ${formatISODate(from)}–${formatISODate(to)}`,
    `${what}应在${chineseDate(formatISODate(from))}至${chineseDate(formatISODate(to))}之间`,
  );

/** The latest day a due date or a planned day may fall on, seen from `now`. */
export function latestPlannedDay(now: Date): number {
  const today = shanghaiDayNumber(now);
  return parseISODate(`${yearOfDay(today) + FUTURE_YEARS}-12-31`);
}

/** A due date or a planned day (YYYY-MM-DD), refused outside 2000 … the end of the fifth year from now. */
export function checkPlannedDate(date: ISODate, now: Date, what = '日期'): ISODate {
  const day = parseISODate(date);
  const last = latestPlannedDay(now);
  if (day < firstDay() || day > last) throw refuse(what, date, firstDay(), last);
  return date;
}

/** An instant something happened (a receipt, a paper assignment), refused before 2000 or after today. */
export function checkPastInstant(instant: Date, now: Date, what = '时间'): Date {
  const day = shanghaiDayNumber(instant);
  const today = shanghaiDayNumber(now);
  if (!(day >= firstDay() && day <= today)) {
    throw refuse(what, Number.isFinite(day) ? formatISODate(day) : String(instant), firstDay(), today);
  }
  return instant;
}

/**
 * A civil date something was done on, as typed into a register (a report finished, an honour received): a real
 * `YYYY-MM-DD`, not after today in Shanghai, not before 2000. Refused with a message naming the field.
 */
export function checkPastCivilDate(value: unknown, now: Date, what: string): ISODate {
  const raw = typeof value === 'string' ? value.trim() : '';
  if (!raw) throw new DomainError('invalid', 'invalid_input', `请填写${what}`);
  const day = tryParseISODate(raw);
  if (Number.isNaN(day)) {
    throw new DomainError('invalid', 'invalid_date', `${what}无效：应为真实存在的日期，格式 YYYY-MM-DD`);
  }
  if (day > shanghaiDayNumber(now)) throw new DomainError('invalid', 'future_date', `${what}不能晚于今天`);
  if (day < firstDay()) throw refuse(what, raw, firstDay(), shanghaiDayNumber(now));
  return formatISODate(day);
}

/** A period asked for (inclusive days), refused when reversed, too long, or outside 2000 … the end of next year. */
export function checkPeriod(from: ISODate, to: ISODate, now: Date, what = '统计期间'): { from: ISODate; to: ISODate } {
  const a = parseISODate(from);
  const b = parseISODate(to);
  const last = parseISODate(`${yearOfDay(shanghaiDayNumber(now)) + 1}-12-31`);
  if (a < firstDay() || b > last) throw refuse(what, `${from}—${to}`, firstDay(), last);
  if (a > b)
    throw new TimeLimitError('implausible_date', `${what} ends before it starts`, `${what}的结束日期早于开始日期`);
  if (yearOfDay(b) - yearOfDay(a) >= MAX_PERIOD_YEARS) {
    throw new TimeLimitError(
      'implausible_date',
      `${what} spans more than ${MAX_PERIOD_YEARS} years`,
      `${what}不能超过${MAX_PERIOD_YEARS}年`,
    );
  }
  return { from, to };
}
