import { type Column, dateCell, type Rows, tableDate } from '../render';
import {
  type BulletinFigures,
  type DeputyRow,
  type KeyWorkRow,
  monthName,
  type OverdueRow,
  percent,
  rankChangeText,
  type UnitRow,
} from './bulletin';

/**
 * What the 督查通报 says, whatever it is rendered as: its tables (columns, headers, cells, order) and its summary.
 * The .docx (bulletin-docx.ts), the .xlsx (xlsx.ts) and the command line (`duban bulletin`) render these, so a
 * column is added, renamed or moved here once for all three.
 */

export interface BulletinTable<R> {
  /** The sheet's name in the workbook. */
  sheet: string;
  columns: Column<R>[];
  rows(f: BulletinFigures): Rows<R>;
}

/** A count, printed and stored as it is. */
const count = <R>(header: string, of: (row: R) => number, narrow?: string): Column<R> => ({
  header,
  narrow,
  text: of,
});

/** A rate: printed 87.5% (— with nothing to divide), stored as a number with a percent format (empty for —). */
const rate = <R>(header: string, of: (row: R) => number | null, narrow?: string): Column<R> => ({
  header,
  narrow,
  text: (row) => percent(of(row)),
  value: of,
  percent: true,
});

/** 序号: 1, 2, … and nothing on the totals row; not printed on the terminal. */
const serial = <R>(): Column<R> => ({
  header: '序号',
  narrow: false,
  text: (_, n) => n ?? '',
  value: (_, n) => n,
  width: 6,
});

/** A unit's figures for the month, then the totals row (合计). */
export const UNIT_TABLE: BulletinTable<UnitRow> = {
  sheet: '各单位情况',
  rows: (f) => ({ items: f.units, total: f.totals }),
  columns: [
    serial(),
    { header: '单位', text: (u) => u.name, left: true, width: 24 },
    count('上月结转', (u) => u.carriedOver, '结转'),
    count('本月新交办', (u) => u.newlyAssigned, '新交办'),
    count('本月应办结', (u) => u.dueThisMonth, '应办结'),
    count('按期办结', (u) => u.completedOnTime, '按期'),
    count('逾期办结', (u) => u.completedLate),
    count('逾期未办结', (u) => u.overdueOpen, '逾期未办'),
    count('延期', (u) => u.extended),
    {
      ...count('应考核', (u) => u.assessed),
      note: '按期办结率、逾期率的分母：按期办结＋逾期办结＋逾期未办结',
    },
    rate('按期办结率', (u) => u.onTimeRate, '按期率'),
    rate('逾期率', (u) => u.overdueRate),
    count('催办次数', (u) => u.urged, '催办'),
    { header: '排名', text: (u) => u.rank ?? '—', value: (u, n) => (n == null ? null : u.rank) },
    {
      header: '名次变化',
      narrow: '变化',
      text: (u, n) => (n == null ? '' : rankChangeText(u.rankChange)),
      value: (u, n) => (n == null ? null : u.rankChange),
      note: '上月名次减本月名次：正数为上升，负数为下降',
    },
    {
      header: '三色预警',
      narrow: '预警',
      text: (u, n) => (n == null ? '' : u.lightName),
      value: (u, n) => (n == null ? null : u.lightName),
    },
  ],
};

/** NPC suggestions, CPPCC proposals and both together. */
export const DEPUTY_TABLE: BulletinTable<DeputyRow> = {
  sheet: '建议提案',
  rows: (f) => ({ items: f.deputy }),
  columns: [
    { header: '类别', text: (d) => d.name, left: true, width: 14 },
    count('件数', (d) => d.total),
    count('承办单位数', (d) => d.units),
    count('已办复', (d) => d.replied),
    count('按期办复', (d) => d.repliedOnTime),
    rate('办复率', (d) => d.replyRate),
    count('见面沟通', (d) => d.met),
    rate('见面率', (d) => d.meetRate),
    count('满意', (d) => d.satisfied),
    count('基本满意', (d) => d.basicallySatisfied),
    count('不满意', (d) => d.dissatisfied),
    rate('满意率', (d) => d.satisfactionRate),
    count('A类', (d) => d.outcome.A),
    count('B类', (d) => d.outcome.B),
    count('C类', (d) => d.outcome.C),
    count('D类', (d) => d.outcome.D),
  ],
};

