import { type Block, chineseDate, type DocumentSection, docxKit, OFFICIAL_TEXT, TEXT_WIDTH } from '../render';
import type { MonthlySummary, SummaryBlock } from './monthly-summary';

/**
 * The 值班工作月报 as a Word document, through the official-document kit (render/), as the office's other documents:
 * the GB/T 9704 page, the title in 小标宋, the text in 三号 仿宋_GB2312, each section under its 黑体 heading numbered
 * 一、二、… in the order the summary gives them, tables fitted to their cells (in 五号, else 小五; a table too wide
 * for the portrait type area on landscape pages of its own), the 署名 and 成文日期 at the right, 页码.
 */

const kit = docxKit(OFFICIAL_TEXT);
const NUMERALS = '一二三四五六七八九十';
/** The cells' type sizes tried in turn (五号, then 小五), portrait first: the first the table fits. */
const CELL_SIZES = [21, 18];

interface Part {
  landscape: boolean;
  children: Block[];
}

function tablePart(block: Extract<SummaryBlock, { kind: 'table' }>): Part {
  const layouts = [false, true].flatMap((landscape) => CELL_SIZES.map((size) => ({ landscape, size })));
  const widthOf = (landscape: boolean) => (landscape ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait);
  const { landscape, size } = layouts.find((l) =>
    kit.tableFits(block.columns, block.rows, { size: l.size, width: widthOf(l.landscape) }),
  ) ?? { landscape: true, size: 18 };
  return { landscape, children: [kit.table(block.columns, block.rows, { size, width: widthOf(landscape) })] };
}

/** Consecutive parts of one orientation make one section. */
function sectionsOf(parts: Part[]): DocumentSection[] {
  const sections: DocumentSection[] = [];
  for (const part of parts) {
    const last = sections[sections.length - 1];
    if (last && (last.landscape ?? false) === part.landscape) last.children.push(...part.children);
    else sections.push({ landscape: part.landscape, children: [...part.children] });
  }
  return sections;
}

export function renderMonthlySummaryDocx(summary: MonthlySummary): Promise<Buffer> {
  const text = (...children: Block[]): Part => ({ landscape: false, children });
  const parts: Part[] = [
    text(
      kit.title(summary.title, { after: OFFICIAL_TEXT.line }),
      kit.paragraph(
        `现将${summary.year}年${Number(summary.month.slice(5))}月值班工作情况报告如下（统计时间为` +
          `${chineseDate(summary.from)}至${chineseDate(summary.to)}${summary.partial ? '，本月尚未结束' : ''}）。`,
      ),
    ),
  ];
  summary.sections.forEach((section, i) => {
    parts.push(text(kit.heading(`${NUMERALS[i] ?? i + 1}、${section.title}`, 1)));
    for (const block of section.blocks) {
      if (block.kind === 'table') parts.push(tablePart(block));
      else if (block.kind === 'subheading') parts.push(text(kit.heading(block.text, 2)));
      else parts.push(text(kit.paragraph(block.text)));
    }
  });
  // The closing line keeps the 署名 and 成文日期 company on their page (GB/T 9704-2012 7.3.5).
  parts.push(
    text(
      kit.paragraph('特此报告。', { keepNext: true }),
      ...kit.signature({ issuer: summary.office, date: summary.madeOn }),
    ),
  );
  return kit.document({ title: summary.title, sections: sectionsOf(parts) });
}

/** The file's name: 值班工作月报2026年11月.docx. */
export const summaryFileName = (month: string) => `值班工作月报${month.slice(0, 4)}年${Number(month.slice(5))}月.docx`;
