/**
 * The figures of 值班信访 (duty/petitions.ts, duty/phone-log.ts), each defined once here as SQL over its records, so
 * that its value, its drill-down (`GET /api/reports/drill?figure=duty.…`) and the year-end summary's 接待上访群众X起X人次
 * and 各类电话X次 all come from the same definition:
 *
 * - `duty.petitionVisits`: visits registered whose reception time lies in the period (起);
 * - `duty.petitioners`: the people of those visits added up (人次);
 * - `duty.collectiveVisits`: those of them with `COLLECTIVE_VISIT_MIN` people or more (集体访);
 * - `duty.phoneCalls`: calls logged whose time lies in the period (次), also given month by month;
 * - `duty.emergencyReports`: reports upward of 应急值班信息 (duty/incidents.ts) whose time lies in the period (条):
 *   电话初报, 书面初报, 续报 and 终报 each count one. The summary's 「报送应急值班信息X条」 counts what the office sent
 *   up, not the incidents it heard of: an incident reported by phone, then in writing, twice more and finally is five
 *   条; an incident recorded but never reported upward is none.
 */
import type { EntityManager } from 'typeorm';
import { COLLECTIVE_VISIT_MIN } from '../../entities';
import { formatISODate, parseISODate, type WorkCalendar } from '../calendar';
import { computeFigures, cond, type FigureSpec, type Period, type QueryContext } from './engine';

export const DUTY_SPECS: FigureSpec[] = [
  {
    id: 'duty.petitionVisits',
    domain: 'visits',
    kind: 'count',
    label: '接待上访群众（起）',
    definition: '期间内登记的来访接待次数（按接待时间计，一次来访计一起）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'duty.petitioners',
    domain: 'visits',
    kind: 'sum',
    label: '接待上访群众（人次）',
    definition: '期间内登记的来访接待的来访人数之和',
    set: () => cond('1 = 1'),
    sum: 'pv.petitioners',
  },
  {
    id: 'duty.collectiveVisits',
    domain: 'visits',
    kind: 'count',
    label: '集体访',
    definition: `期间内登记的来访中，来访人数${COLLECTIVE_VISIT_MIN}人及以上的次数`,
    set: () => cond('pv.petitioners >= ?', COLLECTIVE_VISIT_MIN),
  },
  {
    id: 'duty.phoneCalls',
    domain: 'calls',
    kind: 'count',
    label: '各类电话',
    definition: '期间内值班电话记录的来电次数（按来电时间计）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'duty.emergencyReports',
    domain: 'incidentReports',
    kind: 'count',
    label: '报送应急值班信息',
    definition: '期间内向上级报送突发事件信息的条数（按报送时间计，电话初报、书面初报、续报、终报各计一条）',
    set: () => cond('1 = 1'),
  },
];

export interface DutyFigures {
  from: string;
  to: string;
  figures: { id: string; label: string; definition: string; value: number; records: number }[];
  /** 各类电话 per month of the period (its first and last months cut to the period). */
  phoneCallsByMonth: { month: string; from: string; to: string; count: number }[];
}

/** The months of [from, to], each cut to the period. */
export function monthsOf(period: Period): Period[] {
  const months: Period[] = [];
  let from = period.from;
  while (from <= period.to) {
    const [y, m] = from.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    months.push({ from, to: formatISODate(Math.min(parseISODate(next) - 1, parseISODate(period.to))) });
    from = next;
  }
  return months;
}

/** The duty figures of a period (checked by the caller), and the calls of each of its months. */
export async function dutyFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  period: Period,
): Promise<DutyFigures> {
  const calls = DUTY_SPECS.filter((s) => s.id === 'duty.phoneCalls');
  const [values, months] = await Promise.all([
    computeFigures(manager, calendar, q, DUTY_SPECS, period, {}),
    Promise.all(
      monthsOf(period).map(async (month) => ({
        month,
        value: (await computeFigures(manager, calendar, q, calls, month, {})).get('duty.phoneCalls'),
      })),
    ),
  ]);
  return {
    ...period,
    figures: DUTY_SPECS.map((spec) => ({
      id: spec.id,
      label: spec.label,
      definition: spec.definition,
      value: values.get(spec.id)?.value ?? 0,
      records: values.get(spec.id)?.records ?? 0,
    })),
    phoneCallsByMonth: months.map(({ month, value }) => ({
      month: month.from.slice(0, 7),
      ...month,
      count: value?.records ?? 0,
    })),
  };
}
