import type { EntityManager } from 'typeorm';
import { DOCUMENT_KINDS, MATTER_SOURCES, MATTER_STATUSES, type MatterSource, MEETING_TYPES } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { LIMIT_LABELS } from '../documents/queries';
import { NODE_STAGES_OF_KIND, STAGE_LABELS } from '../documents/stages';
import { builtInName } from '../meetings/types';
import { DONE_STATUSES, SOURCES } from '../supervision/sources';
import {
  addTo,
  baseOf,
  computeFigures,
  cond,
  DOMAINS,
  difference,
  type FigureSpec,
  type FigureValue,
  type Period,
  periodInstants,
  type QueryContext,
  rate,
  type Scope,
  type SliceTotal,
  yearEarlier,
} from './engine';
import { FigureRollup, figuresFrom } from './rollup';

/**
 * The leaders' dashboard figures. Each belongs to a period [from, to] (Shanghai civil dates) by the instant its
 * record starts: a document by its receipt or submission, a matter by its assignment, a meeting by its start, a
 * discipline notice by its issue. "Overdue" is judged at the moment the figures are asked for.
 */

const statusIn = (statuses: readonly string[]) => `m.status IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
const DONE = statusIn(DONE_STATUSES);
/** Not done, written as the open statuses so that the status indexes read each as a range. */
const OPEN = statusIn(MATTER_STATUSES.filter((status) => !DONE_STATUSES.includes(status)));
const ON_TIME = 'COALESCE(m.completed_on_time, 1) = 1';
/**
 * An open matter whose due instant in force has passed, judged at `q.now`: `m.due_at` is its deadline's due instant,
 * kept on the matter by the database (entities Matter.dueAt).
 */
export const overdueMatter = (q: QueryContext) => cond(`${OPEN} AND m.due_at <= ?`, sqlInstant(q.db, q.now));
/** An open matter not yet due at `q.now` (or without a deadline): the open ones less the overdue. */
const pendingMatter = (q: QueryContext) =>
  cond(`${OPEN} AND (m.due_at > ? OR m.due_at IS NULL)`, sqlInstant(q.db, q.now));
const overdueLimit = (q: QueryContext) => cond("dl.status = 'open' AND dl.due_at <= ?", sqlInstant(q.db, q.now));

/** The shipped names of the meeting types (meetings/types.ts), as the figures are labelled. */
export const MEETING_TYPE_NAMES = Object.fromEntries(MEETING_TYPES.map((type) => [type, builtInName(type)])) as Record<
  (typeof MEETING_TYPES)[number],
  string
>;

const documentSpecs: FigureSpec[] = [
  {
    id: 'documents.received',
    domain: 'documents',
    kind: 'count',
    label: '收文',
    definition: '期间内登记（收到）的来文件数，已撤回的不计',
    set: () => cond("d.kind = 'incoming'"),
  },
  {
    id: 'documents.receivedCompleted',
    domain: 'documents',
    kind: 'count',
    label: '收文已办结',
    definition: '期间内收到的来文中，目前已办结的件数',
    set: () => cond("d.kind = 'incoming' AND d.status = 'completed'"),
  },
  {
    id: 'documents.completionRate',
    domain: 'documents',
    kind: 'rate',
    label: '收文办结率',
    definition: '收文已办结件数 ÷ 收文件数',
    set: () => cond("d.kind = 'incoming'"),
    part: () => cond("d.status = 'completed'"),
  },
  {
    id: 'documents.drafted',
    domain: 'documents',
    kind: 'count',
    label: '发文',
    definition: '期间内提交（起草）的发文件数，已撤回的不计',
    set: () => cond("d.kind = 'outgoing'"),
  },
  {
    id: 'documents.overdueOpen',
    domain: 'limits',
    kind: 'count',
    label: '公文逾期未办',
    definition: '期间内收文、发文中，拟办呈送、办结或签发时限已过而尚未完成的时限数（截至查询时）',
    set: overdueLimit,
    live: true,
  },
  ...(['incoming', 'outgoing'] as const).flatMap((kind) =>
    (kind === 'incoming' ? ['submit', 'complete'] : ['sign']).flatMap((purpose): FigureSpec[] => {
      const label = LIMIT_LABELS[purpose] ?? purpose;
      // Met limits only: one closed by a refusal or a withdrawal is neither on time nor late (met_on_time null).
      const closed = () => cond("dl.purpose = ? AND dl.status = 'closed' AND dl.met_on_time IS NOT NULL", purpose);
      return [
        {
          id: `documents.${purpose}.onTimeRate`,
          domain: 'limits',
          kind: 'rate',
          label: `${label}按期率`,
          definition: `期间内的公文已完成${label}的，在时限内完成的比例（按已批准延期后的时限；被退回（不同意）或撤回的不计入）`,
          set: closed,
          part: () => cond('dl.met_on_time = 1'),
        },
        {
          id: `documents.${purpose}.workdays`,
          domain: 'limits',
          kind: 'workdays',
          label: `${label}平均用时`,
          definition: `期间内的公文已完成${label}的，自收文（提交）之日至完成之日的工作日数的平均值（当日完成计0；被退回或撤回的不计入）`,
          set: closed,
          span: ['dl.received_at', 'dl.closed_at'],
        },
      ];
    }),
  ),
  ...DOCUMENT_KINDS.flatMap((kind) =>
    NODE_STAGES_OF_KIND[kind].map(
      (stage): FigureSpec => ({
        id: `documents.step.${stage}.onTimeRate`,
        domain: 'steps',
        kind: 'rate',
        label: `${STAGE_LABELS[stage]}环节按期率`,
        definition: `期间内完成且有时限的${STAGE_LABELS[stage]}环节中，在时限内完成的比例（按承办人所在单位统计；拒绝（退回）、转交、取消的不计入）`,
        set: () => cond("s.stage = ? AND s.status = 'done' AND s.on_time IS NOT NULL", stage),
        part: () => cond('s.on_time = 1'),
      }),
    ),
  ),
];

const matterSpecs: FigureSpec[] = [
  {
    id: 'matters.assigned',
    domain: 'matters',
    kind: 'count',
    label: '交办事项',
    definition: '期间内交办的督办事项数（按牵头单位统计）',
    set: () => cond('1 = 1'),
  },
  {
    id: 'matters.completed',
    domain: 'matters',
    kind: 'count',
    label: '已办结',
    definition: '期间内交办的事项中，目前已办结（含已评价）的件数',
    set: () => cond(DONE),
  },
  {
    id: 'matters.completionRate',
    domain: 'matters',
    kind: 'rate',
    label: '办结率',
    definition: '已办结件数 ÷ 交办事项数',
    set: () => cond('1 = 1'),
    part: () => cond(DONE),
  },
  {
    id: 'matters.completedOnTime',
    domain: 'matters',
    kind: 'count',
    label: '按期办结',
    definition: '已办结事项中，办结时间不晚于原定办理期限的件数（延期不改变考核期限）',
    set: () => cond(`${DONE} AND ${ON_TIME}`),
  },
  {
    id: 'matters.overdueOpen',
    domain: 'matters',
    kind: 'count',
    label: '逾期未办结',
    definition: '期间内交办的事项中，尚未办结且办理期限（含已批准的延期）已届满的件数（截至查询时）',
    set: overdueMatter,
    // The open matters (kept) less those not yet due (live): the few pending rows are read, not every open one.
    composedOf: { records: ['matters.open'], minus: ['matters.pending'] },
  },
  {
    id: 'matters.onTimeRate',
    domain: 'matters',
    kind: 'rate',
    label: '按期办结率',
    definition: '按期办结数 ÷（已办结数＋逾期未办结数），与督查通报口径一致',
    set: (q) => {
      const overdue = overdueMatter(q);
      return cond(`${DONE} OR (${overdue.sql})`, ...overdue.params);
    },
    part: () => cond(`${DONE} AND ${ON_TIME}`),
    composedOf: { records: ['matters.completed', 'matters.overdueOpen'], part: 'matters.completedOnTime' },
  },
  {
    id: 'matters.workdays',
    domain: 'matters',
    kind: 'workdays',
    label: '平均办理用时',
    definition: '已办结事项自交办之日至办结之日的工作日数的平均值（当日办结计0）',
    set: () => cond(DONE),
    span: ['m.assigned_at', 'm.completed_at'],
  },
];

const meetingSpecs: FigureSpec[] = [
  {
    id: 'meetings.total',
    domain: 'meetings',
    kind: 'count',
    label: '会议',
    definition: '期间内召开（已发通知或已召开，不含草稿和已取消）的会议次数，按会议开始日期计',
    set: () => cond('1 = 1'),
  },
  ...MEETING_TYPES.map(
    (type): FigureSpec => ({
      id: `meetings.${type}`,
      domain: 'meetings',
      kind: 'count',
      label: MEETING_TYPE_NAMES[type],
      definition: `期间内召开的${MEETING_TYPE_NAMES[type]}次数（已发通知或已召开，不含草稿和已取消）`,
      set: () => cond('mt.type = ?', type),
    }),
  ),
  {
    id: 'meetings.disciplineNotices',
    domain: 'notices',
    kind: 'count',
    label: '违反会风会纪通报',
    definition: '期间内印发的违反会风会纪通报期数（全办统计，不分单位）',
    set: () => cond('1 = 1'),
  },
];

export const DASHBOARD_SPECS: FigureSpec[] = [...documentSpecs, ...matterSpecs, ...meetingSpecs];

/** Figures other figures are composed of, not shown themselves. */
const PART_SPECS: FigureSpec[] = [
  {
    id: 'matters.open',
    domain: 'matters',
    kind: 'count',
    label: '未办结',
    definition: '期间内交办的事项中，尚未办结的件数',
    set: () => cond(OPEN),
  },
  {
    id: 'matters.pending',
    domain: 'matters',
    kind: 'count',
    label: '未办结且未到期',
    definition: '期间内交办的事项中，尚未办结且办理期限尚未届满（或没有期限）的件数（截至查询时）',
    set: pendingMatter,
    live: true,
  },
];

/** The dashboard figures kept ready (rollup.ts). */
export const DASHBOARD_ROLLUP = new FigureRollup([...PART_SPECS, ...DASHBOARD_SPECS]);

const specById = new Map([...PART_SPECS, ...DASHBOARD_SPECS].map((s) => [s.id, s]));
/** `specs` and every figure their composed ones add up, those first. */
function withParts(specs: FigureSpec[]): FigureSpec[] {
  const ids = new Set(specs.map((s) => s.id));
  for (let grew = true; grew; ) {
    const size = ids.size;
    for (const id of [...ids]) {
      const parts = specById.get(id)?.composedOf;
      for (const part of [...(parts?.records ?? []), ...(parts?.minus ?? []), ...(parts?.part ? [parts.part] : [])]) {
        ids.add(part);
      }
    }
    grew = ids.size > size;
  }
  return [...PART_SPECS, ...DASHBOARD_SPECS].filter((s) => ids.has(s.id));
}

/**
 * The dashboard figures of `specs` for a period and scope: kept ones from the rollup (refreshed by the caller),
 * live ones from the records. The same values as `computeFigures` over the records (rollup.random.test.ts).
 */
export const rolledUpFigures: typeof computeFigures = async (manager, calendar, q, specs, period, scope) => {
  const needed = withParts(specs);
  const [kept, live] = await Promise.all([
    DASHBOARD_ROLLUP.totals(manager, needed, period, scope),
    computeFigures(
      manager,
      calendar,
      q,
      needed.filter((s) => s.live),
      period,
      scope,
    ),
  ]);
  return figuresFrom(specs, needed, kept.get('') ?? new Map(), live);
};

/** `type` narrows the dashboard to the area it names: a document kind, a matter source or a meeting type. */
export const FIGURE_TYPES = [...DOCUMENT_KINDS, ...MATTER_SOURCES, ...MEETING_TYPES] as const;

function specsFor(scope: Scope): FigureSpec[] {
  const type = scope.type;
  if (type === undefined) return DASHBOARD_SPECS;
  if ((DOCUMENT_KINDS as readonly string[]).includes(type)) return documentSpecs;
  if ((MATTER_SOURCES as readonly string[]).includes(type)) return matterSpecs;
  return meetingSpecs.filter((s) => s.domain === 'meetings');
}

export interface DashboardFigure {
  id: string;
  label: string;
  kind: FigureSpec['kind'];
  definition: string;
  value: number | null;
  /** count: the records; rate: the denominator; workdays: the records averaged. */
  records: number;
  lastYear: number | null;
  /** value − lastYear (rates as fractions); null without both. */
  change: number | null;
}

export interface MatterBreakdown {
  key: string;
  name: string;
  assigned: number;
  completed: number;
  completionRate: number | null;
  completedOnTime: number;
  overdueOpen: number;
  onTimeRate: number | null;
}

export interface Dashboard {
  from: string;
  to: string;
  lastYear: Period;
  unit: string | null;
  type: string | null;
  figures: DashboardFigure[];
  bySource: MatterBreakdown[];
  byUnit: MatterBreakdown[];
}

export function figureOf(spec: FigureSpec, value: FigureValue | undefined, lastYear: FigureValue | undefined) {
  const current = value?.value ?? null;
  const previous = lastYear?.value ?? null;
  return {
    id: spec.id,
    label: spec.label,
    kind: spec.kind,
    definition: spec.definition,
    value: current,
    records: value?.records ?? 0,
    lastYear: previous,
    change: difference(current, previous),
  };
}

export async function dashboardFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  period: Period,
  scope: Scope,
  unitNames: Map<string, string>,
): Promise<Dashboard> {
  const specs = specsFor(scope);
  const lastYear = { from: yearEarlier(period.from), to: yearEarlier(period.to) };
  const withMatters = specs.some((s) => s.domain === 'matters');
  await DASHBOARD_ROLLUP.refresh(q.db, calendar);
  // Side by side on the connection pool: this year, last year and the two breakdowns.
  const [current, previous, { bySource, byUnit }] = await Promise.all([
    rolledUpFigures(manager, calendar, q, specs, period, scope),
    rolledUpFigures(manager, calendar, q, specs, lastYear, scope),
    withMatters ? matterBreakdowns(manager, q, period, scope) : { bySource: [], byUnit: [] },
  ]);
  return {
    ...period,
    lastYear,
    unit: scope.unit ?? null,
    type: scope.type ?? null,
    figures: specs.map((s) => figureOf(s, current.get(s.id), previous.get(s.id))),
    bySource: bySource
      .map((b) => ({ ...b, name: Object.hasOwn(SOURCES, b.key) ? SOURCES[b.key as MatterSource].name : b.key }))
      .sort((a, b) => MATTER_SOURCES.indexOf(a.key as MatterSource) - MATTER_SOURCES.indexOf(b.key as MatterSource)),
    byUnit: byUnit
      .map((b) => ({ ...b, name: unitNames.get(b.key) ?? b.key }))
      .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || b.assigned - a.assigned),
  };
}

const BREAKDOWN_SPECS = ['matters.assigned', 'matters.completed', 'matters.completedOnTime', 'matters.open'].map(
  (id) => specById.get(id) as FigureSpec,
);

/** Matters by source and by lead unit, with the same definitions as the matter figures: kept counts, live overdue. */
async function matterBreakdowns(
  manager: EntityManager,
  q: QueryContext,
  period: Period,
  scope: Scope,
): Promise<{ bySource: MatterBreakdown[]; byUnit: MatterBreakdown[] }> {
  const info = DOMAINS.matters;
  const { start, end } = periodInstants(period);
  const base = baseOf(info, q, start, end, scope);
  const pending = pendingMatter(q);
  const [byUnitAndType, pendingRows] = await Promise.all([
    // One read for both breakdowns, added up by each below.
    DASHBOARD_ROLLUP.totals(manager, BREAKDOWN_SPECS, period, scope, ['unit', 'type']),
    // Overdue = open (kept) less pending, by unit and source: the pending matters read once for both.
    manager.query(
      `SELECT ${info.type} AS type, ${info.unit} AS unit, COUNT(*) AS n FROM ${info.from}
       WHERE ${base.sql} AND ${pending.sql} GROUP BY ${info.type}, ${info.unit}`,
      [...base.params, ...pending.params],
    ) as Promise<{ type: string; unit: string; n: number | string }[]>,
  ]);
  const pendingBy = (key: 'type' | 'unit') => {
    const counts = new Map<string, number>();
    for (const r of pendingRows) counts.set(String(r[key]), (counts.get(String(r[key])) ?? 0) + Number(r.n));
    return counts;
  };
  const keptBy = (key: 'type' | 'unit') => {
    const kept = new Map<string, Map<string, SliceTotal>>();
    for (const [group, totals] of byUnitAndType) {
      const [unit, type] = group.split('\t') as [string, string];
      const k = key === 'unit' ? unit : type;
      const sum = kept.get(k) ?? new Map<string, SliceTotal>();
      kept.set(k, sum);
      for (const [id, total] of totals) addTo(sum, id, total);
    }
    return kept;
  };
  return {
    bySource: breakdownOf(keptBy('type'), pendingBy('type')),
    byUnit: breakdownOf(keptBy('unit'), pendingBy('unit')),
  };
}

function breakdownOf(kept: Map<string, Map<string, SliceTotal>>, pending: Map<string, number>): MatterBreakdown[] {
  return [...kept].map(([key, totals]) => {
    const count = (id: string) => totals.get(id)?.records ?? 0;
    const [assigned, completed, onTime] = [
      count('matters.assigned'),
      count('matters.completed'),
      count('matters.completedOnTime'),
    ];
    const overdueOpen = count('matters.open') - (pending.get(key) ?? 0);
    return {
      key,
      name: key,
      assigned,
      completed,
      completionRate: rate(completed, assigned),
      completedOnTime: onTime,
      overdueOpen,
      onTimeRate: rate(onTime, completed + overdueOpen),
    };
  });
}
