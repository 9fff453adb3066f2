import type { MatterSource } from '../../entities';
import { formatISODate, shanghaiInstant, type WorkCalendar } from '../calendar';
import { countWorkdays, dueDateOf } from '../timelimits';
import { firstDayOfMonth, nextMonth } from './months';
import { SOURCES } from './sources';
import { LIGHT_NAMES, type Light } from './status';

/**
 * The monthly 督查通报: pure computation over raw rows, so the same figures come out of the API, the command line,
 * the schedule and a test's hand count. Month M is [M-01 00:00, (M+1)-01 00:00) in Asia/Shanghai; "at the end of
 * the month" means at (M+1)-01 00:00. A matter belongs to its lead unit (牵头单位); co-units are not counted.
 */

export interface BulletinMatter {
  id: number;
  number: string;
  title: string;
  source: MatterSource;
  year: number;
  leadDepartmentId: string;
  responsibleName: string | null;
  assignedAt: Date;
  completedAt: Date | null;
  /** The matter's deadline: its due instant before any extension. Null for a matter without one. */
  originalDueAt: Date | null;
  outcomeClass: 'A' | 'B' | 'C' | 'D' | null;
  metDeputy: boolean | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
}

export interface BulletinExtension {
  matterId: number;
  decidedAt: Date;
  /** The due instant the approval gave. */
  grantedDueAt: Date;
}

export interface BulletinPeriod {
  matterId: number;
  period: string;
  /** The report's due instant. */
  dueAt: Date;
  reportedAt: Date | null;
}

export interface BulletinUnit {
  id: string;
  name: string;
  sortOrder: number;
}

export interface BulletinData {
  month: string;
  matters: BulletinMatter[];
  /** Approved extensions only. */
  extensions: BulletinExtension[];
  /** 催办: one entry per urge (matter and instant). */
  urges: { matterId: number; at: Date }[];
  periods: BulletinPeriod[];
  units: BulletinUnit[];
  /** Ranks in the previous month's bulletin (as published, else as computed), by unit id. */
  previousRanks: Record<string, number | null> | null;
  /** Bulletins already published this year before this month (for 编发通报 X 期). */
  issuedThisYear: number;
  calendar: WorkCalendar;
  /**
   * When the figures are read. A month not yet over is reported as it stands at this moment (a matter due later
   * this month is not overdue yet, and days overdue are counted to now, as every page counts them); a month over is
   * reported as of its last moment. Absent: as of the month's end.
   */
  asOf?: Date;
}

export interface UnitRow {
  departmentId: string;
  name: string;
  /** 上月结转: assigned before the month and not completed before it began. */
  carriedOver: number;
  /** 本月新交办: assigned within the month. */
  newlyAssigned: number;
  /** 本月应办结: of those, due (the due instant in force at the end of the month) within the month. */
  dueThisMonth: number;
  /** 按期办结: completed within the month, by the ORIGINAL due instant. */
  completedOnTime: number;
  /** 逾期办结: completed within the month, after the original due instant (also when within an approved extension). */
  completedLate: number;
  /** 逾期未办结: not completed at the end of the month, and the due instant in force had passed by then. */
  overdueOpen: number;
  /** 延期: extensions approved within the month. */
  extended: number;
  /** 催办次数: urges within the month. */
  urged: number;
  /** 应考核数 = completedOnTime + completedLate + overdueOpen. */
  assessed: number;
  /** 按期办结率 = completedOnTime / assessed (null when nothing was assessed); four decimals. */
  onTimeRate: number | null;
  /** 逾期率 = (completedLate + overdueOpen) / assessed; four decimals. */
  overdueRate: number | null;
  /**
   * 排名: among units with something assessed, by on-time rate (high first), then overdue-and-open (few first),
   * then completed on time (many first); equal keys share a rank (1, 2, 2, 4). Null when nothing was assessed.
   */
  rank: number | null;
  /** 名次变化 = last month's rank − this month's (positive: up); null without both. */
  rankChange: number | null;
  /** 三色: 红 with any overdue and open; 黄 with any completed late or extended this month; 蓝 otherwise. */
  light: Light;
  lightName: string;
}

