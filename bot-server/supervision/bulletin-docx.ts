import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { formatISODate, shanghaiDayNumber } from '../calendar';
import { type BulletinFigures, monthName, percent, rankChangeText, type UnitRow } from './bulletin';

/**
 * The bulletin as a Word document (.docx, Office Open XML), in the plain elements Word and WPS both read:
 * paragraphs, runs and tables, with 仿宋_GB2312 for the text and 方正小标宋简体 / 黑体 for titles (each font falls back
 * to what the reader has). Landscape A4, because the unit table is wide.
 */

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const RED = 'C00000';

const text = (
  value: string,
  options: { bold?: boolean; size?: number; font?: typeof BODY_FONT; color?: string } = {},
) =>
  new TextRun({
    text: value,
    bold: options.bold,
    size: options.size ?? 28,
    font: options.font ?? BODY_FONT,
    color: options.color,
  });

const para = (value: string, options: { indent?: boolean; bold?: boolean } = {}) =>
  new Paragraph({
    children: [text(value, { bold: options.bold })],
    indent: options.indent === false ? undefined : { firstLine: 560 },
    spacing: { line: 440 },
  });

const heading = (value: string) =>
  new Paragraph({
    children: [text(value, { font: HEADING_FONT })],
    indent: { firstLine: 560 },
    spacing: { before: 120, after: 60, line: 440 },
  });

function cell(value: string | number, options: { header?: boolean; left?: boolean } = {}) {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [text(String(value), { size: 20, bold: options.header })],
      }),
    ],
  });
}

function table(header: string[], rows: (string | number)[][], leftColumns: number[] = []): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, { header: true })) }),
      ...rows.map((row) => new TableRow({ children: row.map((v, i) => cell(v, { left: leftColumns.includes(i) })) })),
    ],
  });
}

export const UNIT_HEADER = [
  '序号',
  '单位',
  '上月结转',
  '本月新交办',
  '本月应办结',
  '按期办结',
  '逾期办结',
  '逾期未办结',
  '延期',
  '按期办结率',
  '逾期率',
  '催办次数',
  '排名',
  '名次变化',
  '三色预警',
];

export function unitCells(row: UnitRow, index: number | null): (string | number)[] {
  return [
    index == null ? '' : index,
    row.name,
    row.carriedOver,
    row.newlyAssigned,
    row.dueThisMonth,
    row.completedOnTime,
    row.completedLate,
    row.overdueOpen,
    row.extended,
    percent(row.onTimeRate),
    percent(row.overdueRate),
    row.urged,
    row.rank ?? '—',
    index == null ? '' : rankChangeText(row.rankChange),
    index == null ? '' : row.lightName,
  ];
}

export const DEPUTY_HEADER = [
  '类别',
  '件数',
  '承办单位数',
  '已办复',
  '按期办复',
  '办复率',
  '见面沟通',
  '见面率',
  '满意',
  '基本满意',
  '不满意',
  '满意率',
  'A类',
  'B类',
  'C类',
  'D类',
];

export const OVERDUE_HEADER = [
  '序号',
  '牵头单位',
  '督办编号',
  '来源',
  '事项',
  '责任人',
  '办理期限',
  '逾期工作日',
  '催办次数',
];
export const KEY_WORK_HEADER = ['序号', '单位', '应报送', '按时报送', '逾期报送', '未报送'];

/** The prose of 一、总体情况, from the figures. */
export function overallText(f: BulletinFigures): string {
  const t = f.totals;
  const red = f.units.filter((u) => u.light === 'red').map((u) => u.name);
  return (
    `${monthName(f.month)}，全区督办事项在办 ${t.carriedOver + t.newlyAssigned} 件，其中上月结转 ${t.carriedOver} 件、` +
    `本月新交办 ${t.newlyAssigned} 件，本月应办结 ${t.dueThisMonth} 件。本月办结 ${t.completedOnTime + t.completedLate} 件，` +
    `其中按期办结 ${t.completedOnTime} 件、逾期办结 ${t.completedLate} 件；月末逾期未办结 ${t.overdueOpen} 件；` +
    `批准延期 ${t.extended} 件；督查室催办 ${t.urged} 次。按期办结率 ${percent(t.onTimeRate)}，逾期率 ${percent(t.overdueRate)}。` +
    (red.length ? `${red.join('、')}有逾期未办结事项，予以红牌警告。` : '本月无逾期未办结事项。') +
    `今年以来共交办督办事项 ${f.yearToDate.assigned} 件，办结 ${f.yearToDate.completed} 件（按期 ${f.yearToDate.completedOnTime} 件），` +
    `催办 ${f.yearToDate.urged} 次，编发通报 ${f.yearToDate.bulletins} 期。`
  );
}

