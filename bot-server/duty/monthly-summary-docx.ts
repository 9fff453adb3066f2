import { chineseDate, docxKit, OFFICIAL_TEXT, type Part, sectionsOf, tableLayout, textPart } from '../render';
import type { MonthlySummary, SummaryBlock } from './monthly-summary';

/**
 * The 值班工作月报 as a Word document, through the official-document kit (render/), as the office's other documents:
 * the GB/T 9704 page, the title in 小标宋, the text in 三号 仿宋_GB2312, each section under its 黑体 heading numbered
 * 一、二、… in the order the summary gives them, tables fitted to their cells (in 五号, else 小五; a table too wide
 * for the portrait type area on landscape pages of its own), the 署名 and 成文日期 at the right, 页码.
 */

const kit = docxKit(OFFICIAL_TEXT);
const NUMERALS = '一二三四五六七八九十';
function tablePart(block: Extract<SummaryBlock, { kind: 'table' }>): Part {
  const { landscape, size, width } = tableLayout(kit, block.columns, block.rows);
  return { landscape, children: [kit.table(block.columns, block.rows, { size, width })] };
}

export function renderMonthlySummaryDocx(summary: MonthlySummary): Promise<Buffer> {
  const parts: Part[] = [
    textPart(
      kit.title(summary.title, { after: OFFICIAL_TEXT.line }),
      kit.paragraph(
        `现将${summary.year}年${Number(summary.month.slice(5))}月值班工作情况报告如下（统计时间为` +
          `${chineseDate(summary.from)}至${chineseDate(summary.to)}${summary.partial ? '，本月尚未结束' : ''}）。`,
      ),
    ),
  ];
  summary.sections.forEach((section, i) => {
    parts.push(textPart(kit.heading(`${NUMERALS[i] ?? i + 1}、${section.title}`, 1)));
    for (const block of section.blocks) {
      if (block.kind === 'table') parts.push(tablePart(block));
      else if (block.kind === 'subheading') parts.push(textPart(kit.heading(block.text, 2)));
      else parts.push(textPart(kit.paragraph(block.text)));
    }
  });
  // The closing line keeps the 署名 and 成文日期 company on their page (GB/T 9704-2012 7.3.5).
  parts.push(
    textPart(
      kit.paragraph('特此报告。', { keepNext: true }),
      ...kit.signature({ issuer: summary.office, date: summary.madeOn }),
    ),
  );
  return kit.document({ title: summary.title, sections: sectionsOf(parts) });
}

/** The file's name: 值班工作月报2026年11月.docx. */
export const summaryFileName = (month: string) => `值班工作月报${month.slice(0, 4)}年${Number(month.slice(5))}月.docx`;
