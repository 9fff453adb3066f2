import type { EntityManager } from 'typeorm';
import type { WorkCalendar } from '../calendar';
import { ANNUAL_TEMPLATE } from './annual-template';
import { DASHBOARD_SPECS } from './dashboard';
import { computeFigures, cond, type FigureSpec, type FigureValue, type QueryContext } from './engine';

/**
 * The year-end figures of the office's summary (annual-template.ts) that Duban's records can back, each with its
 * definition and the figure it drills down to; and, listed apart, the figures only a person can supply.
 * The year is January 1st to December 31st, Shanghai dates; the figures are those of the dashboard where one
 * exists (so the two never disagree), else defined here.
 */

const DONE = "m.status IN ('completed', 'evaluated')";
const deputy = "m.source IN ('npc_suggestion', 'cppcc_proposal')";

const count = (id: string, domain: FigureSpec['domain'], label: string, definition: string, where: string) =>
  ({ id, domain, kind: 'count', label, definition, set: () => cond(where) }) satisfies FigureSpec;

const electronicSubmit = () =>
  cond(
    "dl.purpose = 'submit' AND dl.status = 'closed' AND " +
      "EXISTS (SELECT 1 FROM document e WHERE e.id = dl.subject_id AND e.origin = 'dingtalk')",
  );

export const ANNUAL_SPECS: FigureSpec[] = [
  {
    id: 'annual.submit.workdays',
    domain: 'limits',
    kind: 'workdays',
    label: '电子收文拟办呈送用时',
    definition: '全年经钉钉流转的电子收文中已完成拟办呈送的，自收文之日至呈送之日的工作日数（当日完成计0）',
    set: electronicSubmit,
    span: ['dl.received_at', 'dl.closed_at'],
  },
  {
    id: 'annual.submit.onTimeRate',
    domain: 'limits',
    kind: 'rate',
    label: '电子收文按时限拟办呈送比例',
    definition: '全年经钉钉流转的电子收文中已完成拟办呈送的，在时限内完成的比例',
    set: electronicSubmit,
    part: () => cond('dl.met_on_time = 1'),
  },
  count(
    'annual.coordinationMeetings',
    'meetings',
    '协调、调度会议',
    '全年召开的专题协调会和调度会次数（已发通知或已召开，不含草稿和已取消）',
    "mt.type IN ('coordination', 'scheduling')",
  ),
  count('annual.keyWork', 'matters', '重点工作', '全年交办的重点工作（重点项目）督办事项数', "m.source = 'key_work'"),
  count(
    'annual.urges',
    'urges',
    '督查（催办）',
    '全年督查室在系统中对督办事项催办的次数；现场查看、电话督查未在系统中记录的不在其内',
    '1 = 1',
  ),
  count('annual.bulletins', 'bulletins', '编发督查通报', '全年发布的督查通报期数（按发布日期计）', '1 = 1'),
  count('annual.npc', 'matters', '人大代表建议', '全年交办的区人大代表建议件数', "m.source = 'npc_suggestion'"),
  count('annual.cppcc', 'matters', '政协委员提案', '全年交办的区政协委员提案件数', "m.source = 'cppcc_proposal'"),
  {
    id: 'annual.deputy.replyRate',
    domain: 'matters',
    kind: 'rate',
    label: '建议提案办复率',
    definition: '全年交办的人大代表建议和政协委员提案中，已办复（办结）的比例',
    set: () => cond(deputy),
    part: () => cond(DONE),
  },
  {
    id: 'annual.deputy.satisfactionRate',
    domain: 'matters',
    kind: 'rate',
    label: '建议提案满意率',
    definition: '已办复且代表委员已反馈意见的建议提案中，满意和基本满意的比例',
    set: () => cond(`${deputy} AND ${DONE} AND m.satisfaction IS NOT NULL`),
    part: () => cond("m.satisfaction IN ('satisfied', 'basically_satisfied')"),
  },
  count(
    'annual.petitions',
    'matters',
    '信访交办函',
    '全年交办的信访交办函件数（按督办事项登记）',
    "m.source = 'petition'",
  ),
  count(
    'annual.netizen',
    'matters',
    '办结网民留言',
    '全年交办的网民留言中，目前已办结的件数',
    `m.source = 'netizen_message' AND ${DONE}`,
  ),
  count(
    'annual.articles',
    'matters',
    '上报约稿',
    '全年交办的约稿中，已办结（已上报）的篇数',
    `m.source = 'commissioned_article' AND ${DONE}`,
  ),
];

/** Every figure an id can name: the dashboard's and the year-end ones. */
export const ALL_SPECS: FigureSpec[] = [...DASHBOARD_SPECS, ...ANNUAL_SPECS];

