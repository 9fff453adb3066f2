import type { EntityManager } from 'typeorm';
import { INTERNAL_MEETING_TYPES } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { kindSetting } from '../numbering/numbers';
import { OUTLOOK_FIGURES, outlookStatements } from './annual-outlook';
import { type AnnualStatement, registerStatements, STATEMENT_NAMES } from './annual-statements';
import { ANNUAL_TEMPLATE } from './annual-template';
import { DASHBOARD_SPECS } from './dashboard';
import { DUTY_SPECS } from './duty-figures';
import { computeFigures, cond, type FigureSpec, type FigureValue, type QueryContext } from './engine';
import { INFORMATION_SPECS } from './information-figures';
import { LEDGER_SPECS } from './ledger-figures';
import { MEETING_HELD_SPECS } from './meeting-figures';
import { overdueByUnit } from './overdue-ranking';
import { RESEARCH_SPECS } from './research-figures';

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
    '全年交办的信访交办函件数（按督办事项登记；由来访接待转成的督办事项不计，已计入接待上访群众）',
    "m.source = 'petition' AND NOT EXISTS (SELECT 1 FROM petition_visit pv WHERE pv.matter_id = m.id)",
  ),
  count(
    'annual.meetings',
    'meetings',
    '会议（不含机关党建和学习）',
    '全年召开（已发通知或已召开，不含草稿和已取消）的会议次数，不含办公室内部的支部党员大会、支委会、党小组会、党课、' +
      '主题党日、集中学习和秘书集中学习，按会议开始日期计：精简会议比较的是区政府的会议',
    `mt.type NOT IN (${INTERNAL_MEETING_TYPES.map((t) => `'${t}'`).join(', ')})`,
  ),
  count(
    'annual.netizen',
    'matters',
    '办结网民留言',
    '全年交办的网民留言中，目前已办结的件数',
    `m.source = 'netizen_message' AND ${DONE}`,
  ),
];

/**
 * Every figure an id can name: the dashboard's, the year-end ones, meetings held, and those of 值班信访, 政务信息,
 * 调研 and 督查建议, and the office's registers and ledgers.
 */
