import { formatISODate, shanghaiDayNumber } from '../calendar';
import {
  cellTexts,
  chineseDate,
  docxKit,
  OFFICIAL_TEXT,
  type Part,
  sectionsOf,
  tableLayout,
  textPart,
} from '../render';
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
 * The bulletin as a Word document (.docx), through the official-document kit (render/): on the GB/T 9704 page,
 * the red 版头 with its 期号, the title, the text in 三号 仿宋_GB2312 with 黑体 headings, the tables of
 * bulletin-table.ts, 页码 on every page and the 版记 at the foot of the last. Portrait; a table too wide for the
 * portrait type area (the unit table) goes, with its heading, into a landscape section of its own.
 */

const kit = docxKit(OFFICIAL_TEXT);
const ISSUER = '区人民政府办公室督查室';

const heading = (text: string) => kit.heading(text, 1);

function tablePart<R>(title: string, table: BulletinTable<R>, f: BulletinFigures): Part {
  const rows = cellTexts(table.columns, table.rows(f));
  const { landscape, size, width } = tableLayout(kit, table.columns, rows);
  return { landscape, children: [heading(title), kit.table(table.columns, rows, { size, width })] };
}

export async function renderBulletinDocx(f: BulletinFigures, publishedAt: Date | null = null): Promise<Buffer> {
  const parts: Part[] = [
    textPart(
      ...kit.masthead({
        name: '督 查 通 报',
        issue: f.issueNo ? `${f.year}年第${f.issueNo}期` : `${f.year}年（预览，未编号）`,
        issuer: ISSUER,
        date: publishedAt,
      }),
      kit.title(`关于${monthName(f.month)}督查督办工作情况的通报`, { after: OFFICIAL_TEXT.line }),
      kit.paragraph('各有关单位：', { indent: false }),
      kit.paragraph(
        '按照“每月一督查、每月一通报”的要求，现将本月区政府督办事项办理情况通报如下（统计时间为' +
          `${chineseDate(f.periodStart)}至${chineseDate(f.periodEnd)}）。`,
      ),
      heading('一、总体情况'),
      kit.paragraph(overallText(f)),
    ),
    tablePart('二、各单位办理情况', UNIT_TABLE, f),
    tablePart('三、人大代表建议和政协委员提案办理情况', DEPUTY_TABLE, f),
    f.overdue.length
      ? tablePart('四、逾期未办结事项', OVERDUE_TABLE, f)
      : textPart(heading('四、逾期未办结事项'), kit.paragraph('本月无逾期未办结事项。')),
  ];
  if (f.keyWork.length) parts.push(tablePart('五、重点工作月度进展报送情况', KEY_WORK_TABLE, f));
  parts.push(
    textPart(
      heading(f.keyWork.length ? '六、工作要求' : '五、工作要求'),
      kit.paragraph(
        '各单位要高度重视督办事项办理工作，对逾期未办结事项，主要负责同志要亲自过问，明确办结时限，' +
          '于收到本通报后3个工作日内向区政府督查室书面说明原因和整改措施；确需延期的，须在期限届满前提出延期申请。',
      ),
      kit.paragraph('区政府督查室将持续跟踪问效，对多次催办仍未办结的事项，提请区政府领导约谈，并纳入年度目标考核。'),
      heading('说明'),
      ...f.definitions.map((d) => kit.paragraph(`${d.term}：${d.meaning}。`)),
    ),
  );
  return kit.document({
    title: f.title,
    sections: sectionsOf(parts),
    // The 版记 of a published issue: who printed it and when (a preview is not printed).
    record: publishedAt ? { printer: ISSUER, printedOn: formatISODate(shanghaiDayNumber(publishedAt)) } : undefined,
  });
}