export interface DeputyRow {
  source: 'npc_suggestion' | 'cppcc_proposal' | 'total';
  name: string;
  /** 件数: assigned in the bulletin's year, by the end of the month. */
  total: number;
  /** 承办单位数: distinct lead units. */
  units: number;
  /** 已办复: completed by the end of the month. */
  replied: number;
  /** 按期办复: replied by the original due instant. */
  repliedOnTime: number;
  /** 办复率 = replied / total. */
  replyRate: number | null;
  /** 见面沟通: replied, and the unit met or talked with the deputy. */
  met: number;
  /** 见面率 = met / replied. */
  meetRate: number | null;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** 满意率 = (满意 + 基本满意) / replies with the deputy's opinion recorded. */
  satisfactionRate: number | null;
  outcome: { A: number; B: number; C: number; D: number };
}

export interface OverdueRow {
  departmentId: string;
  unitName: string;
  matterId: number;
  number: string;
  sourceName: string;
  title: string;
  responsibleName: string | null;
  /** The due date in force at the end of the month. */
  dueDate: string;
  /** Working days from the due date to the month's last day. */
  workdaysOverdue: number;
  /** Urges up to the end of the month. */
  urged: number;
}

export interface KeyWorkRow {
  departmentId: string;
  name: string;
  /** Monthly reports (重点工作月报) due within the month for matters still open at the time. */
  due: number;
  /** Reported by the due instant. */
  onTime: number;
  /** Reported after it, within the month. */
  late: number;
  /** Not reported by the end of the month. */
  missing: number;
}

export interface BulletinFigures {
  month: string;
  year: number;
  /** 第N期 when published; null for a preview. */
  issueNo: number | null;
  title: string;
  periodStart: string;
  periodEnd: string;
  units: UnitRow[];
  totals: UnitRow;
  deputy: DeputyRow[];
  overdue: OverdueRow[];
  keyWork: KeyWorkRow[];
  /** From January 1st of the year to the end of the month. */
  yearToDate: {
    assigned: number;
    completed: number;
    completedOnTime: number;
    urged: number;
    /** Bulletins published this year including this one when published (编发通报 X 期). */
    bulletins: number;
  };
  definitions: { term: string; meaning: string }[];
}

/** The definitions printed at the foot of the bulletin, in the words of the code above. */
export const DEFINITIONS: { term: string; meaning: string }[] = [
  { term: '统计口径', meaning: '按牵头单位统计，协办单位不计；时间均为北京时间，本月指本月1日0时至次月1日0时' },
  { term: '上月结转', meaning: '本月以前交办、本月1日前尚未办结的事项' },
  { term: '本月新交办', meaning: '本月交办的事项' },
  { term: '本月应办结', meaning: '办理期限（含已批准的延期）在本月内届满的事项' },
  { term: '按期办结', meaning: '本月办结，且办结时间不晚于原定办理期限（延期不改变考核期限）' },
  { term: '逾期办结', meaning: '本月办结，但晚于原定办理期限（含经批准延期后办结的）' },
  { term: '逾期未办结', meaning: '月末尚未办结，且办理期限（含已批准的延期）已届满的事项' },
  { term: '延期', meaning: '本月批准的延期申请数' },
  { term: '催办次数', meaning: '督查室本月催办的次数' },
  { term: '按期办结率', meaning: '按期办结数 ÷（按期办结数＋逾期办结数＋逾期未办结数）' },
  { term: '逾期率', meaning: '（逾期办结数＋逾期未办结数）÷（按期办结数＋逾期办结数＋逾期未办结数）' },
  {
    term: '排名',
    meaning: '按期办结率由高到低，相同时逾期未办结数少者在前，再相同时按期办结数多者在前；完全相同的并列',
  },
  { term: '三色预警', meaning: '红：有逾期未办结事项；黄：有逾期办结或延期事项；蓝：其余' },
  {
    term: '建议提案',
    meaning:
      '本年度交办的件数；办复率＝已办复数÷件数；见面率＝见面沟通数÷已办复数；满意率＝（满意＋基本满意）÷已反馈意见数',
  },
];

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);

