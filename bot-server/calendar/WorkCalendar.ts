import {
  type DayNumber,
  dayNumberOf,
  formatISODate,
  type ISODate,
  isoWeekday,
  toDayNumber,
  yearOf,
} from './civil-date';
import { CoverageWarnings, type YearRange } from './coverage-warnings';
import { CalendarError } from './errors';
import { type ResolvedHolidayData, shippedHolidayData } from './holiday-data';
import { type CalendarOverride, normalizeOverrides, OFFICE_SCOPE, scopeChain } from './overrides';
import { statutoryDaysOff } from './statutory-holidays';
import { shortHash } from './version';

/** Years the lookup tables span by default: about 22,000 days, well under 200 KB. */
export const DEFAULT_RANGE: YearRange = { firstYear: 2000, lastYear: 2060 };

/** Why a day is, or is not, a working day. */
export type DayReason =
  | { kind: 'weekday' }
  | { kind: 'weekend' }
  | { kind: 'holiday'; holiday: string }
  /** 调休上班: a weekend day worked to make up for a holiday. */
  | { kind: 'makeup'; holiday: string }
  | { kind: 'override'; workday: boolean; reason: string; scope: string };

export interface DayInfo {
  date: ISODate;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  workday: boolean;
  reason: DayReason;
  /** Chinese label: 周三, 春节, 调休上班 春节, 调整休息 <reason>. */
  label: string;
  /**
   * True when the year has no official data: the answer is an estimate (statutory holidays by rule after the
   * data's last year, otherwise Monday–Friday), to be shown as 「预计」.
   */
  approximate: boolean;
}

export interface WorkdayResult {
  date: ISODate;
  /** True when the start, the result or a year between them has no official data. */
  approximate: boolean;
}

export interface QueryOptions {
  /** Throw `outside_coverage` instead of estimating. Defaults to the calendar's setting. */
  strict?: boolean;
}

export interface WorkCalendarOptions {
  holidays?: ResolvedHolidayData;
  /** Every override; those of this calendar's scope chain apply, the most specific last. */
  overrides?: readonly CalendarOverride[];
  scope?: string;
  range?: YearRange;
  strict?: boolean;
  /** Shared between calendars so that each uncovered year is reported once. */
  warnings?: CoverageWarnings;
}

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

function labelOf(reason: DayReason, weekday: number): string {
  switch (reason.kind) {
    case 'weekday':
    case 'weekend':
      return WEEKDAY_NAMES[weekday] ?? '';
    case 'holiday':
      return reason.holiday;
    case 'makeup':
      return `调休上班 ${reason.holiday}`;
    case 'override':
      return `${reason.workday ? '调整上班' : '调整休息'} ${reason.reason}`;
  }
}

/**
 * An immutable working-day calendar for one scope, answering every query in constant time.
 *
 * Built once from official data plus overrides (time-limits.md §4.3): `isWork[i]` marks working days,
 * `prefix[i]` counts working days before offset i and `select[k]` is the offset of the k-th working day,
 * so counting and stepping are two array reads. Resolution per day: the most specific override → the
 * official data → the statutory holidays by rule (years after the data) → Monday to Friday.
 *
 * `addWorkdays(a, n)`: n > 0 is the n-th working day strictly after a, n < 0 the |n|-th strictly before,
 * n = 0 is a itself when it is a working day, else the next one. `workdaysBetween(a, b)` counts the working
 * days met going from a to b, a excluded and b included: (a, b] forwards, [b, a) backwards, negative.
 * Hence `workdaysBetween(a, addWorkdays(a, n).date) === n` for every n ≠ 0 (and for n = 0 on a working day).
 */
export class WorkCalendar {
  readonly scope: string;
  /** Short hash of the data and of the overrides applied; stored with every deadline computed here. */
  readonly version: string;
  /** Years with official data; outside them answers are approximate (or refused in strict mode). */
  readonly coverage: YearRange;
  /** Years the tables span; outside them every query fails with `out_of_range`. */
  readonly range: YearRange;
  readonly strict: boolean;
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;

  private readonly isWork: Uint8Array;
  private readonly prefix: Int32Array;
  private readonly select: Int32Array;
  private readonly coveredFrom: DayNumber;
  private readonly coveredTo: DayNumber;
  private readonly specialDays = new Map<DayNumber, DayReason>();
  /** ISO strings of the days already formatted: formatting costs more than the whole lookup. */
  private readonly isoDates: (ISODate | undefined)[];
  private readonly warnings: CoverageWarnings;

