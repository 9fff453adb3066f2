/**
 * 统计分析's office-wide sections beyond 值班信访: 政务信息 (the period's figures, and the units' ranking of the month
 * or the year that matches the period — the ranking is kept by month and by year only), 调研 (reports, their problems,
 * problems turned into matters) and the registers and ledgers of the period's year. Every value is its FigureSpec's
 * (information-figures.ts, research-figures.ts, ledger-figures.ts) and the ranking is information/rankings.ts's:
 * nothing is counted here, so a figure and its drill-down (`/api/reports/drill`) always agree.
 */
import type { EntityManager } from 'typeorm';
import type { WorkCalendar } from '../calendar';
import { type UnitRankingRow, unitRanking } from '../information/rankings';
import type { Actor } from '../supervision/types';
import type { Period, QueryContext } from './engine';
import { type InformationFigures, informationFigures } from './information-figures';
import { type LedgerFigures, ledgerFigures } from './ledger-figures';
import { researchFigures } from './research-figures';

export interface InformationSection extends InformationFigures {
  /** The units' ranking of `month` (YYYY-MM) or `year` (YYYY), [from, to] its civil dates. */
  ranking: { kind: 'month' | 'year'; period: string; from: string; to: string; units: UnitRankingRow[] };
}

export interface ResearchSection {
  from: string;
  to: string;
  /** 调研报告, 存在问题 and those turned into matters; all counts, so `records` is the value. */
  figures: { id: string; label: string; definition: string; value: number; records: number }[];
}

export interface OfficeWorkSections {
  information: InformationSection;
  research: ResearchSection;
  /** The ledgers of the whole year the period ends in. */
  ledgers: LedgerFigures;
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The ranking that matches a period: its month when it lies in one month, otherwise the year it ends in. */
export function rankingPeriodOf(period: Period): { kind: 'month' | 'year'; period: string; from: string; to: string } {
  const month = period.from.slice(0, 7);
  if (month === period.to.slice(0, 7))
    return { kind: 'month', period: month, from: `${month}-01`, to: lastDayOf(month) };
  const year = period.to.slice(0, 4);
  return { kind: 'year', period: year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The whole year a period ends in: the ledgers are the year's (the summary's), whatever part of it is chosen. */
export const ledgerYearOf = (period: Period): Period => {
  const year = period.to.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
};

/** The three sections of a period (checked by the caller), the ranking read as `actor` (an overseer of 政务信息). */
export async function officeWorkSections(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  period: Period,
  actor: Actor,
): Promise<OfficeWorkSections> {
  const rankingPeriod = rankingPeriodOf(period);
  const [information, ranking, research, ledgers] = await Promise.all([
    informationFigures(manager, calendar, q, period, {}),
    unitRanking(
      q.db,
      actor,
      rankingPeriod.kind === 'month' ? { month: rankingPeriod.period } : { year: Number(rankingPeriod.period) },
    ),
    researchFigures(manager, calendar, q, period, {}),
    ledgerFigures(manager, calendar, q, ledgerYearOf(period)),
  ]);
  return {
    information: { ...information, ranking: { ...rankingPeriod, units: ranking.units } },
    research: {
      from: research.from,
      to: research.to,
      figures: research.figures.filter((f) => f.id.startsWith('research.')).map((f) => ({ ...f, records: f.value })),
    },
    ledgers,
  };
}