export const ALL_SPECS: FigureSpec[] = [
  ...DASHBOARD_SPECS,
  ...ANNUAL_SPECS,
  ...MEETING_HELD_SPECS,
  ...DUTY_SPECS,
  ...INFORMATION_SPECS,
  ...RESEARCH_SPECS,
  ...LEDGER_SPECS,
];

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
/** A count or sum of records the office may not keep in Duban at all: no record in the year is 无记录, not 0. */
const recorded = (v: FigureValue) => (v.records === 0 ? null : String(v.value));

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
  { name: 'coordinationHeld', label: '专题协调（已召开）', figure: 'meetings.held.coordinating', show: number },
  { name: 'disciplineNotices', label: '违反会风会纪通报', figure: 'meetings.disciplineNotices', show: number },
  {
    name: 'receptions',
    label: '省、市级现场会和调研督导接待',
    figure: 'ledgers.receptionsProvincialCity',
    show: recorded,
  },
  { name: 'researchReports', label: '形成调研报告', figure: 'research.reports', show: recorded },
  { name: 'researchProblems', label: '调研查找出存在问题', figure: 'research.problems', show: recorded },
  { name: 'researchToMatters', label: '存在问题转为督办事项', figure: 'research.problemsToMatters', show: recorded },
  { name: 'infoReported', label: '上报政务信息', figure: 'information.reported', show: recorded },
  { name: 'infoAdopted', label: '政务信息被采用', figure: 'information.adopted', show: recorded },
  { name: 'infoAdoptedByCity', label: '被市政府办公室采用', figure: 'information.adoptedByCity', show: recorded },
  { name: 'infoAdoptedWhole', label: '政务信息被全篇采用', figure: 'information.adoptedWhole', show: recorded },
  { name: 'commissionedReported', label: '上报约稿', figure: 'information.commissionedReported', show: recorded },
  { name: 'commissionedAdopted', label: '约稿被采用', figure: 'information.commissionedAdopted', show: recorded },
  { name: 'keyWork', label: '重点工作、重点项目', figure: 'annual.keyWork', show: number },
  { name: 'inspections', label: '现场督查、电话督查', figure: 'supervision.inspections', show: recorded },
  { name: 'urges', label: '督查（催办）', figure: 'annual.urges', show: number },
  { name: 'bulletins', label: '编发督查通报', figure: 'annual.bulletins', show: number },
  { name: 'suggestions', label: '提出督查建议', figure: 'supervision.suggestions', show: recorded },
  { name: 'npc', label: '区人大代表建议', figure: 'annual.npc', show: number },
  { name: 'cppcc', label: '区政协委员提案', figure: 'annual.cppcc', show: number },
  { name: 'replyRate', label: '建议提案办复率', figure: 'annual.deputy.replyRate', show: percent },
  { name: 'satisfactionRate', label: '建议提案满意率', figure: 'annual.deputy.satisfactionRate', show: percent },
  { name: 'petitionVisits', label: '接待上访群众（起）', figure: 'duty.petitionVisits', show: recorded },
  { name: 'petitioners', label: '接待上访群众（人次）', figure: 'duty.petitioners', show: recorded },
  { name: 'petitions', label: '处理信访交办函', figure: 'annual.petitions', show: number },
  { name: 'phoneCalls', label: '各类电话', figure: 'duty.phoneCalls', show: recorded },
  { name: 'emergencyReports', label: '报送应急值班信息', figure: 'duty.emergencyReports', show: recorded },
  { name: 'netizen', label: '办结网友提交问题', figure: 'annual.netizen', show: number },
  { name: 'briefs', label: '编发工作简报', figure: 'ledgers.briefs', show: recorded },
  { name: 'receptionsResearch', label: '接待省、市相关调研', figure: 'ledgers.receptionsResearch', show: recorded },
  { name: 'practicalDeeds', label: '为群众办实事', figure: 'ledgers.practicalDeeds', show: recorded },
  { name: 'problemLists', label: '建立检视问题清单', figure: 'ledgers.problemLists', show: recorded },
  { name: 'problemsFound', label: '查找出问题', figure: 'ledgers.problemsFound', show: recorded },
  { name: 'problemsRectified', label: '已整改到位的问题', figure: 'ledgers.problemsRectified', show: recorded },
  { name: 'pairingVisits', label: '结对帮扶入户走访', figure: 'ledgers.pairingVisits', show: recorded },
  { name: 'pairingFunds', label: '筹集帮扶资金', figure: 'ledgers.pairingFunds', show: recorded },
  { name: 'housingFunds', label: '争取危房改造等项目资金', figure: 'ledgers.housingFunds', show: recorded },
  { name: 'civicFunds', label: '“双创”投入资金', figure: 'ledgers.civicFunds', show: recorded },
  { name: 'civicActivities', label: '“双创”集中活动', figure: 'ledgers.civicActivities', show: recorded },
  { name: 'groupStudy', label: '办公室干部集中学习', figure: 'meetings.held.group_study', show: recorded },
  { name: 'secretaryStudy', label: '秘书集中学习', figure: 'meetings.held.secretary_study', show: recorded },
  { name: 'branchAssembly', label: '支部党员大会', figure: 'meetings.held.branch_assembly', show: recorded },
  { name: 'themePartyDay', label: '主题党日活动', figure: 'meetings.held.theme_party_day', show: recorded },
  { name: 'branchCommittee', label: '支委会', figure: 'meetings.held.branch_committee', show: recorded },
  { name: 'partyCell', label: '党小组会', figure: 'meetings.held.party_cell', show: recorded },
  { name: 'partyLecture', label: '单位主要领导上党课', figure: 'meetings.held.party_lecture', show: recorded },
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
  /** Which way it went; `none` when last year has no record to compare with. */
  direction: 'up' | 'down' | 'flat' | 'none';
  /** The change in words (增加2件、增长50.0%); what the figures pages print. */
  text: string;
  /** The summary's sentence, chosen by the direction: a reduction is never written for an increase. */
  sentence: string;
  definition: string;
}

/** A gap a person fills in: where in the summary, and what. */
export interface NeedsPerson {
  section: string;
  what: string;
}

export interface AnnualReport {
  year: number;
  from: string;
  to: string;
  /** The issuing office as configured (kind `annual_summary`): the summary's title and 落款. */
  office: string;
  /** When the figures were read: the draft's 成文日期 until the office sets its own. */
  writtenAt: string;
  figures: AnnualFigure[];
  changes: AnnualChange[];
  /** Words from the registers: the honours, the titles adopted whole, the rankings given from outside. */
  statements: AnnualStatement[];
  needsPerson: NeedsPerson[];
  /** The summary's sections and items, each with the figures it writes in order: how the mini-app lays them out. */
  layout: readonly AnnualSection[];
}

/** A numbered item of the summary (or a section's free paragraphs): its figures, their measure words, its gaps. */
export interface AnnualItem {
  title: string;
  /** Figure and change names, in the order the summary writes them. */
  figures: string[];
  /** The measure word written after a figure (件, 次, 期 …); rates and sentences have none. */
  units: Record<string, string>;
  /** The `needsPerson` section whose gaps fall in this item, if any. */
  gaps: string | null;
}

