/**
 * Who may keep the office's registers and ledgers, and the checks every one of their fields shares: text, a civil
 * date something happened on, a year, an amount in 万元.
 */
import type { Role } from '../../entities';
import { formatISODate, parseISODate, shanghaiDayNumber } from '../calendar';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { FIRST_PLAUSIBLE_YEAR } from '../timelimits/plausible';

/**
 * The office's own sections keep the registers, as they keep the 信访接待登记 (duty/petition-access.ts): 督查室 and
 * 会务 (秘书科). 工作人员 (`staff`) is a role of every unit's people, not of the office, so it does not write here.
 * Administrators hold every role.
 */
export const EDITOR_ROLES: readonly Role[] = ['supervision_office', 'meeting_office'];
/** Those who keep the registers, and the district leaders, read them and their figures. */
export const READER_ROLES: readonly Role[] = [...EDITOR_ROLES, 'leader'];

export const holds = (actor: Actor, roles: readonly Role[]) =>
  actor.roles.some((r) => r.role === 'admin' || roles.includes(r.role));

export function requireRoles(actor: Actor, roles: readonly Role[], message: string): void {
  if (!holds(actor, roles)) throw new DomainError('forbidden', 'forbidden', message);
}

export const invalid = (code: string, message: string) => new DomainError('invalid', code, message);

/** Text trimmed, required, within `max` characters. */
export function text(value: unknown, what: string, max: number): string {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw invalid('invalid_input', `${what}格式有误`);
  }
  const trimmed = (value ?? '').trim();
  if (!trimmed) throw invalid('invalid_input', `请填写${what}`);
  if (trimmed.length > max) throw invalid('invalid_input', `${what}不得超过${max}字`);
  return trimmed;
}

/** The Shanghai date of `now`. */
export const todayOf = (now: Date) => formatISODate(shanghaiDayNumber(now));

/** A civil date something happened on: a real `YYYY-MM-DD`, not before 2000, not after today (Shanghai). */
export function pastDate(value: unknown, now: Date, what: string): string {
  const raw = typeof value === 'string' ? value.trim() : '';
  let day: number;
  try {
    day = parseISODate(raw);
  } catch {
    throw invalid('invalid_date', `${what}无效：应为真实存在的日期，格式 YYYY-MM-DD`);
  }
  const date = formatISODate(day);
  if (date > todayOf(now)) throw invalid('future_date', `${what}不能晚于今天`);
  if (date < `${FIRST_PLAUSIBLE_YEAR}-01-01`) throw invalid('invalid_date', `${what}不能早于${FIRST_PLAUSIBLE_YEAR}年`);
  return date;
}

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
