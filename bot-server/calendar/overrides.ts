import { type DayNumber, dayNumberOf, type ISODate, tryParseISODate } from './civil-date';
import type { YearRange } from './coverage-warnings';
import { CalendarError } from './errors';

/** The scope of overrides that apply to the whole office and every unit in it. */
export const OFFICE_SCOPE = 'office';

/**
 * An administrator's change to one day: a local day off (a 广西 三月三, a closure) or an extra working day.
 * Half-day closures are out of scope: deadlines are counted in whole days.
 */
export interface CalendarOverride {
  date: ISODate;
  kind: 'off' | 'workday';
  /** Why, shown to users beside the day; required so that every change can be audited. */
  reason: string;
  /** `office` (the default) or a unit id; a unit's own override beats the office's. */
  scope?: string;
}

export interface NormalizedOverride extends Required<CalendarOverride> {
  dayNumber: DayNumber;
}

/**
 * The scopes whose overrides apply to a calendar, least specific first: the office, then the unit.
 * Resolution is "most specific override → official data → Monday–Friday".
 */
export function scopeChain(scope: string): readonly string[] {
  return scope === OFFICE_SCOPE ? [OFFICE_SCOPE] : [OFFICE_SCOPE, scope];
}

function invalidOverride(problem: string, problemZh: string): CalendarError {
  return new CalendarError('invalid_override', `invalid calendar override: ${problem}`, `日历调整无效：${problemZh}`);
}

/**
 * Checks overrides against the calendar's range and fills in the default scope; rejects two overrides of
 * one day in one scope.
 */
export function normalizeOverrides(overrides: readonly CalendarOverride[], range: YearRange): NormalizedOverride[] {
  const firstDay = dayNumberOf(range.firstYear, 1, 1);
  const lastDay = dayNumberOf(range.lastYear, 12, 31);
  const seen = new Set<string>();
  return overrides.map((override) => {
    const scope = override.scope ?? OFFICE_SCOPE;
    const dayNumber = tryParseISODate(override.date);
    if (Number.isNaN(dayNumber)) {
      const shown = JSON.stringify(override.date);
      throw invalidOverride(`date ${shown} is not YYYY-MM-DD`, `日期 ${shown} 格式应为 YYYY-MM-DD`);
    }
    if (dayNumber < firstDay || dayNumber > lastDay) {
      throw invalidOverride(
        `${override.date} is outside the calendar range ${range.firstYear}–${range.lastYear}`,
        `${override.date} 超出日历范围（${range.firstYear}–${range.lastYear}年）`,
      );
    }
    if (override.kind !== 'off' && override.kind !== 'workday') {
      throw invalidOverride(
        `kind for ${override.date} must be "off" or "workday"`,
        `${override.date} 的调整类型应为休息（off）或上班（workday）`,
      );
    }
    if (typeof override.reason !== 'string' || override.reason.trim() === '') {
      throw invalidOverride(`${override.date} needs a reason`, `${override.date} 须填写调整原因`);
    }
    if (typeof scope !== 'string' || scope.trim() === '') {
      throw invalidOverride(`${override.date} has an empty scope`, `${override.date} 的适用范围为空`);
    }
    const key = `${scope}\u0000${override.date}`;
    if (seen.has(key)) {
      throw invalidOverride(
        `${override.date} is overridden twice in scope ${scope}`,
        `${override.date} 在范围 ${scope} 中重复调整`,
      );
    }
    seen.add(key);
    return { date: override.date, kind: override.kind, reason: override.reason.trim(), scope, dayNumber };
  });
}
