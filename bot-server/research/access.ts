/**
 * Who may do what with 调研报告 and 督查建议, and the check of a civil date something was done on. The checks of
 * text, units, pages and roles are the duty area's (duty/petition-access.ts), so both registers answer alike.
 */
import type { Role } from '../../entities';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { checkPastCivilDate } from '../timelimits/plausible';

/** 督查室 and 会务 (the office's own sections) record reports and their problems; administrators hold every role. */
export const RESEARCH_RECORDERS: readonly Role[] = ['supervision_office', 'meeting_office'];
/** Those who record, and the district leaders, read reports and their figures. */
export const RESEARCH_READERS: readonly Role[] = [...RESEARCH_RECORDERS, 'leader'];
/** A problem becomes a supervised matter through the office that assigns matters: 督查室. */
export const RESEARCH_TURN_ROLES: readonly Role[] = ['supervision_office'];
/** 督查建议 and 督查 visits and calls are the supervision office's own work. */
export const SUGGESTION_RECORDERS: readonly Role[] = ['supervision_office'];
export const SUGGESTION_READERS: readonly Role[] = ['supervision_office', 'meeting_office', 'leader'];

/**
 * A Shanghai civil date (YYYY-MM-DD) something was done on: a real date, from 2000, not after today in Shanghai.
 * Returned as the instant that date begins in Shanghai, the form the records keep.
 */
export function pastCivilDate(value: unknown, now: Date, what: string): Date {
  return shanghaiInstant(parseISODate(checkPastCivilDate(value, now, what)));
}

/** The Shanghai civil date of an instant a record keeps for a date. */
export const civilDateOf = (instant: Date) => formatISODate(shanghaiDayNumber(instant));