export const specById = (id: string) => ALL_SPECS.find((s) => s.id === id);

/** How each `{name}` of the template is filled: from which figure, and how the value is written. */
interface Slot {
  name: string;
  label: string;
  figure: string;
  /** The value as printed; null when there is nothing to print. */
  show: (v: FigureValue) => string | null;
  /** A definition beyond the figure's own (e.g. median instead of mean). */
  definition?: string;
}

const number = (v: FigureValue) => (v.value === null ? null : String(v.value));
const percent = (v: FigureValue) => (v.value === null ? null : `${(Math.round(v.value * 1000) / 10).toFixed(1)}%`);
const medianOf = (v: FigureValue) => (v.median == null ? null : String(v.median));

const SLOTS: Slot[] = [
  {
    name: 'sign.median',
    label: '文件签发用时（中位数）',
    figure: 'documents.sign.workdays',
    show: medianOf,
    definition: '全年起草的文件已签发的，自提交之日至签发之日的工作日数的中位数（当日签发计0）',
  },
  { name: 'sign.within', label: '文件在时限内签发的比例', figure: 'documents.sign.onTimeRate', show: percent },
  {
    name: 'submit.median',
    label: '电子收文拟办呈送用时（中位数）',
    figure: 'annual.submit.workdays',
    show: medianOf,
    definition: '全年经钉钉流转的电子收文已拟办呈送的，自收文之日至呈送之日的工作日数的中位数（当日完成计0）',
  },
  { name: 'submit.within', label: '电子收文在时限内拟办呈送的比例', figure: 'annual.submit.onTimeRate', show: percent },
  { name: 'received', label: '全年处理来文', figure: 'documents.received', show: number },
  { name: 'completionRate', label: '来文办结率', figure: 'documents.completionRate', show: percent },
  { name: 'drafted', label: '起草区政府和区政府办公室文件', figure: 'documents.drafted', show: number },
  { name: 'executive', label: '区政府常务会议', figure: 'meetings.executive', show: number },
  { name: 'partyGroup', label: '区政府党组会议', figure: 'meetings.party_group', show: number },
  { name: 'coordination', label: '重点协调、调度会议', figure: 'annual.coordinationMeetings', show: number },
  { name: 'disciplineNotices', label: '违反会风会纪通报', figure: 'meetings.disciplineNotices', show: number },
  { name: 'articles', label: '上报约稿', figure: 'annual.articles', show: number },
  { name: 'keyWork', label: '重点工作、重点项目', figure: 'annual.keyWork', show: number },
  { name: 'urges', label: '督查（催办）', figure: 'annual.urges', show: number },
  { name: 'bulletins', label: '编发督查通报', figure: 'annual.bulletins', show: number },
  { name: 'npc', label: '区人大代表建议', figure: 'annual.npc', show: number },
  { name: 'cppcc', label: '区政协委员提案', figure: 'annual.cppcc', show: number },
  { name: 'replyRate', label: '建议提案办复率', figure: 'annual.deputy.replyRate', show: percent },
  { name: 'satisfactionRate', label: '建议提案满意率', figure: 'annual.deputy.satisfactionRate', show: percent },
  { name: 'petitions', label: '处理信访交办函', figure: 'annual.petitions', show: number },
  { name: 'netizen', label: '办结网友提交问题', figure: 'annual.netizen', show: number },
];

/** What the records cannot back: a person writes these in, wherever `{?}` stands in the template. */
export const NEEDS_PERSON: { section: string; what: string }[] = [
  { section: '开篇', what: '获评荣誉的年度' },
  { section: '一、1', what: '专题协调各类事项次数；接待省、市级现场会和调研督导次数（系统未记录）' },
  {
    section: '一、2',
    what: '调研报告份数、查找问题个数；约稿采用篇数；政务信息得分全市、全省排名；市政府办公室采用信息条数及篇名',
  },
  { section: '一、3', what: '提出督查建议条数（系统未单独记录督查建议）' },
  { section: '一、4', what: '“五型”政府简报期数、接待调研次数、考核材料类数和份数' },
  { section: '二、1—3', what: '党史学习教育、乡村振兴帮扶、“双创”工作的次数、件数和金额' },
  { section: '二、4', what: '接待上访群众起数和人次、各类电话次数、应急值班信息条数' },
  { section: '三、1、4', what: '集中学习次数、“学习强国”积分、支部党员大会、主题活动日、支委会和党课次数' },
];

export interface AnnualFigure {
  name: string;
  label: string;
  /** The figure it is read from (GET /api/reports/drill?figure=…). */
  figure: string;
  value: number | null;
  /** As printed in the summary; null when the records hold nothing to print. */
  text: string | null;
  definition: string;
  /** How many records it rests on. */
  records: number;
}