/** The due instant in force at `at`: the last extension approved by then, else the original. */
function dueAsOf(matter: BulletinMatter, extensions: BulletinExtension[], at: Date): Date | null {
  let due = matter.originalDueAt;
  let decided = -Infinity;
  for (const e of extensions) {
    if (e.decidedAt.getTime() < at.getTime() && e.decidedAt.getTime() >= decided) {
      due = e.grantedDueAt;
      decided = e.decidedAt.getTime();
    }
  }
  return due;
}

const inWindow = (d: Date | null, start: Date, end: Date): d is Date =>
  !!d && d.getTime() >= start.getTime() && d.getTime() < end.getTime();

/** `2026年3月`. */
export function monthName(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

export function computeBulletin(data: BulletinData): BulletinFigures {
  const firstDay = firstDayOfMonth(data.month);
  const start = shanghaiInstant(firstDay);
  const endDay = firstDayOfMonth(nextMonth(data.month));
  const end = shanghaiInstant(endDay);
  const cut = data.asOf && data.asOf.getTime() < end.getTime() ? data.asOf : end;
  const countedAt = cut === end ? new Date(end.getTime() - 1) : cut;
  const lastDate = formatISODate(endDay - 1);
  const year = Number(data.month.slice(0, 4));
  const yearStart = shanghaiInstant(firstDayOfMonth(`${year}-01`));

  const extensionsOf = new Map<number, BulletinExtension[]>();
  for (const e of data.extensions) extensionsOf.set(e.matterId, [...(extensionsOf.get(e.matterId) ?? []), e]);
  const urgesOf = new Map<number, Date[]>();
  for (const u of data.urges) urgesOf.set(u.matterId, [...(urgesOf.get(u.matterId) ?? []), u.at]);
  const unitById = new Map(data.units.map((u) => [u.id, u]));

  const rows = new Map<string, UnitRow>();
  const rowOf = (departmentId: string): UnitRow => {
    let row = rows.get(departmentId);
    if (!row) {
      row = emptyRow(departmentId, unitById.get(departmentId)?.name ?? departmentId);
      rows.set(departmentId, row);
    }
    return row;
  };
  const overdue: OverdueRow[] = [];

  for (const m of data.matters) {
    if (m.assignedAt.getTime() >= end.getTime()) continue;
    if (m.completedAt && m.completedAt.getTime() < start.getTime()) continue;
    const row = rowOf(m.leadDepartmentId);
    const extensions = extensionsOf.get(m.id) ?? [];
    const due = dueAsOf(m, extensions, end);
    if (m.assignedAt.getTime() < start.getTime()) row.carriedOver++;
    else row.newlyAssigned++;
    if (due && due.getTime() > start.getTime() && due.getTime() <= end.getTime()) row.dueThisMonth++;
    if (inWindow(m.completedAt, start, end)) {
      if (!m.originalDueAt || m.completedAt.getTime() <= m.originalDueAt.getTime()) row.completedOnTime++;
      else row.completedLate++;
    }
    const openAtCut = !m.completedAt || m.completedAt.getTime() >= cut.getTime();
    const urges = urgesOf.get(m.id) ?? [];
    if (openAtCut && due && due.getTime() <= cut.getTime()) {
      row.overdueOpen++;
      const dueDate = dueDateOf(due);
      overdue.push({
        departmentId: m.leadDepartmentId,
        unitName: unitById.get(m.leadDepartmentId)?.name ?? m.leadDepartmentId,
        matterId: m.id,
        number: m.number,
        sourceName: SOURCES[m.source].name,
        title: m.title,
        responsibleName: m.responsibleName,
        dueDate,
        // As of the period's last moment (or now, in a month not over): the count its readers see that day.
        workdaysOverdue: countWorkdays({ dueDate, dueAt: due }, data.calendar, countedAt).workdaysOverdue ?? 0,
        urged: urges.filter((at) => at.getTime() < end.getTime()).length,
      });
    }
    row.extended += extensions.filter((e) => inWindow(e.decidedAt, start, end)).length;
    row.urged += urges.filter((at) => inWindow(at, start, end)).length;
  }

  const units = [...rows.values()];
  for (const row of units) finishRow(row);
  rankUnits(units);
  for (const row of units) {
    const ranks = data.previousRanks;
    const previous = ranks && Object.hasOwn(ranks, row.departmentId) ? (ranks[row.departmentId] ?? null) : null;
    row.rankChange = previous != null && row.rank != null ? previous - row.rank : null;
  }
  const order = (id: string) => unitById.get(id)?.sortOrder ?? Number.MAX_SAFE_INTEGER;
  units.sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      order(a.departmentId) - order(b.departmentId),
  );
  overdue.sort(
    (a, b) =>
      order(a.departmentId) - order(b.departmentId) || b.workdaysOverdue - a.workdaysOverdue || a.matterId - b.matterId,
  );

  const totals = emptyRow('total', '合计');
  for (const row of units) {
    for (const key of SUMMED) totals[key] += row[key];
  }
  finishRow(totals);

  const inYear = data.matters.filter((m) => m.assignedAt.getTime() >= yearStart.getTime() && m.assignedAt < end);
  const urgedThisYear = data.urges.filter((u) => inWindow(u.at, yearStart, end)).length;
  const completedThisYear = data.matters.filter((m) => inWindow(m.completedAt, yearStart, end));

  return {
    month: data.month,
    year,
    issueNo: null,
    title: `${monthName(data.month)}督查通报`,
    periodStart: formatISODate(firstDay),
    periodEnd: lastDate,
    units,
    totals,
    deputy: deputyRows(data.matters, year, end),
    overdue,
    keyWork: keyWorkRows(data, start, end, unitById, order),
    yearToDate: {
      assigned: inYear.length,
      completed: completedThisYear.length,
      completedOnTime: completedThisYear.filter(
        (m) => !m.originalDueAt || (m.completedAt as Date).getTime() <= m.originalDueAt.getTime(),
      ).length,
      urged: urgedThisYear,
      bulletins: data.issuedThisYear,
    },
    definitions: DEFINITIONS,
  };
}

