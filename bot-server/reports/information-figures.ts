/**
 * The figures of 政务信息 (information/items.ts), each defined once here as SQL over its records, so that its value,
 * its drill-down and the year-end summary's 「上报省办和国办约稿X篇，采用X篇」 and 「全年上报市政府办公室信息被采用X条」
 * come from the same definition:
 *
 * - `information.reported`: items reported upward (上报) whose report instant lies in the period (篇);
 * - `information.adopted`: distinct items with an adoption (at any level) in the period;
 * - `information.adoptedByCity`: items adopted at 市政府办公室 in the period (an item is adopted once per level);
 * - `information.adoptedWhole`: distinct items with a 全篇采用 in the period;
 * - `information.commissionedReported`: of the items reported, those answering a 约稿 (source `commissioned_article`);
 * - `information.commissionedAdopted`: distinct items answering a 约稿 with an adoption in the period;
 * - `information.instructions`: adoptions of the period that carry a leader's 批示 (the monthly bulletin's 领导批示X条);
 * - `information.score`: the points of the adoptions of the period, by the office's rule table (information/rules.ts).
 *
 * The distinct counts are `live`: counted over the whole period in one query (information-domains.ts).
 */
import type { EntityManager } from 'typeorm';
import type { WorkCalendar } from '../calendar';
import { ADOPTION_POINTS_SQL } from '../information/rules';
import {
  computeFigures,
  cond,
  type DrillItem,
  drillFigure,
  type FigureSpec,
  type Period,
  type QueryContext,
  type Scope,
} from './engine';

export const INFORMATION_SPECS: FigureSpec[] = [
  {
    id: 'information.reported',
    domain: 'informationItems',
    kind: 'count',
    label: '上报信息',
    definition: '期间内向上级报送的政务信息篇数（按报送时间计）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'information.adopted',
    domain: 'informationAdopted',
    kind: 'count',
    label: '信息被采用',
    definition: '期间内被市政府办公室、省政府办公厅或国务院办公厅采用的政务信息篇数（同一篇被多级采用计一篇）',
    set: () => cond('1 = 1'),
    live: true,
  },
  {
    id: 'information.adoptedByCity',
    domain: 'informationAdoptions',
    kind: 'count',
    label: '被市政府办公室采用',
    definition: '期间内被市政府办公室采用的政务信息条数（按采用日期计）',
    set: () => cond("ia.level = 'city'"),
  },
  {
    id: 'information.adoptedWhole',
    domain: 'informationAdopted',
    kind: 'count',
    label: '被全篇采用',
    definition: '期间内被任一层级全篇采用的政务信息篇数（同一篇计一篇）',
    set: () => cond("ia.form = 'whole'"),
    live: true,
  },
  {
    id: 'information.commissionedReported',
    domain: 'informationItems',
    kind: 'count',
    label: '上报约稿',
    definition: '期间内报送的政务信息中，回复约稿事项的篇数（按报送时间计）',
    set: () => cond('ii.matter_id IS NOT NULL'),
  },
  {
    id: 'information.commissionedAdopted',
    // Of the 约稿 reported in the period, those adopted (whenever): 「上报约稿X篇，采用X篇」 never adopts more than it
    // reported. Live, as an adoption may come after the period.
    domain: 'informationItems',
    kind: 'count',
    label: '约稿被采用',
    definition: '期间内报送的回复约稿事项的政务信息中，已被采用的篇数（按报送时间计，同一篇计一篇）',
    set: () =>
      cond('ii.matter_id IS NOT NULL AND EXISTS (SELECT 1 FROM information_adoption a WHERE a.item_id = ii.id)'),
    live: true,
  },
  {
    id: 'information.instructions',
    domain: 'informationAdoptions',
    kind: 'count',
    label: '获领导批示',
    definition: '期间内采用记录中获得领导批示的条数（按采用日期计；一条采用记录的批示计一条）',
    set: () => cond('ia.instruction_level IS NOT NULL'),
  },
  {
    id: 'information.score',
    domain: 'informationAdoptions',
    kind: 'sum',
    label: '政务信息得分',
    definition: '期间内各采用记录按本办计分规则所得分值之和（采用层级×采用形式，另加领导批示分）',
    set: () => cond('1 = 1'),
    sum: ADOPTION_POINTS_SQL,
  },
];

export const informationSpec = (id: string) => INFORMATION_SPECS.find((s) => s.id === id);

export interface InformationFigures {
  from: string;
  to: string;
  figures: { id: string; label: string; definition: string; value: number; records: number }[];
}

/** The 政务信息 figures of a period (checked by the caller), narrowed to a unit when one is given. */
export async function informationFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  period: Period,
  scope: Scope = {},
): Promise<InformationFigures> {
  const values = await computeFigures(manager, calendar, q, INFORMATION_SPECS, period, { unit: scope.unit });
  return {
    ...period,
    figures: INFORMATION_SPECS.map((spec) => ({
      id: spec.id,
      label: spec.label,
      definition: spec.definition,
      value: values.get(spec.id)?.value ?? 0,
      records: values.get(spec.id)?.records ?? 0,
    })),
  };
}

/** The records one of these figures counts (its drill-down), or null for another figure. */
export async function informationDrill(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  figure: string,
  period: Period,
  scope: Scope,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: DrillItem[] } | null> {
  const spec = informationSpec(figure);
  return spec ? drillFigure(manager, calendar, q, spec, period, { unit: scope.unit }, page) : null;
}
