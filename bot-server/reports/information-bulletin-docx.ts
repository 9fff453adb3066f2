import { parseISODate, shanghaiInstant } from '../calendar';
import {
  type Column,
  cellTexts,
  chineseDate,
  docxKit,
  monthDay,
  OFFICIAL_TEXT,
  type Part,
  type Rows,
  sectionsOf,
  tableLayout,
  textPart,
} from '../render';
import { type BulletinAdoption, type BulletinUnitRow, type MonthlyBulletin, overallText } from './information-bulletin';

/**
 * The 政务信息工作通报 as a Word document, through the official-document kit (render/), as the office's other
 * bulletins: the red 版头 with its 期号, the title, the text in 三号 仿宋_GB2312 under 黑体 headings, the units'
 * table (landscape when too wide for the portrait type area), the month's adoptions, the 署名 and 成文日期, 页码.
 */

const kit = docxKit(OFFICIAL_TEXT);
const heading = (text: string) => kit.heading(text, 1);

/** The units' table: the month's place and figures, then the year's to the month's end. */
export const UNIT_COLUMNS: Column<BulletinUnitRow>[] = [
  { header: '名次', text: (r) => r.month.rank },
  { header: '单位', text: (r) => r.unit.name, left: true },
  { header: '本月报送', narrow: '报送', text: (r) => r.month.reported },
  { header: '本月采用', narrow: '采用', text: (r) => r.month.adopted },
  { header: '本月批示', narrow: '批示', text: (r) => r.month.instructions },
  { header: '本月得分', narrow: '得分', text: (r) => r.month.score },
  { header: '年度报送', text: (r) => r.year.reported },
  { header: '年度采用', text: (r) => r.year.adopted },
  { header: '年度批示', text: (r) => r.year.instructions },
  { header: '年度得分', text: (r) => r.year.score },
  { header: '年度名次', text: (r) => r.year.rank },
];

/** The month's adoptions: which item, whose, where and how adopted. */
export const ADOPTION_COLUMNS: Column<BulletinAdoption>[] = [
  { header: '序号', text: (_, n) => n ?? '' },
  { header: '信息标题', text: (a) => a.title, left: true, wrap: true },
  { header: '报送单位', text: (a) => a.unit.name, left: true },
  { header: '采用情况', text: (a) => `${a.levelName}${a.formName}` },
  { header: '采用日期', text: (a) => monthDay(a.adoptedOn) },
  { header: '领导批示', text: (a) => a.instructionName ?? '—' },
  { header: '得分', text: (a) => a.points },
];

function tablePart<R>(title: string, note: string | null, columns: Column<R>[], rows: Rows<R>): Part {
  const cells = cellTexts(columns, rows);
  const { landscape, size, width } = tableLayout(kit, columns, cells);
  const head = [heading(title), ...(note ? [kit.paragraph(note)] : [])];
  return { landscape, children: [...head, kit.table(columns, cells, { size, width })] };
}

export function renderMonthlyBulletinDocx(b: MonthlyBulletin): Promise<Buffer> {
  const { from, to } = b.monthTotals;
  const parts: Part[] = [
    textPart(
      ...kit.masthead({
        name: '政务信息工作通报',
        issue: b.issue,
        issuer: b.office,
        date: shanghaiInstant(parseISODate(b.madeOn)),
      }),
      kit.title(b.title, { after: OFFICIAL_TEXT.line }),
      kit.paragraph('各单位：', { indent: false }),
      kit.paragraph(
        `现将${b.year}年${b.monthNumber}月全区政务信息报送采用情况通报如下（统计时间为${chineseDate(from)}至` +
          `${chineseDate(to)}${b.partial ? '，本月尚未结束' : ''}）。`,
      ),
      heading('一、总体情况'),
      ...overallText(b).map((p) => kit.paragraph(p)),
    ),
    tablePart(
      '二、各单位信息报送采用情况',
      `按本月得分排名，得分相同的名次并列；“年度”各栏为${b.year}年1月至${b.monthNumber}月累计。`,
      UNIT_COLUMNS,
      { items: b.units },
    ),
    b.adoptions.length
      ? tablePart('三、本月信息采用情况', null, ADOPTION_COLUMNS, { items: b.adoptions })
      : textPart(heading('三、本月信息采用情况'), kit.paragraph('本月无被采用信息。')),
    textPart(
      heading('四、工作要求'),
      kit.paragraph(
        '各单位要围绕区委、区政府中心工作，及时报送反映新情况、新做法、新成效的政务信息，提高信息的时效性和' +
          '针对性；本月未报送或未被采用的单位要认真查找原因，明确专人负责，切实加强政务信息工作。',
      ),
      heading('说明'),
      ...b.definitions.map((d) => kit.paragraph(`${d.label}：${d.definition}。`)),
      kit.paragraph('领导批示：期间内被采用的政务信息获市领导、省领导或国家领导批示的条数。'),
      kit.paragraph('采用层级中，同一条信息被多级采用的，“被采用”计一条，各层级分别计。', { keepNext: true }),
      ...kit.signature({ issuer: b.office, date: b.madeOn }),
    ),
  ];
  return kit.document({ title: b.title, sections: sectionsOf(parts) });
}

/** The file's name: 信息通报2026年11月.docx. */
export const bulletinFileName = (month: string) => `信息通报${month.slice(0, 4)}年${Number(month.slice(5))}月.docx`;
