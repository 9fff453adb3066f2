import { type Block, cellTexts, docxKit, TABLE_TEXT } from '../render';
import { type BulletinFigures, monthName } from './bulletin';
import {
  type BulletinTable,
  DEPUTY_TABLE,
  KEY_WORK_TABLE,
  OVERDUE_TABLE,
  overallText,
  UNIT_TABLE,
} from './bulletin-table';

/**
 * The bulletin as a Word document (.docx), through the official-document kit (render/): the red 版头, the title,
 * the text in 四号 仿宋_GB2312 with 黑体 headings, and the tables of bulletin-table.ts. Landscape A4, because the
 * unit table is wide.
 */

const kit = docxKit(TABLE_TEXT);
/** 10 pt: fifteen columns across landscape A4. */
const CELL_SIZE = 20;

const heading = (text: string) => kit.paragraph(text, { font: 'heading', before: 120, after: 60 });

function table<R>(table: BulletinTable<R>, f: BulletinFigures) {
  return kit.table(table.columns, cellTexts(table.columns, table.rows(f)), { size: CELL_SIZE });
}

export async function renderBulletinDocx(f: BulletinFigures, publishedAt: Date | null = null): Promise<Buffer> {
  const children: Block[] = [
    ...kit.masthead({
      name: '督 查 通 报',
      issue: f.issueNo ? `${f.year}年第${f.issueNo}期` : `${f.year}年（预览，未编号）`,
      issuer: '区人民政府办公室督查室',
      date: publishedAt,
    }),
    kit.title(`关于${monthName(f.month)}督查督办工作情况的通报`, { size: 36, after: 240, line: null }),
    kit.paragraph('各有关单位：', { indent: false }),
    kit.paragraph(
      '按照“每月一督查、每月一通报”的要求，现将本月区政府督办事项办理情况通报如下（统计时间为' +
        `${f.periodStart}至${f.periodEnd}）。`,
    ),
    heading('一、总体情况'),
    kit.paragraph(overallText(f)),
    heading('二、各单位办理情况'),
    table(UNIT_TABLE, f),
    heading('三、人大代表建议和政协委员提案办理情况'),
    table(DEPUTY_TABLE, f),
    heading('四、逾期未办结事项'),
    f.overdue.length ? table(OVERDUE_TABLE, f) : kit.paragraph('本月无逾期未办结事项。'),
  ];
  if (f.keyWork.length) children.push(heading('五、重点工作月度进展报送情况'), table(KEY_WORK_TABLE, f));
  children.push(
    heading(f.keyWork.length ? '六、工作要求' : '五、工作要求'),
    kit.paragraph(
      '各单位要高度重视督办事项办理工作，对逾期未办结事项，主要负责同志要亲自过问，明确办结时限，' +
        '于收到本通报后3个工作日内向区政府督查室书面说明原因和整改措施；确需延期的，须在期限届满前提出延期申请。',
    ),
    kit.paragraph('区政府督查室将持续跟踪问效，对多次催办仍未办结的事项，提请区政府领导约谈，并纳入年度目标考核。'),
    heading('说明'),
    ...f.definitions.map((d) => kit.paragraph(`${d.term}：${d.meaning}。`)),
  );
  return kit.render({ title: f.title, page: 'landscape', children });
}
