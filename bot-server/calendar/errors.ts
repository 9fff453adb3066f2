import { DomainError } from '../errors/domain-error';

/**
 * Stable codes for everything the calendar refuses. The API maps every code to 400 and the CLI to exit 2;
 * `invalid_data` and `invalid_override` are configuration errors raised when a calendar is built.
 */
export type CalendarErrorCode =
  /** Not a real `YYYY-MM-DD` day (or an Invalid Date / unparsable instant). */
  | 'invalid_date'
  /** A count that is not a safe integer, or negative where only non-negative values make sense. */
  | 'invalid_number'
  /** The date or the result lies outside the precomputed table (by default 2000–2060). */
  | 'out_of_range'
  /** Strict mode: the answer would rest on the Monday–Friday fallback instead of official data. */
  | 'outside_coverage'
  /** The holiday data file is malformed or contradicts itself. */
  | 'invalid_data'
  /** An administrator override is malformed or duplicated. */
  | 'invalid_override'
  /** A calendar scope that is neither the office nor a known unit. */
  | 'unknown_scope';

/** Every refusal of the calendar is the caller's input (kind `invalid`); `message` is English, for logs and the CLI. */
export class CalendarError extends DomainError {
  override name = 'CalendarError';
  declare readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string, messageZh: string = message) {
    super('invalid', code, messageZh);
    this.message = message;
  }
}