export interface AnnualSection {
  title: string;
  items: AnnualItem[];
}

const CHANGE_WORDS = {
  outgoingChange: { subject: '发文', unit: '件', cut: '精简文件' },
  meetingChange: { subject: '召开会议', unit: '次', cut: '精简会议' },
} as const;

const percentText = (rate: number) => `${(Math.round(Math.abs(rate) * 1000) / 10).toFixed(1)}%`;

/** The change on last year, its words and its sentence, all from the sign of thisYear − lastYear. */
export function changeOf(name: AnnualChange['name'], label: string, figure: string, now: number, before: number) {
  const { subject, unit, cut } = CHANGE_WORDS[name];
  const change = now - before;
  const changeRate = before > 0 ? Math.round((change / before) * 10000) / 10000 : null;
  const direction: AnnualChange['direction'] = before === 0 ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const pct = changeRate === null ? '' : percentText(changeRate);
  const text = {
    up: `增加${change}${unit}、增长${pct}`,
    down: `减少${-change}${unit}、下降${pct}`,
    flat: '与上年持平',
    none: '上年无记录，不作比较',
  }[direction];
  const sentence = {
    up: `全年${subject}${now}${unit}，比上年${text}。${GAP_OPEN}${label}比上年增加，请说明原因】`,
    down: `全年${subject}${now}${unit}，比上年${text}，${cut}取得实效。`,
    flat: `全年${subject}${now}${unit}，与上年持平。`,
    none: `全年${subject}${now}${unit}（督办系统中无上年记录，不作同比）。`,
  }[direction];
  return {
    name,
    label,
    figure,
    thisYear: now,
    lastYear: before,
    change,
    changeRate,
    direction,
    text,
    sentence,
    definition: `本年与上年${label}之差，及其占上年数的百分比`,
  };
}

export async function annualReport(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  year: number,
): Promise<AnnualReport> {
  const office = (await kindSetting(manager, 'annual_summary')).issuer;
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const wanted = new Set([...SLOTS.map((s) => s.figure), ...OUTLOOK_FIGURES, 'documents.drafted', 'annual.meetings']);
  const specs = ALL_SPECS.filter((s) => wanted.has(s.id));
  const [values, previous] = await Promise.all([
    computeFigures(manager, calendar, q, specs, period, {}),
    computeFigures(
      manager,
      calendar,
      q,
      specs.filter((s) => s.id === 'documents.drafted' || s.id === 'annual.meetings'),
      { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
      {},
    ),
  ]);
  const statements = [
    ...(await registerStatements(manager, year)),
    ...outlookStatements(values, await overdueByUnit(manager, q, year), year),
  ];
  const empty: FigureValue = { value: null, records: 0 };
  const records = (id: string, of: Map<string, FigureValue>) => of.get(id)?.records ?? 0;
  return {
    year,
    ...period,
    office,
    writtenAt: q.now.toISOString(),
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
      ),
      changeOf(
        'meetingChange',
        '会议数量',
        'annual.meetings',
        records('annual.meetings', values),
        records('annual.meetings', previous),
      ),
    ],
    statements,
    needsPerson: gapsOf(ANNUAL_TEMPLATE, statements),
    layout: ANNUAL_LAYOUT,
  };
}

/** A piece of a summary paragraph: text as written, a figure filled in, or a mark for a person. */
export type Piece = { kind: 'text'; text: string } | { kind: 'figure'; text: string } | { kind: 'gap'; text: string };

const GAP_TEXT = '【待填写】';
const NO_RECORD_TEXT = '【无记录，待填写】';
/** Opens a mark asking the office to check a sentence the figures wrote (closed by 】). */
const GAP_OPEN = '【请核改：';

type Block = (typeof ANNUAL_TEMPLATE)[number];

/** `{?what}` → 【待填写：what】; `{?}` → 【待填写】. */
const gapText = (what: string) => (what ? `【待填写：${what}】` : GAP_TEXT);

/** Text, with every 【…】 mark in it a gap piece of its own (highlighted in the .docx). */
const marked = (text: string): Piece[] =>
  text
    .split(/(【[^】]*】)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('【') ? { kind: 'gap', text: part } : { kind: 'text', text: part }));