export interface AnnualChange {
  name: 'outgoingChange' | 'meetingChange';
  label: string;
  figure: string;
  thisYear: number;
  lastYear: number;
  /** thisYear − lastYear. */
  change: number;
  /** change ÷ lastYear, a fraction to 4 places; null when last year had none. */
  changeRate: number | null;
  text: string;
  definition: string;
}

export interface AnnualReport {
  year: number;
  from: string;
  to: string;
  figures: AnnualFigure[];
  changes: AnnualChange[];
  needsPerson: typeof NEEDS_PERSON;
}

function changeOf(
  name: AnnualChange['name'],
  label: string,
  figure: string,
  now: number,
  before: number,
  unit: string,
) {
  const change = now - before;
  const changeRate = before > 0 ? Math.round((change / before) * 10000) / 10000 : null;
  const word = change < 0 ? '减少' : '增加';
  const pct = changeRate === null ? '' : `${(Math.round(Math.abs(changeRate) * 1000) / 10).toFixed(1)}%`;
  const text =
    name === 'outgoingChange'
      ? `${word}${Math.abs(change)}${unit}${pct ? `，${word}${pct}` : ''}`
      : pct
        ? `${word}${pct}`
        : `${word}${Math.abs(change)}${unit}`;
  return {
    name,
    label,
    figure,
    thisYear: now,
    lastYear: before,
    change,
    changeRate,
    text: change === 0 ? '与上年持平' : text,
    definition: `本年与上年${label}之差，及其占上年数的百分比`,
  };
}

export async function annualReport(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  year: number,
): Promise<AnnualReport> {
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const wanted = new Set([...SLOTS.map((s) => s.figure), 'documents.drafted', 'meetings.total']);
  const specs = ALL_SPECS.filter((s) => wanted.has(s.id));
  const [values, previous] = await Promise.all([
    computeFigures(manager, calendar, q, specs, period, {}),
    computeFigures(
      manager,
      calendar,
      q,
      specs.filter((s) => s.id === 'documents.drafted' || s.id === 'meetings.total'),
      { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
      {},
    ),
  ]);
  const empty: FigureValue = { value: null, records: 0 };
  const records = (id: string, of: Map<string, FigureValue>) => of.get(id)?.records ?? 0;
  return {
    year,
    ...period,
    figures: SLOTS.map((slot) => {
      const spec = specById(slot.figure) as FigureSpec;
      const v = values.get(slot.figure) ?? empty;
      return {
        name: slot.name,
        label: slot.label,
        figure: slot.figure,
        value: slot.show === medianOf ? (v.median ?? null) : v.value,
        text: slot.show(v),
        definition: slot.definition ?? spec.definition.replace(/^期间内/, '全年'),
        records: v.records,
      };
    }),
    changes: [
      changeOf(
        'outgoingChange',
        '发文数量',
        'documents.drafted',
        records('documents.drafted', values),
        records('documents.drafted', previous),
        '件',
      ),
      changeOf(
        'meetingChange',
        '会议数量',
        'meetings.total',
        records('meetings.total', values),
        records('meetings.total', previous),
        '次',
      ),
    ],
    needsPerson: NEEDS_PERSON,
  };
}

/** A piece of a summary paragraph: text as written, a figure filled in, or a gap for a person. */
export type Piece = { kind: 'text'; text: string } | { kind: 'figure'; text: string } | { kind: 'gap'; text: string };

export const GAP_TEXT = '【待填写】';
export const NO_RECORD_TEXT = '【无记录，待填写】';

/** The summary's paragraphs with the figures in place; `{?}` and figures without records become gaps. */
export function summaryParagraphs(report: AnnualReport): { kind: 'heading' | 'item' | 'para'; pieces: Piece[] }[] {
  const filled = new Map<string, string | null>([
    ['year', String(report.year)],
    ...report.figures.map((f) => [f.name, f.text] as [string, string | null]),
    ...report.changes.map((c) => [c.name, c.text] as [string, string]),
  ]);
  return ANNUAL_TEMPLATE.map((block) => ({
    kind: block.kind,
    pieces: block.text
      .split(/(\{[^}]+\})/)
      .filter((part) => part !== '')
      .map((part): Piece => {
        const slot = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (slot === undefined) return { kind: 'text', text: part };
        if (slot === '?') return { kind: 'gap', text: GAP_TEXT };
        const value = filled.get(slot);
        if (value === undefined) throw new Error(`annual template names an unknown figure {${slot}}`);
        return value === null ? { kind: 'gap', text: NO_RECORD_TEXT } : { kind: 'figure', text: value };
      }),
  }));
}