  constructor(options: WorkCalendarOptions = {}) {
    const holidays = options.holidays ?? shippedHolidayData();
    this.scope = options.scope ?? OFFICE_SCOPE;
    this.range = options.range ?? DEFAULT_RANGE;
    this.strict = options.strict ?? false;
    this.warnings = options.warnings ?? new CoverageWarnings();
    this.coverage = { firstYear: holidays.firstYear, lastYear: holidays.lastYear };
    this.firstDay = dayNumberOf(this.range.firstYear, 1, 1);
    this.lastDay = dayNumberOf(this.range.lastYear, 12, 31);
    this.coveredFrom = dayNumberOf(holidays.firstYear, 1, 1);
    this.coveredTo = dayNumberOf(holidays.lastYear, 12, 31);
    const outsideRange = [...holidays.days.keys()].find((day) => day < this.firstDay || day > this.lastDay);
    if (this.coveredFrom < this.firstDay || this.coveredTo > this.lastDay || outsideRange !== undefined) {
      throw new CalendarError(
        'invalid_data',
        `the calendar range ${this.range.firstYear}–${this.range.lastYear} must contain every day of the ` +
          `holiday data (${holidays.firstYear}–${holidays.lastYear})`,
      );
    }

    const chain = scopeChain(this.scope);
    const applied = normalizeOverrides(options.overrides ?? [], this.range)
      .filter((override) => chain.includes(override.scope))
      .sort((a, b) => chain.indexOf(a.scope) - chain.indexOf(b.scope) || a.dayNumber - b.dayNumber);

    const size = this.lastDay - this.firstDay + 1;
    const isWork = new Uint8Array(size);
    for (let i = 0; i < size; i++) isWork[i] = isoWeekday(this.firstDay + i) <= 5 ? 1 : 0;
    // Years after the data: the statutory holidays by rule until the notice is loaded (time-limits.md §2.5).
    for (let year = holidays.lastYear + 1; year <= this.range.lastYear; year++) {
      for (const { day, holiday } of statutoryDaysOff(year)) {
        isWork[day - this.firstDay] = 0;
        if (!this.specialDays.has(day)) this.specialDays.set(day, { kind: 'holiday', holiday });
      }
    }
    for (const [dayNumber, day] of holidays.days) {
      isWork[dayNumber - this.firstDay] = day.workday ? 1 : 0;
      this.specialDays.set(
        dayNumber,
        day.workday ? { kind: 'makeup', holiday: day.holiday } : { kind: 'holiday', holiday: day.holiday },
      );
    }
    for (const override of applied) {
      const workday = override.kind === 'workday';
      isWork[override.dayNumber - this.firstDay] = workday ? 1 : 0;
      this.specialDays.set(override.dayNumber, {
        kind: 'override',
        workday,
        reason: override.reason,
        scope: override.scope,
      });
    }

    const prefix = new Int32Array(size + 1);
    let total = 0;
    for (let i = 0; i < size; i++) {
      total += isWork[i] as number;
      prefix[i + 1] = total;
    }
    const select = new Int32Array(total);
    for (let i = 0, k = 0; i < size; i++) if (isWork[i]) select[k++] = i;
    this.isWork = isWork;
    this.prefix = prefix;
    this.select = select;
    this.isoDates = new Array(size);

    const overridesText = applied.map((o) => `${o.scope}:${o.date}:${o.kind}:${o.reason}`).join('\n');
    this.version = shortHash(`${holidays.fingerprint}\n${overridesText}`);
  }

  isWorkday(date: ISODate | Date, options?: QueryOptions): boolean {
    return this.isWorkdayNumber(toDayNumber(date), options?.strict);
  }

  addWorkdays(date: ISODate | Date, n: number, options?: QueryOptions): WorkdayResult {
    const start = toDayNumber(date);
    const result = this.addWorkdaysToDay(start, n, options?.strict);
    return { date: this.isoDateOf(result), approximate: !this.coversSpan(start, result) };
  }

  workdaysBetween(from: ISODate | Date, to: ISODate | Date, options?: QueryOptions): number {
    return this.workdaysBetweenDays(toDayNumber(from), toDayNumber(to), options?.strict);
  }

  /** Whether the official data covers the date (false means answers there are approximate). */
  covers(date: ISODate | Date): boolean {
    return this.coversDay(toDayNumber(date));
  }

  describe(date: ISODate | Date, options?: QueryOptions): DayInfo {
    return this.describeDay(toDayNumber(date), options?.strict);
  }

  /** Every day from `from` to `to`, both included. */
  days(from: ISODate | Date, to: ISODate | Date, options?: QueryOptions): DayInfo[] {
    const first = toDayNumber(from);
    const last = toDayNumber(to);
    if (last < first) {
      throw new CalendarError(
        'invalid_date',
        `the range ends (${formatISODate(last)}) before it starts (${formatISODate(first)})`,
        `结束日期 ${formatISODate(last)} 早于开始日期 ${formatISODate(first)}`,
      );
    }
    this.indexOf(first);
    this.indexOf(last);
    this.checkCoverage(first, last, options?.strict ?? this.strict);
    const days: DayInfo[] = [];
    for (let day = first; day <= last; day++) days.push(this.describeDay(day, false));
    return days;
  }

  // Day-number API: the hot path used by the time-limit engine (no string parsing or formatting).