/** The summary's paragraphs with the figures in place; `{?…}` and figures without records become gaps. */
export function summaryParagraphs(report: AnnualReport): { kind: Block['kind']; pieces: Piece[] }[] {
  const filled = new Map<string, string | null>([
    ...report.figures.map((f) => [f.name, f.text] as [string, string | null]),
  ]);
  const sentences = new Map<string, string>([
    ['year', String(report.year)],
    ['office', report.office],
    ...report.changes.map((c) => [c.name, c.sentence] as [string, string]),
    ...report.statements.map((s) => [s.name, s.text] as [string, string]),
  ]);
  return ANNUAL_TEMPLATE.map((block) => ({
    kind: block.kind,
    pieces: block.text
      .split(/(\{[^}]*\})/)
      .filter((part) => part !== '')
      .flatMap((part): Piece[] => {
        const slot = /^\{([^}]*)\}$/.exec(part)?.[1];
        if (slot === undefined) return [{ kind: 'text', text: part }];
        if (slot.startsWith('?')) return [{ kind: 'gap', text: gapText(slot.slice(1)) }];
        const sentence = sentences.get(slot);
        if (sentence !== undefined) return marked(sentence);
        const value = filled.get(slot);
        if (value === undefined) throw new Error(`annual template names an unknown figure {${slot}}`);
        return [value === null ? { kind: 'gap', text: NO_RECORD_TEXT } : { kind: 'figure', text: value }];
      }),
  }));
}

/** Where a block stands: 开篇 before the first heading, the heading's numeral (一), or numeral and item (一、1). */
function sectionKeys(template: readonly Block[]): { block: Block; heading: string; key: string }[] {
  let heading = '开篇';
  return template.map((block) => {
    if (block.kind === 'heading') heading = /^(\S)、/.exec(block.text)?.[1] ?? block.text;
    const item = block.kind === 'item' ? /^(\d+)\./.exec(block.text)?.[1] : undefined;
    return { block, heading, key: item ? `${heading}、${item}` : heading };
  });
}

/**
 * Every `{?…}` of the template, and every 【待填写：…】 of a register's words, under the section it stands in (开篇;
 * 一、1; 二), one entry per section, for the list of what a person writes.
 */
function gapsOf(template: Block[], statements: readonly AnnualStatement[]): NeedsPerson[] {
  const gaps = new Map<string, string[]>();
  const statementGaps = (name: string) =>
    [...(statements.find((s) => s.name === name)?.text.matchAll(/【(?:无记录，)?待填写：([^】]*)】/g) ?? [])].map(
      (m) => `{?${m[1]}}`,
    );
  for (const { block, key } of sectionKeys(template)) {
    const text = block.text.replace(/\{(\w+)\}/g, (slot, name: string) => statementGaps(name).join('') || slot);
    for (const [, what] of text.matchAll(/\{\?([^}]*)\}/g)) {
      gaps.set(key, [...(gaps.get(key) ?? []), what || '待填写']);
    }
  }
  return [...gaps].map(([section, whats]) => ({ section, what: whats.join('；') }));
}

/** The measure words a figure is written with in the template, longest first. */
const MEASURE_WORD = /^(个工作日|件|次|期|篇|项|起|个|份|人次|条|万元)/;
/** Slots that are not figures: the year and the office. */
const NOT_FIGURES = new Set(['year', 'office']);

/**
 * The template as sections of items: each heading a section, each numbered item an item titled by its words before
 * the first 。 (1.办文), a section's free paragraphs one item under its own title; 开篇 before the first heading.
 */
function layoutOf(template: readonly Block[]): AnnualSection[] {
  const sections: AnnualSection[] = [];
  for (const { block, key } of sectionKeys(template)) {
    if (block.kind === 'heading') {
      sections.push({ title: block.text, items: [] });
      continue;
    }
    if (sections.length === 0) sections.push({ title: '开篇', items: [] });
    const section = sections[sections.length - 1] as AnnualSection;
    const title = block.kind === 'item' ? (block.text.split('。')[0] ?? block.text) : section.title;
    let item = section.items.find((i) => i.title === title);
    if (!item) {
      item = { title, figures: [], units: {}, gaps: null };
      section.items.push(item);
    }
    for (const match of block.text.matchAll(/\{([^?}][^}]*)\}/g)) {
      const name = match[1] as string;
      if (NOT_FIGURES.has(name)) continue;
      item.figures.push(name);
      const unit = MEASURE_WORD.exec(block.text.slice((match.index ?? 0) + match[0].length))?.[1];
      if (unit) item.units[name] = unit;
    }
    // A person's gaps: the template's `{?…}`, and a register's words, which are a gap while nothing is recorded.
    if (/\{\?/.test(block.text) || STATEMENT_NAMES.some((name) => block.text.includes(`{${name}}`))) item.gaps = key;
  }
  return sections;
}

/** The summary's layout, made once from the template. */
export const ANNUAL_LAYOUT: readonly AnnualSection[] = layoutOf(ANNUAL_TEMPLATE);
