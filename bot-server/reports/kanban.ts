import type { DataSource } from 'typeorm';
import { formatISODate, parseISODate, shanghaiDayNumber, type WorkCalendar } from '../calendar';
import type { Viewer } from '../documents/access';
import type { DocumentService } from '../documents/service';
import type { MeetingService } from '../meetings/service';
import type { Supervision } from '../supervision';
import { previousMonth } from '../supervision/months';
import { periodFigures } from './document-figures';
import { DUTY_SPECS } from './duty-figures';
import { computeFigures, type Period } from './engine';
import { ReportError, type ReportService } from './report-service';

/** What the 看板 reads: the areas whose own reads it puts together (each keeps its own rules of who sees what). */
export interface KanbanSources {
  db: () => DataSource;
  calendar: () => WorkCalendar;
  reports: ReportService;
  supervision: () => Supervision;
  documents: () => DocumentService;
  meetings: () => MeetingService;
}

/** How many months the 看板's trend shows, up to the month it is read in. */
const TREND_MONTHS = 6;

/** The last `count` months up to `month` (YYYY-MM), oldest first. */
function monthsUpTo(month: string, count: number): string[] {
  const months = [month];
  while (months.length < count) months.unshift(previousMonth(months[0] as string));
  return months;
}

/** The last day the 看板 of `year` counts to: today in Shanghai for this year, the year's end for a past one. */
function asOfDay(year: number, now: Date): string {
  const today = formatISODate(shanghaiDayNumber(now));
  const end = `${year}-12-31`;
  return today < end ? today : end;
}

/** One 值班信访 figure of the 看板: 来访 起, 人次, 集体访, 电话 (reports/duty-figures.ts). */
export interface KanbanDutyFigure {
  id: string;
  label: string;
  definition: string;
  value: number;
  records: number;
}

/**
 * 值班信访 of the 看板's period (1 January to the day it counts to): each figure of duty-figures.ts read from its
 * records, in the same answer (the drill-down is the reports area's, `GET /api/reports/drill?figure=duty.…`).
 */
async function dutyOfPeriod(sources: KanbanSources, period: Period, now: Date) {
  const db = sources.db();
  const values = await computeFigures(db.manager, sources.calendar(), { db, now }, DUTY_SPECS, period, {});
  const figures: KanbanDutyFigure[] = DUTY_SPECS.map((spec) => ({
    id: spec.id,
    label: spec.label,
    definition: spec.definition,
    value: values.get(spec.id)?.value ?? 0,
    records: values.get(spec.id)?.records ?? 0,
  }));
  return { ...period, figures };
}

/**
 * 领导看板 in one answer: the year's matters at a glance, the units ranked by their overdue matters, the monthly
 * trend, the documents' timeliness since 1 January, the bulletins and 值班信访 since 1 January (visits 起/人次/集体访,
 * calls) — each part from the area that owns it, read side by side. The supervision overview is scoped to the viewer and the documents' figures are refused to those
 * who do not see all documents, as on their own routes.
 */
export async function kanban(sources: KanbanSources, viewer: Viewer, year: number, now = new Date()) {
  const asOf = asOfDay(year, now);
  const from = `${year}-01-01`;
  if (from > asOf) throw new ReportError('invalid_year', `${year}年尚未开始`);
  const supervision = sources.supervision();
  const [overview, overdue, trend, documents, bulletins, duty] = await Promise.all([
    supervision.matters.overview(viewer, year),
    sources.reports.overdueByUnit(year, now),
    Promise.all(
      monthsUpTo(asOf.slice(0, 7), TREND_MONTHS).map(async (month) => {
        // The month's bulletin as previewed, less the previous month's ranks (they move no total).
        const { totals } = await supervision.bulletins.computeIn(sources.db().manager, month, false);
        const { newlyAssigned, completedOnTime, completedLate, overdueOpen, onTimeRate } = totals;
        return { month, totals: { newlyAssigned, completedOnTime, completedLate, overdueOpen, onTimeRate } };
      }),
    ),
    sources
      .documents()
      .checkFigures(viewer, from, asOf)
      .then(() => periodFigures(sources.db().manager, sources.calendar(), from, asOf)),
    supervision.bulletins.list(),
    dutyOfPeriod(sources, { from, to: asOf }, now),
  ]);
  return { year, asOf, overview, overdueByUnit: overdue.units, trend, documents, bulletins, duty };
}

/**
 * The 看板 part of a leader's first screen: the same ranking of units as the 看板, the documents waiting for their
 * own step, and their meetings today and tomorrow — read side by side.
 */
export async function leaderHome(sources: KanbanSources, viewer: Viewer, year: number, now = new Date()) {
  const today = formatISODate(shanghaiDayNumber(now));
  const tomorrow = formatISODate(parseISODate(today) + 1);
  const [overdue, steps, meetings] = await Promise.all([
    sources.reports.overdueByUnit(year, now),
    sources.documents().mySteps(viewer, now),
    sources.meetings().list(viewer, { from: today, to: tomorrow, mine: true }),
  ]);
  return { year, today, overdueByUnit: overdue.units, mySteps: steps, meetings };
}
