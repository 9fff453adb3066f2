/**
 * Who may keep the office's registers and ledgers, and the checks their fields share: text, a year, an amount in
 * 万元 (a date is timelimits/plausible.ts's `checkPastCivilDate`).
 */
import type { Role } from '../../entities';
import { formatISODate, shanghaiDayNumber } from '../calendar';
import { invalid, text as optionalText, RECORDER_ROLES } from '../duty/petition-access';
import { FIRST_PLAUSIBLE_YEAR } from '../timelimits/plausible';

export { holds, invalid, requireRoles } from '../duty/petition-access';

/**
 * The office's own sections keep the registers, as they keep the 信访接待登记 (duty/petition-access.ts): 督查室 and
 * 会务 (秘书科). 工作人员 (`staff`) is a role of every unit's people, not of the office, so it does not write here.
 * Administrators hold every role.
 */
export const EDITOR_ROLES: readonly Role[] = RECORDER_ROLES;
/** Those who keep the registers, and the district leaders, read them and their figures. */
export const READER_ROLES: readonly Role[] = [...EDITOR_ROLES, 'leader'];

/** Text trimmed, required, within `max` characters. */
export const text = (value: unknown, what: string, max: number): string => optionalText(value, what, max, true);

/** The Shanghai date of `now`. */
export const todayOf = (now: Date) => formatISODate(shanghaiDayNumber(now));

/** A year of the registers: 2000 … this year (Shanghai). */
export function pastYear(value: unknown, now: Date, what = '年度'): number {
  const year = Number(value);
  const thisYear = Number(todayOf(now).slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_PLAUSIBLE_YEAR || year > thisYear) {
    throw invalid('invalid_year', `${what}应为${FIRST_PLAUSIBLE_YEAR}年至${thisYear}年之间的年份`);
  }
  return year;
}

/** At most 1,000,000 万元 (100 亿元) in one entry. */
const AMOUNT_MAX_CENTI_WAN = 100_000_000;

/**
 * An amount in 万元 with at most two decimals, as a string ("12.5") or a number, read exactly into 0.01 万元 (the
 * stored integer): never through a float sum.
 */
export function amountCentiWan(value: unknown, what = '金额'): number {
  const raw =
    typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : '';
  const trimmed = raw.trim();
  if (!trimmed) throw invalid('invalid_amount', `请填写${what}（万元）`);
  if (/^-/.test(trimmed)) throw invalid('negative_amount', `${what}不能为负数`);
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (!match) throw invalid('invalid_amount', `${what}应为以万元计、最多两位小数的数字`);
  const centi = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (centi === 0) throw invalid('invalid_amount', `${what}应大于0`);
  if (centi > AMOUNT_MAX_CENTI_WAN) throw invalid('invalid_amount', `${what}不得超过${AMOUNT_MAX_CENTI_WAN / 100}万元`);
  return centi;
}

/** 1234 → "12.34" (万元), exactly. */
export const wanOf = (centi: number) => `${Math.trunc(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;

/** One of `values`, or refused with `message`. */
export function oneOf<T extends string>(value: unknown, values: readonly T[], message: string): T {
  if (typeof value !== 'string' || !values.includes(value as T)) throw invalid('invalid_input', message);
  return value as T;
}

/** A year's first and last days. */
export const yearBounds = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });
