import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { type AnnualReport, summaryParagraphs } from './annual';

/**
 * The year-end summary as a Word document, in the summary's own structure (一、二、三 and their numbered items):
 * the figures Duban backs are filled in (bold), every gap is highlighted yellow for a person to write, and a last
 * section lists each figure with its definition, so whoever signs the summary can check what a number counts.
 */

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const ITEM_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '楷体_GB2312' };

const run = (text: string, options: { bold?: boolean; font?: typeof BODY_FONT; size?: number; gap?: boolean } = {}) =>
  new TextRun({
    text,
    bold: options.bold,
    size: options.size ?? 32,
    font: options.font ?? BODY_FONT,
    highlight: options.gap ? 'yellow' : undefined,
    color: options.gap ? 'C00000' : undefined,
  });

const paragraph = (children: TextRun[], options: { center?: boolean } = {}) =>
  new Paragraph({
    children,
    alignment: options.center ? AlignmentType.CENTER : undefined,
    indent: options.center ? undefined : { firstLine: 640 },
    spacing: { line: 560 },
  });

export async function renderAnnualDocx(report: AnnualReport): Promise<Buffer> {
  const body = summaryParagraphs(report).map((block) => {
    const font = block.kind === 'heading' ? HEADING_FONT : undefined;
    return paragraph(
      block.pieces.flatMap((piece, i) => {
        if (piece.kind === 'text') {
          // A numbered item's title (up to its first 。) is set in 楷体, as the summary's items are.
          const itemTitle = block.kind === 'item' && i === 0 ? /^\d+\.[^。]*。/.exec(piece.text)?.[0] : undefined;
          return itemTitle
            ? [run(itemTitle, { font: ITEM_FONT, bold: true }), run(piece.text.slice(itemTitle.length))]
            : [run(piece.text, { font })];
        }
        return [run(piece.text, { bold: piece.kind === 'figure', gap: piece.kind === 'gap' })];
      }),
    );
  });
  const definitions = [
    ...report.figures.map((f) => `${f.label}：${f.text ?? '无记录'}。${f.definition}。`),
    ...report.changes.map((c) => `${c.label}：本年${c.thisYear}，上年${c.lastYear}，${c.text}。${c.definition}。`),
  ];
  const doc = new Document({
    creator: '督办 Duban',
    title: `区政府办公室${report.year}年度工作总结`,
    styles: { default: { document: { run: { font: BODY_FONT, size: 32 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          paragraph([run(`区政府办公室${report.year}年度工作总结`, { font: TITLE_FONT, size: 44 })], { center: true }),
          ...body,
          paragraph([run('附：数据口径（由督办系统统计）', { font: HEADING_FONT })]),
          ...definitions.map((line) => paragraph([run(line, { size: 24 })])),
          paragraph([
            run(`标注“${'【待填写】'}”处系统无相应记录，请人工填写：`, { size: 24 }),
            run(report.needsPerson.map((n) => `${n.section} ${n.what}`).join('；'), { size: 24, gap: true }),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