/** An overdue matter, with the bulletin's year (its due date prints without the year in that year). */
type OverdueItem = OverdueRow & { bulletinYear: number };

/** The matters overdue and open at the end of the month. */
export const OVERDUE_TABLE: BulletinTable<OverdueItem> = {
  sheet: '逾期事项',
  rows: (f) => ({ items: f.overdue.map((o) => ({ ...o, bulletinYear: f.year })) }),
  columns: [
    serial(),
    { header: '牵头单位', text: (o) => o.unitName, left: true, width: 24 },
    { header: '督办编号', text: (o) => o.number, width: 18 },
    { header: '来源', text: (o) => o.sourceName, width: 12 },
    { header: '事项', text: (o) => o.title, left: true, wrap: true, width: 40 },
    { header: '责任人', text: (o) => o.responsibleName ?? '', value: (o) => o.responsibleName, width: 10 },
    {
      header: '办理期限',
      text: (o) => tableDate(o.dueDate, o.bulletinYear),
      value: (o) => dateCell(o.dueDate),
      width: 14,
    },
    { header: '逾期工作日', text: (o) => o.workdaysOverdue, width: 10 },
    { header: '催办次数', text: (o) => o.urged, width: 10 },
  ],
};

/** 重点工作 monthly progress reports by unit. */
export const KEY_WORK_TABLE: BulletinTable<KeyWorkRow> = {
  sheet: '重点工作月报',
  rows: (f) => ({ items: f.keyWork }),
  columns: [
    serial(),
    { header: '单位', text: (k) => k.name, left: true, width: 24 },
    count('应报送', (k) => k.due),
    count('按时报送', (k) => k.onTime),
    count('逾期报送', (k) => k.late),
    count('未报送', (k) => k.missing),
  ],
};

/** Visits every table in the bulletin's order (the workbook has a sheet of each). */
export function eachTable(visit: <R>(table: BulletinTable<R>) => void): void {
  visit(UNIT_TABLE);
  visit(DEPUTY_TABLE);
  visit(OVERDUE_TABLE);
  visit(KEY_WORK_TABLE);
}

/** The prose of 一、总体情况, from the figures. */
export function overallText(f: BulletinFigures): string {
  const t = f.totals;
  const red = f.units.filter((u) => u.light === 'red').map((u) => u.name);
  return (
    `${monthName(f.month)}，全区督办事项在办${t.carriedOver + t.newlyAssigned}件，其中上月结转${t.carriedOver}件、` +
    `本月新交办${t.newlyAssigned}件，本月应办结${t.dueThisMonth}件。本月办结${t.completedOnTime + t.completedLate}件，` +
    `其中按期办结${t.completedOnTime}件、逾期办结${t.completedLate}件；月末逾期未办结${t.overdueOpen}件；` +
    `批准延期${t.extended}件；督查室催办${t.urged}次。` +
    // The rates' denominator is not 应办结 (which counts only what fell due this month): say what it is.
    (t.assessed
      ? `本月应考核${t.assessed}件（按期办结、逾期办结与月末逾期未办结之和），按期办结率${percent(t.onTimeRate)}，` +
        `逾期率${percent(t.overdueRate)}。`
      : '本月无应考核事项。') +
    (red.length ? `${red.join('、')}有逾期未办结事项，予以红牌警告。` : '本月无逾期未办结事项。') +
    `今年以来共交办督办事项${f.yearToDate.assigned}件，办结${f.yearToDate.completed}件（按期${f.yearToDate.completedOnTime}件），` +
    `催办${f.yearToDate.urged}次，编发通报${f.yearToDate.bulletins}期。`
  );
}
