import { docxKit, OFFICIAL_TEXT, TYPE_SIZE } from '../render';
import { type AnnualReport, GAP_TEXT, summaryParagraphs } from './annual';

/**
 * The year-end summary as a Word document, through the official-document kit (render/), in the summary's own
 * structure (一、二、三 and their numbered items): the figures Duban backs are filled in (bold), every gap is marked
 * for a person to write, and a last section lists each figure with its definition, so whoever signs the summary
 * can check what a number counts.
 */

const kit = docxKit(OFFICIAL_TEXT);
const NOTE = { size: TYPE_SIZE.smallSize4 };

export async function renderAnnualDocx(report: AnnualReport): Promise<Buffer> {
  const body = summaryParagraphs(report).map((block) =>
    kit.paragraph(
      block.pieces.flatMap((piece, i) => {
        if (piece.kind === 'text') {
          // A numbered item's title (up to its first 。) is set in 楷体, as the summary's items are.
          const itemTitle = block.kind === 'item' && i === 0 ? /^\d+\.[^。]*。/.exec(piece.text)?.[0] : undefined;
          return itemTitle
            ? [kit.run(itemTitle, { font: 'item', bold: true }), kit.run(piece.text.slice(itemTitle.length))]
            : [kit.run(piece.text, { font: block.kind === 'heading' ? 'heading' : undefined })];
        }
        return [kit.run(piece.text, { bold: piece.kind === 'figure', mark: piece.kind === 'gap' })];
      }),
    ),
  );
  const definitions = [
    ...report.figures.map((f) => `${f.label}：${f.text ?? '无记录'}。${f.definition}。`),
    ...report.changes.map((c) => `${c.label}：本年${c.thisYear}，上年${c.lastYear}，${c.text}。${c.definition}。`),
  ];
  const title = `区政府办公室${report.year}年度工作总结`;
  return kit.render({
    title,
    page: 'official',
    children: [
      kit.title(title),
      ...body,
      kit.paragraph('附：数据口径（由督办系统统计）', { font: 'heading' }),
      ...definitions.map((line) => kit.paragraph(line, NOTE)),
      kit.paragraph([
        kit.run(`标注“${GAP_TEXT}”处系统无相应记录，请人工填写：`, NOTE),
        kit.run(report.needsPerson.map((n) => `${n.section} ${n.what}`).join('；'), { ...NOTE, mark: true }),
      ]),
    ],
  });
}
