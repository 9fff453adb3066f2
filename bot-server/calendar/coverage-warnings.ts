/** The years for which a calendar has official data, or over which it is built. */
export interface YearRange {
  firstYear: number;
  lastYear: number;
}

/** Raised once per year when an answer is an estimate for lack of official data. */
export interface CalendarWarning {
  code: 'outside_coverage';
  year: number;
  coverage: YearRange;
  message: string;
}

export type CalendarWarningSink = (warning: CalendarWarning) => void;

/** Without an injected logger the warning still surfaces, through Node's warning channel (once per year). */
function emitProcessWarning(warning: CalendarWarning): void {
  process.emitWarning(warning.message, { code: 'DUBAN_CALENDAR_OUTSIDE_COVERAGE' });
}

/**
 * Remembers which uncovered years were already reported, so that a busy server logs one line per missing
 * year rather than one per query. Share one instance between all calendars rebuilt from the same data.
 */
export class CoverageWarnings {
  private readonly warnedYears = new Set<number>();

  constructor(private readonly sink: CalendarWarningSink = emitProcessWarning) {}

  noteUncoveredYear(year: number, coverage: YearRange): void {
    if (this.warnedYears.has(year)) return;
    this.warnedYears.add(year);
    this.sink({
      code: 'outside_coverage',
      year,
      coverage,
      message:
        `no official holiday data for ${year} (covered: ${coverage.firstYear}–${coverage.lastYear}); ` +
        `working days in ${year} are estimated: Monday–Friday with the statutory holidays by rule`,
    });
  }
}