const SUMMED = [
  'carriedOver',
  'newlyAssigned',
  'dueThisMonth',
  'completedOnTime',
  'completedLate',
  'overdueOpen',
  'extended',
  'urged',
] as const;

function emptyRow(departmentId: string, name: string): UnitRow {
  return {
    departmentId,
    name,
    carriedOver: 0,
    newlyAssigned: 0,
    dueThisMonth: 0,
    completedOnTime: 0,
    completedLate: 0,
    overdueOpen: 0,
    extended: 0,
    urged: 0,
    assessed: 0,
    onTimeRate: null,
    overdueRate: null,
    rank: null,
    rankChange: null,
    light: 'blue',
    lightName: LIGHT_NAMES.blue,
  };
}

function finishRow(row: UnitRow) {
  row.assessed = row.completedOnTime + row.completedLate + row.overdueOpen;
  row.onTimeRate = rate(row.completedOnTime, row.assessed);
  row.overdueRate = rate(row.completedLate + row.overdueOpen, row.assessed);
  row.light = row.overdueOpen > 0 ? 'red' : row.completedLate > 0 || row.extended > 0 ? 'yellow' : 'blue';
  row.lightName = LIGHT_NAMES[row.light];
}

/** Competition ranking (1, 2, 2, 4) of the units with something assessed. */
function rankUnits(units: UnitRow[]) {
  const ranked = units.filter((u) => u.assessed > 0);
  const key = (u: UnitRow) => [-(u.onTimeRate ?? 0), u.overdueOpen, -u.completedOnTime];
  const compare = (a: UnitRow, b: UnitRow) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++)
      if ((ka[i] as number) !== (kb[i] as number)) return (ka[i] as number) - (kb[i] as number);
    return 0;
  };
  ranked.sort(compare);
  ranked.forEach((u, i) => {
    const previous = ranked[i - 1];
    u.rank = previous && compare(previous, u) === 0 ? (previous.rank as number) : i + 1;
  });
}