  isWorkdayNumber(day: DayNumber, strict = this.strict): boolean {
    const index = this.indexOf(day);
    this.checkCoverage(day, day, strict);
    return this.isWork[index] === 1;
  }

  addWorkdaysToDay(day: DayNumber, n: number, strict = this.strict): DayNumber {
    const index = this.indexOf(day);
    if (!Number.isSafeInteger(n)) {
      throw new CalendarError(
        'invalid_number',
        `invalid number of working days ${String(n)}: expected an integer`,
        `工作日数 ${String(n)} 无效：应为整数`,
      );
    }
    let result: DayNumber;
    if (n === 0 && this.isWork[index] === 1) {
      result = day;
    } else {
      const k = n > 0 ? (this.prefix[index + 1] as number) + n - 1 : (this.prefix[index] as number) + n;
      if (k < 0 || k >= this.select.length) throw this.stepOutOfRange(day, n);
      result = this.firstDay + (this.select[k] as number);
    }
    this.checkCoverage(Math.min(day, result), Math.max(day, result), strict);
    return result;
  }

  workdaysBetweenDays(from: DayNumber, to: DayNumber, strict = this.strict): number {
    const i = this.indexOf(from);
    const j = this.indexOf(to);
    this.checkCoverage(Math.min(from, to), Math.max(from, to), strict);
    return j >= i
      ? (this.prefix[j + 1] as number) - (this.prefix[i + 1] as number)
      : (this.prefix[j] as number) - (this.prefix[i] as number);
  }

  coversDay(day: DayNumber): boolean {
    return day >= this.coveredFrom && day <= this.coveredTo;
  }

  /** Whether every day from `a` to `b` (either order) has official data. */
  coversSpan(a: DayNumber, b: DayNumber): boolean {
    return this.coversDay(Math.min(a, b)) && this.coversDay(Math.max(a, b));
  }

  describeDay(day: DayNumber, strict = this.strict): DayInfo {
    const workday = this.isWorkdayNumber(day, strict);
    const weekday = isoWeekday(day);
    const reason: DayReason = this.specialDays.get(day) ?? (weekday >= 6 ? { kind: 'weekend' } : { kind: 'weekday' });
    return {
      date: this.isoDateOf(day),
      weekday,
      workday,
      reason,
      label: labelOf(reason, weekday),
      approximate: !this.coversDay(day),
    };
  }

  /** The ISO string of a day inside the table, formatted once. */
  private isoDateOf(day: DayNumber): ISODate {
    const index = day - this.firstDay;
    let text = this.isoDates[index];
    if (text === undefined) {
      text = formatISODate(day);
      this.isoDates[index] = text;
    }
    return text;
  }

  private indexOf(day: DayNumber): number {
    const index = day - this.firstDay;
    if (!(index >= 0 && day <= this.lastDay)) {
      const shown = Number.isSafeInteger(day) ? formatISODate(day) : String(day);
      throw new CalendarError(
        'out_of_range',
        `${shown} is outside the calendar's range ${this.range.firstYear}-01-01 to ${this.range.lastYear}-12-31`,
        `${shown} 超出日历范围（${this.range.firstYear}-01-01 至 ${this.range.lastYear}-12-31）`,
      );
    }
    return index;
  }

  private stepOutOfRange(day: DayNumber, n: number): CalendarError {
    const direction = n >= 0 ? 'after' : 'before';
    return new CalendarError(
      'out_of_range',
      `the ${Math.abs(n)}th working day ${direction} ${formatISODate(day)} is outside the calendar's range ` +
        `${this.range.firstYear}–${this.range.lastYear}`,
      `${formatISODate(day)} ${n >= 0 ? '之后' : '之前'}第${Math.abs(n)}个工作日超出日历范围` +
        `（${this.range.firstYear}–${this.range.lastYear}年）`,
    );
  }

  /** Warns once per uncovered year in [lo, hi], or throws in strict mode. */
  private checkCoverage(lo: DayNumber, hi: DayNumber, strict: boolean): void {
    if (lo >= this.coveredFrom && hi <= this.coveredTo) return;
    const firstYear = yearOf(lo);
    const lastYear = yearOf(hi);
    const uncovered: number[] = [];
    for (let year = firstYear; year <= lastYear; year++) {
      if (year < this.coverage.firstYear || year > this.coverage.lastYear) uncovered.push(year);
    }
    if (strict) {
      const years = uncovered.join(', ');
      throw new CalendarError(
        'outside_coverage',
        `no official holiday data for ${years} (covered: ${this.coverage.firstYear}–${this.coverage.lastYear}); ` +
          'strict mode refuses the estimate',
        `缺少 ${years} 年的官方节假日安排（已覆盖 ${this.coverage.firstYear}–${this.coverage.lastYear} 年），` +
          '严格模式下不作预计',
      );
    }
    for (const year of uncovered) this.warnings.noteUncoveredYear(year, this.coverage);
  }
}
