import { type DayNumber, formatISODate, isWeekend, yearOf } from './civil-date';
import { type CalendarWarningSink, CoverageWarnings, type YearRange } from './coverage-warnings';
import { type ResolvedHolidayData, shippedHolidayData } from './holiday-data';
import { type CalendarOverride, type NormalizedOverride, normalizeOverrides, OFFICE_SCOPE } from './overrides';
import type { CalendarChange } from './recompute';
import { statutoryDaysOff, statutoryHoliday } from './statutory-holidays';
import { DEFAULT_RANGE, WorkCalendar } from './WorkCalendar';

export interface CalendarRegistryOptions {
  holidays?: ResolvedHolidayData;
  overrides?: readonly CalendarOverride[];
  range?: YearRange;
  strict?: boolean;
  /** Where "no official data for year N" goes; defaults to Node's process warning channel. */
  onWarning?: CalendarWarningSink;
}

/**
 * Owns the holiday data and the administrator overrides, and hands out one immutable `WorkCalendar` per
 * scope, built lazily and cached until the data or that scope's overrides change. Replacing the overrides
 * (or the data) returns what changed, so the caller can recompute the stored deadlines that depend on it
 * (`isAffectedByChange`). Calendars already handed out stay valid: a swap never mutates them.
 */
export class CalendarRegistry {
  private holidays: ResolvedHolidayData;
  private overrides: NormalizedOverride[];
  private readonly calendars = new Map<string, WorkCalendar>();
  private readonly range: YearRange;
  private readonly strict: boolean;
  private readonly warnings: CoverageWarnings;

  constructor(options: CalendarRegistryOptions = {}) {
    this.holidays = options.holidays ?? shippedHolidayData();
    this.range = options.range ?? DEFAULT_RANGE;
    this.strict = options.strict ?? false;
    this.warnings = new CoverageWarnings(options.onWarning);
    this.overrides = normalizeOverrides(options.overrides ?? [], this.range);
    // Build the office calendar now so that bad data or overrides fail at start-up, not on first use.
    this.calendar(OFFICE_SCOPE);
  }

  /** The calendar of a scope: `office` or a unit id (which inherits the office's overrides). */
  calendar(scope: string = OFFICE_SCOPE): WorkCalendar {
    let calendar = this.calendars.get(scope);
    if (!calendar) {
      calendar = this.build(scope, this.holidays, this.overrides);
      this.calendars.set(scope, calendar);
    }
    return calendar;
  }

  /** The official data in force (shipped, or with notices an administrator loaded). */
  holidayData(): ResolvedHolidayData {
    return this.holidays;
  }

  listOverrides(): CalendarOverride[] {
    return this.overrides.map(({ date, kind, reason, scope }) => ({ date, kind, reason, scope }));
  }

  /**
   * Replaces every override (e.g. after a row was added, edited or deleted). Validates everything first,
   * so a bad list changes nothing. Returns, per scope, the dates whose working status changed.
   */
  setOverrides(overrides: readonly CalendarOverride[]): CalendarChange[] {
    const next = normalizeOverrides(overrides, this.range);
    const keyOf = (override: NormalizedOverride) => `${override.scope}\u0000${override.date}`;
    const before = new Map(this.overrides.map((override) => [keyOf(override), override]));
    const after = new Map(next.map((override) => [keyOf(override), override]));
    const changedDates = new Map<string, Set<DayNumber>>();
    const changedScopes = new Set<string>();
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const old = before.get(key);
      const now = after.get(key);
      const changed = (old ?? now) as NormalizedOverride;
      if (old?.kind !== now?.kind) {
        const dates = changedDates.get(changed.scope) ?? new Set<DayNumber>();
        dates.add(changed.dayNumber);
        changedDates.set(changed.scope, dates);
      }
      if (old?.kind !== now?.kind || old?.reason !== now?.reason) changedScopes.add(changed.scope);
    }

    this.overrides = next;
    if (changedScopes.has(OFFICE_SCOPE)) this.calendars.clear();
    for (const scope of changedScopes) this.calendars.delete(scope);
    return [...changedDates].map(([scope, dates]) => ({
      scope,
      dates: [...dates].sort((a, b) => a - b).map(formatISODate),
      coverageChanged: false,
    }));
  }

  /** Replaces the official data (a new year's notice, a correction). Every scope is affected. */
  setHolidayData(holidays: ResolvedHolidayData): CalendarChange[] {
    this.build(OFFICE_SCOPE, holidays, this.overrides);
    const previous = this.holidays;
    const dates = new Set<DayNumber>();
    const ruleDays: DayNumber[] = [];
    for (let year = Math.min(previous.lastYear, holidays.lastYear) + 1; year <= this.range.lastYear; year++) {
      for (const { day } of statutoryDaysOff(year)) ruleDays.push(day);
    }
    for (const day of new Set([...previous.days.keys(), ...holidays.days.keys(), ...ruleDays])) {
      if (officialWorkday(previous, day) !== officialWorkday(holidays, day)) dates.add(day);
    }
    const coverageChanged = previous.firstYear !== holidays.firstYear || previous.lastYear !== holidays.lastYear;
    this.holidays = holidays;
    this.calendars.clear();
    if (dates.size === 0 && !coverageChanged) return [];
    return [{ scope: null, dates: [...dates].sort((a, b) => a - b).map(formatISODate), coverageChanged }];
  }

  private build(scope: string, holidays: ResolvedHolidayData, overrides: readonly CalendarOverride[]): WorkCalendar {
    return new WorkCalendar({
      holidays,
      overrides,
      scope,
      range: this.range,
      strict: this.strict,
      warnings: this.warnings,
    });
  }
}

/** A day's status before overrides: the data, else the statutory rule after the data's years, else Monday–Friday. */
function officialWorkday(holidays: ResolvedHolidayData, day: DayNumber): boolean {
  const official = holidays.days.get(day);
  if (official) return official.workday;
  if (yearOf(day) > holidays.lastYear && statutoryHoliday(day) !== undefined) return false;
  return !isWeekend(day);
}