function deputyRows(matters: BulletinMatter[], year: number, end: Date): DeputyRow[] {
  const row = (source: DeputyRow['source'], name: string, list: BulletinMatter[]): DeputyRow => {
    const replied = list.filter((m) => m.completedAt && m.completedAt.getTime() < end.getTime());
    const count = (s: BulletinMatter['satisfaction']) => replied.filter((m) => m.satisfaction === s).length;
    const satisfied = count('satisfied');
    const basicallySatisfied = count('basically_satisfied');
    const dissatisfied = count('dissatisfied');
    const met = replied.filter((m) => m.metDeputy === true).length;
    const outcome = { A: 0, B: 0, C: 0, D: 0 };
    for (const m of replied) if (m.outcomeClass) outcome[m.outcomeClass]++;
    return {
      source,
      name,
      total: list.length,
      units: new Set(list.map((m) => m.leadDepartmentId)).size,
      replied: replied.length,
      repliedOnTime: replied.filter(
        (m) => !m.originalDueAt || (m.completedAt as Date).getTime() <= m.originalDueAt.getTime(),
      ).length,
      replyRate: rate(replied.length, list.length),
      met,
      meetRate: rate(met, replied.length),
      satisfied,
      basicallySatisfied,
      dissatisfied,
      satisfactionRate: rate(satisfied + basicallySatisfied, satisfied + basicallySatisfied + dissatisfied),
      outcome,
    };
  };
  const of = (source: MatterSource) =>
    matters.filter((m) => m.source === source && m.year === year && m.assignedAt.getTime() < end.getTime());
  const npc = of('npc_suggestion');
  const cppcc = of('cppcc_proposal');
  return [
    row('npc_suggestion', SOURCES.npc_suggestion.name, npc),
    row('cppcc_proposal', SOURCES.cppcc_proposal.name, cppcc),
    row('total', '合计', [...npc, ...cppcc]),
  ];
}

function keyWorkRows(
  data: BulletinData,
  start: Date,
  end: Date,
  unitById: Map<string, BulletinUnit>,
  order: (id: string) => number,
): KeyWorkRow[] {
  const matterById = new Map(data.matters.map((m) => [m.id, m]));
  const rows = new Map<string, KeyWorkRow>();
  for (const p of data.periods) {
    const m = matterById.get(p.matterId);
    if (!m || p.dueAt.getTime() <= start.getTime() || p.dueAt.getTime() > end.getTime()) continue;
    // A matter completed before the report fell due owes no report.
    if (m.completedAt && m.completedAt.getTime() < p.dueAt.getTime() && !p.reportedAt) continue;
    let row = rows.get(m.leadDepartmentId);
    if (!row) {
      row = {
        departmentId: m.leadDepartmentId,
        name: unitById.get(m.leadDepartmentId)?.name ?? m.leadDepartmentId,
        due: 0,
        onTime: 0,
        late: 0,
        missing: 0,
      };
      rows.set(m.leadDepartmentId, row);
    }
    row.due++;
    if (p.reportedAt && p.reportedAt.getTime() <= p.dueAt.getTime()) row.onTime++;
    else if (p.reportedAt && p.reportedAt.getTime() < end.getTime()) row.late++;
    else row.missing++;
  }
  return [...rows.values()].sort((a, b) => order(a.departmentId) - order(b.departmentId));
}

/** A percentage as printed: `83.3%`, or `—` when there is nothing to divide. */
export function percent(value: number | null): string {
  return value == null ? '—' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** The rank change as printed: ↑2, ↓1, 持平, or — . */
export function rankChangeText(change: number | null): string {
  if (change == null) return '—';
  if (change > 0) return `↑${change}`;
  if (change < 0) return `↓${-change}`;
  return '持平';
}