export async function renderBulletinDocx(f: BulletinFigures, publishedAt: Date | null = null): Promise<Buffer> {
  const issue = f.issueNo ? `${f.year}年第${f.issueNo}期` : `${f.year}年（预览，未编号）`;
  const dated = publishedAt ? formatISODate(shanghaiDayNumber(publishedAt)) : '';
  const dateText = dated ? `${dated.slice(0, 4)}年${Number(dated.slice(5, 7))}月${Number(dated.slice(8, 10))}日` : '';
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [text('督 查 通 报', { size: 56, font: TITLE_FONT, color: RED, bold: true })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [text(issue)] }),
    new Paragraph({
      children: [text(`区人民政府办公室督查室${dateText ? `　　　　　　　　　　　　　　　　　　${dateText}` : ''}`)],
      border: { bottom: { color: RED, style: BorderStyle.SINGLE, size: 18, space: 4 } },
      spacing: { after: 240 },
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [text(`关于${monthName(f.month)}督查督办工作情况的通报`, { size: 36, font: TITLE_FONT })],
      spacing: { after: 240 },
    }),
    para('各有关单位：', { indent: false }),
    para(
      '按照“每月一督查、每月一通报”的要求，现将本月区政府督办事项办理情况通报如下（统计时间为' +
        `${f.periodStart}至${f.periodEnd}）。`,
    ),
    heading('一、总体情况'),
    para(overallText(f)),
    heading('二、各单位办理情况'),
    table(UNIT_HEADER, [...f.units.map((u, i) => unitCells(u, i + 1)), unitCells(f.totals, null)], [1]),
    heading('三、人大代表建议和政协委员提案办理情况'),
    table(
      DEPUTY_HEADER,
      f.deputy.map((d) => [
        d.name,
        d.total,
        d.units,
        d.replied,
        d.repliedOnTime,
        percent(d.replyRate),
        d.met,
        percent(d.meetRate),
        d.satisfied,
        d.basicallySatisfied,
        d.dissatisfied,
        percent(d.satisfactionRate),
        d.outcome.A,
        d.outcome.B,
        d.outcome.C,
        d.outcome.D,
      ]),
      [0],
    ),
    heading('四、逾期未办结事项'),
  ];
  if (f.overdue.length) {
    children.push(
      table(
        OVERDUE_HEADER,
        f.overdue.map((o, i) => [
          i + 1,
          o.unitName,
          o.number,
          o.sourceName,
          o.title,
          o.responsibleName ?? '',
          o.dueDate,
          o.workdaysOverdue,
          o.urged,
        ]),
        [1, 4],
      ),
    );
  } else {
    children.push(para('本月无逾期未办结事项。'));
  }
  if (f.keyWork.length) {
    children.push(
      heading('五、重点工作月度进展报送情况'),
      table(
        KEY_WORK_HEADER,
        f.keyWork.map((k, i) => [i + 1, k.name, k.due, k.onTime, k.late, k.missing]),
        [1],
      ),
    );
  }
  children.push(
    heading(f.keyWork.length ? '六、工作要求' : '五、工作要求'),
    para(
      '各单位要高度重视督办事项办理工作，对逾期未办结事项，主要负责同志要亲自过问，明确办结时限，' +
        '于收到本通报后3个工作日内向区政府督查室书面说明原因和整改措施；确需延期的，须在期限届满前提出延期申请。',
    ),
    para('区政府督查室将持续跟踪问效，对多次催办仍未办结的事项，提请区政府领导约谈，并纳入年度目标考核。'),
    heading('说明'),
    ...f.definitions.map((d) => para(`${d.term}：${d.meaning}。`)),
  );

  const doc = new Document({
    creator: '督办 Duban',
    title: f.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: 28 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
