/**
 * The figures of the office's registers and ledgers (ledgers/), each defined once here as SQL over its records, so
 * that its value, its drill-down (`GET /api/ledgers/figures/drill` and `/api/reports/drill`) and the year-end summary's
 * sentence all come from the same definition. A record belongs to the period of its date (获得日期, 接待日期, 印发日期,
 * 记录日期; Shanghai civil dates). Counts count records; the money figures add up exact amounts (integers of 0.01 万元)
 * and divide once into 万元.
 *
 * - `ledgers.honours` — honours received (开篇: 获得…等荣誉);
 * - `ledgers.receptions` — receptions of any visiting body; `ledgers.receptionsProvincialCity` — of 省级 and 市级
 *   bodies (一、1: 省、市级现场会和调研督导的接待任务X次); `ledgers.receptionsResearch` — 省、市 调研 alone
 *   (一、4: 接待省市相关调研X次);
 * - `ledgers.briefs` — briefs issued (期), narrowed to a series by the type (一、4: 起草“五型”政府简报X期);
 * - `ledgers.practicalDeeds`, `problemLists`, `problemsFound`, `problemsRectified` — 学习教育 ledgers (二、1);
 * - `ledgers.pairingVisits`, `pairingFunds`, `housingFunds` — 结对帮扶 (二、2);
 * - `ledgers.civicFunds`, `civicActivities` — 双创 (二、3).
 */
import type { EntityManager } from 'typeorm';
import type { LedgerCategory } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { computeFigures, cond, type FigureSpec, type Period, type QueryContext } from './engine';

const category = (c: LedgerCategory) => cond('le.category = ?', c);
/** What a money entry adds: its exact integer of 0.01 万元, the sum divided once into 万元. */
const CENTI_WAN = { sum: 'le.amount_centi_wan', sumPer: 100 };

export const LEDGER_SPECS: FigureSpec[] = [
  {
    id: 'ledgers.honours',
    domain: 'honours',
    kind: 'count',
    label: '获得荣誉',
    definition: '期间内获得的荣誉项数（按获得日期计；类型为荣誉级别）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'ledgers.receptions',
    domain: 'receptions',
    kind: 'count',
    label: '接待任务',
    definition: '期间内登记的现场会、调研督导、调研接待次数（按接待日期计，各级来访单位）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'ledgers.receptionsProvincialCity',
    domain: 'receptions',
    kind: 'count',
    label: '省、市级现场会和调研督导接待',
    definition: '期间内接待省级、市级单位现场会、调研督导、调研的次数',
    set: () => cond("orc.level IN ('provincial', 'city')"),
  },
  {
    id: 'ledgers.receptionsResearch',
    domain: 'receptions',
    kind: 'count',
    label: '接待省市相关调研',
    definition: '期间内接待省级、市级单位调研的次数（接待类型为“调研”）',
    set: () => cond("orc.level IN ('provincial', 'city') AND orc.kind = 'research'"),
  },
  {
    id: 'ledgers.briefs',
    domain: 'briefs',
    kind: 'count',
    label: '编发简报（期）',
    definition: '期间内印发的简报期数（按印发日期计；类型为简报名称，如“五型政府简报”）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'ledgers.practicalDeeds',
    domain: 'ledgerEntries',
    kind: 'count',
    label: '为群众办好事实事（件）',
    definition: '学习教育类台账中期间内登记的“办实事”记录条数，一条计一件',
    set: () => category('practical_deed'),
  },
  {
    id: 'ledgers.problemLists',
    domain: 'ledgerEntries',
    kind: 'count',
    label: '建立检视问题清单（份）',
    definition: '学习教育类台账中期间内登记的“检视问题清单”记录条数，一条计一份',
    set: () => category('problem_list'),
  },
  {
    id: 'ledgers.problemsFound',
    domain: 'ledgerEntries',
    kind: 'count',
    label: '查找出问题（个）',
    definition: '学习教育类台账中期间内登记的“问题”记录条数（按查找日期计），一条计一个',
    set: () => category('problem'),
  },
  {
    id: 'ledgers.problemsRectified',
    domain: 'ledgerEntries',
    kind: 'count',
    label: '已整改问题（个）',
    definition: '上述问题中，截至统计时已标记整改到位的个数（不论整改完成日期）',
    set: () => cond("le.category = 'problem' AND le.rectified = 1"),
  },
  {
    id: 'ledgers.pairingVisits',
    domain: 'ledgerEntries',
    kind: 'count',
    label: '结对帮扶入户走访（次）',
    definition: '结对帮扶类台账中期间内登记的“入户走访”记录条数，一条计一次',
    set: () => category('home_visit'),
  },
  {
    id: 'ledgers.pairingFunds',
    domain: 'ledgerEntries',
    kind: 'sum',
    label: '筹集帮扶资金（万元）',
    definition: '结对帮扶类台账中期间内登记的“筹集帮扶资金”金额之和（万元）',
    set: () => category('raised_funds'),
    ...CENTI_WAN,
  },
  {
    id: 'ledgers.housingFunds',
    domain: 'ledgerEntries',
    kind: 'sum',
    label: '争取危房改造等项目资金（万元）',
    definition: '结对帮扶类台账中期间内登记的“争取项目资金”（如危房改造资金）金额之和（万元）',
    set: () => category('project_funds'),
    ...CENTI_WAN,
  },
  {
    id: 'ledgers.civicFunds',
    domain: 'ledgerEntries',
    kind: 'sum',
    label: '双创投入资金（万元）',
    definition: '双创类台账中期间内登记的“投入资金”金额之和（万元）',
    set: () => category('civic_funds'),
    ...CENTI_WAN,
  },
  {
    id: 'ledgers.civicActivities',
    domain: 'ledgerEntries',
    kind: 'count',
    label: '开展集中活动（次）',
    definition: '双创类台账中期间内登记的“集中活动”（如集中大扫除）记录条数，一条计一次',
    set: () => category('civic_activity'),
  },
];

export const ledgerSpec = (id: string) => LEDGER_SPECS.find((s) => s.id === id);

export interface LedgerFigure {
  id: string;
  label: string;
  definition: string;
  /** A count, or 万元 (exact to 0.01) for a sum. */
  value: number;
  records: number;
}

export interface LedgerFigures {
  from: string;
  to: string;
  figures: LedgerFigure[];
  /** `ledgers.briefs` per series issued in the period, by name. */
  briefsBySeries: { series: string; issues: number }[];
}

/** Every ledger figure of a period (checked by the caller), and the briefs per series. */
export async function ledgerFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  period: Period,
): Promise<LedgerFigures> {
  const values = await computeFigures(manager, calendar, q, LEDGER_SPECS, period, {});
  const series = (await manager.query(
    'SELECT ob.series AS series, COUNT(*) AS n FROM office_brief ob WHERE ob.issued_on >= ? AND ob.issued_on <= ? ' +
      'GROUP BY ob.series ORDER BY ob.series',
    [period.from, period.to],
  )) as { series: string; n: number | string }[];
  return {
    ...period,
    figures: LEDGER_SPECS.map((spec) => {
      const v = values.get(spec.id);
      return {
        id: spec.id,
        label: spec.label,
        definition: spec.definition,
        value: v?.value ?? 0,
        records: v?.records ?? 0,
      };
    }),
    briefsBySeries: series.map((r) => ({ series: String(r.series), issues: Number(r.n) })),
  };
}
