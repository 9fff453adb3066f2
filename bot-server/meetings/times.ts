import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { TimeLimitError } from '../timelimits/errors';
import { checkPlannedDate } from '../timelimits/plausible';

/** Whether a stored instant can be shown (a zero date or unreadable text comes back as no time at all). */
export const readable = (date: Date | null | undefined): date is Date =>
  date instanceof Date && !Number.isNaN(date.getTime());

/** A stored instant as ISO text; null when there is none or it cannot be read. */
export const iso = (date: Date | null) => (readable(date) ? date.toISOString() : null);

/** 00:00 Shanghai of a date (YYYY-MM-DD), `plusDays` later. */
export const dayStart = (date: string, plusDays = 0) => shanghaiInstant(parseISODate(date) + plusDays, 0);

/**
 * A planned instant (a meeting's start, end, confirm-by time), refused (TimeLimitError 'implausible_date', 400)
 * when its Shanghai date lies outside 2000 … the end of the fifth year from now: the rule of timelimits/plausible.ts.
 */
export const checkPlannedInstant = (instant: Date, now: Date, what: string): Date => {
  checkPlannedDate(formatISODate(shanghaiDayNumber(instant)), now, what);
  return instant;
};

/** The same rule as a question, for times DingTalk sends: an implausible one is not taken, and nothing fails. */
export function plausibleInstant(instant: Date | null, now: Date): boolean {
  if (!instant) return true;
  if (!readable(instant)) return false;
  try {
    checkPlannedInstant(instant, now, '会议时间');
    return true;
  } catch (err) {
    if (err instanceof TimeLimitError) return false;
    throw err;
  }
}
