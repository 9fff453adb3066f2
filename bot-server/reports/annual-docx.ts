import { formatISODate, shanghaiDayNumber } from '../calendar/civil-date';
import { docxKit, OFFICIAL_TEXT } from '../render';
import { type AnnualReport, type Piece, summaryParagraphs } from './annual';

/**
 * The year-end summary as a Word document, through the official-document kit (render/), in the summary's own
 * structure: 一、 headings in 黑体, numbered items led by their title in bold; the figures Duban backs in plain type
 * like the words around them, every gap marked (highlighted) for a person to write; the office's 署名 and the
 * 成文日期 at the right with room for the seal; 页码. The figures' definitions are not printed: they are on the
 * figures' page (GET /api/reports/annual/:year, `duban report annual`).
 */

const kit = docxKit(OFFICIAL_TEXT);

/** The pieces as runs: text and figures together in one run, each mark for a person in its own. */
function segmentsOf(pieces: Piece[]): { text: string; mark: boolean }[] {
  const segments: { text: string; mark: boolean }[] = [];
  for (const piece of pieces) {
    const mark = piece.kind === 'gap';
    const last = segments[segments.length - 1];
    if (last && !last.mark && !mark) last.text += piece.text;
    else segments.push({ text: piece.text, mark });
  }
  return segments;
}

export function renderAnnualDocx(report: AnnualReport): Promise<Buffer> {
  const blocks = summaryParagraphs(report);
  const body = blocks.map((block, b) => {
    if (block.kind === 'heading') return kit.heading(block.pieces.map((p) => p.text).join(''), 1);
    const runs = segmentsOf(block.pieces).flatMap((segment, i) => {
      if (segment.mark) return [kit.run(segment.text, { mark: true })];
      // A numbered item's title (up to its first 。) is set in bold, as level 3 of GB/T 9704-2012 7.3.3.
      const itemTitle = block.kind === 'item' && i === 0 ? /^\d+\.[^。]*。/.exec(segment.text)?.[0] : undefined;
      return itemTitle
        ? [kit.run(itemTitle, { bold: true }), kit.run(segment.text.slice(itemTitle.length))]
        : [kit.run(segment.text)];
    });
    // The last paragraph keeps the signature on its page.
    return kit.paragraph(runs, { keepNext: b === blocks.length - 1 });
  });
  const title = `${report.office}${report.year}年度工作总结`;
  return kit.document({
    title,
    sections: [
      {
        children: [
          kit.title(title),
          ...body,
          ...kit.signature({
            issuer: report.office,
            date: formatISODate(shanghaiDayNumber(new Date(report.writtenAt))),
          }),
        ],
      },
    ],
  });
}
