import type { ISODate } from './civil-date';
import { scopeChain } from './overrides';

/** What a change to the calendar touched, as returned by `CalendarRegistry.setOverrides / setHolidayData`. */
export interface CalendarChange {
  /** The override scope that changed, or null for the official data (every scope). */
  scope: string | null;
  /** Days whose working status changed, ascending. */
  dates: ISODate[];
  /** The official data now covers other years: approximate answers may become exact. */
  coverageChanged: boolean;
}

/** What a stored deadline must expose to decide whether a calendar change can move it. */
export interface RecomputeCandidate {
  /** The calendar scope it was computed with. */
  scope: string;
  approximate: boolean;
  /** First day the computation looked at: the (Shanghai) day of receipt. */
  fromDate: ISODate;
  /** Last day it looked at: the current due date. */
  toDate: ISODate;
}

/**
 * Whether a deadline may move after these changes: the change applies to its scope, and either a changed
 * day lies within [fromDate, toDate] or it was approximate and the data's coverage changed. Days outside
 * that span cannot move a deadline: stepping and roll-forward only ever read days inside it.
 */
export function isAffectedByChange(candidate: RecomputeCandidate, changes: readonly CalendarChange[]): boolean {
  const chain = scopeChain(candidate.scope);
  return changes.some((change) => {
    if (change.scope !== null && !chain.includes(change.scope)) return false;
    if (candidate.approximate && change.coverageChanged) return true;
    return change.dates.some((date) => date >= candidate.fromDate && date <= candidate.toDate);
  });
}
