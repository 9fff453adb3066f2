/**
 * The figures of 调研 and 督查 (research/reports.ts, research/suggestions.ts), each defined once here as SQL over its
 * records, so that its value, its drill-down (`GET /api/reports/drill?figure=research.…`) and the year-end summary's
 * 「形成调研报告X份，深挖细查出X个存在问题」 and 「通过查看现场、电话督查等形式督查X次…提出督查建议X条」 all come
 * from the same definition:
 *
 * - `research.reports`: final reports (定稿) whose date finished lies in the period (份); drafts never count;
 * - `research.problems`: the problems (存在问题) of those reports (个), by the unit each concerns;
 * - `research.problemsToMatters`: those of them turned into a supervised matter (转为督办事项);
 * - `supervision.suggestions`: 督查建议 made in the period (条), by the unit addressed, typed by the matter's source;
 * - `supervision.inspections`: 现场督查 and 电话督查 recorded in the period (次), typed by the kind (site, phone).
 */
import type { EntityManager } from 'typeorm';
import type { WorkCalendar } from '../calendar';
import { computeFigures, cond, type FigureSpec, type Period, type QueryContext, type Scope } from './engine';

export const RESEARCH_SPECS: FigureSpec[] = [
  {
    id: 'research.reports',
    domain: 'researchReports',
    kind: 'count',
    label: '形成调研报告（份）',
    definition: '期间内定稿的调研报告份数（按调研完成日期计，草稿不计）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'research.problems',
    domain: 'researchProblems',
    kind: 'count',
    label: '深挖细查出存在问题（个）',
    definition: '期间内定稿的调研报告所列存在问题的个数',
    set: () => cond('1 = 1'),
  },
  {
    id: 'research.problemsToMatters',
    domain: 'researchProblems',
    kind: 'count',
    label: '存在问题转为督办事项（个）',
    definition: '上述存在问题中已转为督办事项的个数',
    set: () => cond('rp.matter_id IS NOT NULL'),
  },
  {
    id: 'supervision.suggestions',
    domain: 'suggestions',
    kind: 'count',
    label: '提出督查建议（条）',
    definition: '期间内在督办事项上登记的督查建议条数（按提出日期计）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'supervision.inspections',
    domain: 'inspections',
    kind: 'count',
    label: '现场督查、电话督查（次）',
    definition: '期间内登记的现场督查、电话督查次数（按督查日期计）',
    set: () => cond('1 = 1'),
  },
];

export interface ResearchFigures {
  from: string;
  to: string;
  figures: { id: string; label: string; definition: string; value: number }[];
}

/** The research and supervision-work figures of a period (checked by the caller). */
export async function researchFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  period: Period,
  scope: Scope = {},
): Promise<ResearchFigures> {
  const values = await computeFigures(manager, calendar, q, RESEARCH_SPECS, period, scope);
  return {
    ...period,
    figures: RESEARCH_SPECS.map((spec) => ({
      id: spec.id,
      label: spec.label,
      definition: spec.definition,
      value: values.get(spec.id)?.value ?? 0,
    })),
  };
}
