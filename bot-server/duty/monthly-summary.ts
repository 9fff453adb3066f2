/**
 * 值班工作月报: a month of duty work as a document — the shifts kept with their 交接班记录, the month's holidays, the
 * visits received and the duty phone's calls. The summary is data first: an ordered list of sections, each loaded by
 * its own function (`MONTHLY_SUMMARY_SECTIONS`), then printed by `monthly-summary-docx.ts` with the office's
 * document kit. A new kind of duty record adds its section to that list; nothing else changes. Domain only: the API
 * is `api/duty/summary.ts`.
 */
import type { DataSource } from 'typeorm';
import { formatISODate, shanghaiDayNumber, shanghaiInstant, type WorkCalendar } from '../calendar';
import { DomainError } from '../errors/domain-error';
import { kindSetting } from '../numbering/numbers';
import type { Actor } from '../supervision/types';
import { monthPeriod } from './input';
import { incidentsSection } from './monthly-summary-incidents';
import { callsSection, holidaysSection, shiftsSection, visitsSection } from './monthly-summary-sections';
import type { SectionLoader, SummaryContext, SummarySection } from './monthly-summary-types';
import { READER_ROLES, requireRoles, seesPersonalData } from './petition-access';

export type { SectionLoader, SummaryBlock, SummaryContext, SummarySection } from './monthly-summary-types';

/** The parts of the summary in print order. */
export const MONTHLY_SUMMARY_SECTIONS: readonly { key: string; load: SectionLoader }[] = [
  { key: 'shifts', load: shiftsSection },
  { key: 'holidays', load: holidaysSection },
  { key: 'visits', load: visitsSection },
  { key: 'calls', load: callsSection },
  { key: 'incidents', load: incidentsSection },
];

export interface MonthlySummary {
  month: string;
  year: number;
  from: string;
  to: string;
  /** The month is still under way: the summary counts up to `to` (today). */
  partial: boolean;
  /** 区政府办公室2026年11月值班工作月报. */
  title: string;
  /** The office that signs it (the issuing body configured for the year-end summary, 系统管理 → 文号). */
  office: string;
  /** The day it was made (its 成文日期). */
  madeOn: string;
  personalHidden: boolean;
  sections: SummarySection[];
}

export const SUMMARY_ROLES = READER_ROLES;

/**
 * The month's summary as data. Readers of the duty figures only (督查室, 会务, leaders, administrators); a month
 * not yet begun is refused; the month under way counts up to now.
 */
export async function monthlySummary(
  db: DataSource,
  calendar: WorkCalendar,
  viewer: Actor,
  month: string,
  now: Date,
  sections: readonly { key: string; load: SectionLoader }[] = MONTHLY_SUMMARY_SECTIONS,
): Promise<MonthlySummary> {
  requireRoles(viewer, SUMMARY_ROLES, '您没有查看值班工作月报的权限');
  const period = monthPeriod(month, now);
  const today = shanghaiDayNumber(now);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  if (period.first > today) {
    throw new DomainError('invalid', 'month_not_begun', `${year}年${monthNumber}月尚未开始，无法生成值班工作月报`);
  }
  const partial = period.last >= today;
  const lastDay = partial ? today : period.last;
  const manager = db.manager;
  const personalData = seesPersonalData(viewer);
  const ctx: SummaryContext = {
    manager,
    calendar,
    viewer,
    month,
    from: formatISODate(period.first),
    to: formatISODate(lastDay),
    start: shanghaiInstant(period.first),
    end: partial ? now : shanghaiInstant(period.last + 1),
    partial,
    personalData,
  };
  const [office, loaded] = await Promise.all([
    kindSetting(manager, 'annual_summary').then((s) => s.issuer),
    Promise.all(sections.map((s) => s.load(ctx))),
  ]);
  return {
    month,
    year,
    from: ctx.from,
    to: ctx.to,
    partial,
    title: `${office}${year}年${monthNumber}月值班工作月报`,
    office,
    madeOn: formatISODate(today),
    personalHidden: !personalData,
    sections: loaded.filter((s): s is SummarySection => s !== null),
  };
}
