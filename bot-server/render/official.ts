import {
  AlignmentType,
  BorderStyle,
  Document,
  HorizontalPositionRelativeFrom,
  type IBordersOptions,
  LineRuleType,
  Packer,
  Paragraph,
  TabStopType,
  TextRun,
  TextWrappingType,
  VerticalPositionAlign,
  VerticalPositionRelativeFrom,
} from 'docx';
import { ShapeRun } from 'docx/shapes';
import { chineseDate, chineseDateOf } from './dates';
import { ems } from './measure';
import type { Block, ParagraphOptions, RunOptions } from './options';
import { pageNumberFooters } from './page-numbers';
import { FONTS, PAGES, RED, TEXT_WIDTH, type TextStyle, TYPE_SIZE } from './style';

/**
 * The parts of an official document around its text, after GB/T 9704-2012 (党政机关公文格式): the 版头 (7.2), the
 * 发文机关署名 and 成文日期 (7.3.5), the 版记 (7.4), the 页码 (7.5), and the document of portrait and landscape
 * sections as .docx bytes.
 */

/** The 版头 of an office's own bulletin (简报 style): its name in red, the issue, the issuer and date over a red rule. */
export interface Masthead {
  /** The bulletin's name, letter-spaced: 督 查 通 报. */
  name: string;
  /** 2026年第3期. */
  issue: string;
  issuer: string;
  /** The date printed at the right of the issuer; none when null. */
  date: Date | null;
}

/** The 版头 of a document: the issuing body's mark and the 发文字号. */
export interface DocumentHead {
  /** 发文机关标志: the body's name, with 文件 where the kind is a 文件 (区人民政府办公室文件). */
  issuer: string;
  /** 发文字号 (区政办〔2026〕5号, see `documentNumber`); none on a preview not yet numbered. */
  number: string | null;
}

/** 发文机关署名 and 成文日期. */
export interface Signature {
  issuer: string;
  /** The civil day (YYYY-MM-DD) the document is dated, printed 2026年12月4日 (GB/T 9704-2012 7.3.5.4). */
  date: string;
}

/** The 版记 (GB/T 9704-2012 7.4) at the foot of the last page. */
export interface PrintRecord {
  /** 抄送机关, in order; no 抄送 line when empty or omitted. */
  copyTo?: readonly string[];
  /** 印发机关. */
  printer: string;
  /** 印发日期, a civil day (YYYY-MM-DD). */
  printedOn: string;
}

/** A run of pages: portrait, or landscape for a table too wide for the portrait type area. */
export interface DocumentSection {
  landscape?: boolean;
  children: Block[];
}

export interface OfficialDocument {
  /** The document's title in its properties. */
  title: string;
  sections: DocumentSection[];
  /** The 版记, at the foot of the last page; none when omitted. */
  record?: PrintRecord;
}

/** 发文字号: the body's code, the year in hexagonal brackets, the number (GB/T 9704-2012 7.2.5): 区政办〔2026〕5号. */
export const documentNumber = (code: string, year: number, serial: number) => `${code}〔${year}〕${serial}号`;

const MASTHEAD_NAME_SIZE = 56;
const RULE = { color: RED, style: BorderStyle.SINGLE, size: 18, space: 4 };
/** The 版记's rules: the first and last 0.35 mm, those between 0.25 mm (GB/T 9704-2012 7.4.1), in eighths of a point. */
const RECORD_RULE = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
const RECORD_THIN_RULE = { style: BorderStyle.SINGLE, size: 6, color: '000000' };

/** Space above and below each line of the 版记 (twips). */
const RECORD_SPACE = 60;
/** Shapes are sized in pixels of 1/96 inch: 15 twips. */
const twipsToPixels = (twips: number) => Math.ceil(twips / 15);

/** A character of n half-points is 10n twips wide. */
const characters = (n: number, size: number) => Math.round(n * size * 10);

interface Elements {
  run(text: string, options?: RunOptions): TextRun;
  paragraph(content: string | TextRun[], options?: ParagraphOptions): Paragraph;
}

/**
 * The blocks with the 版记 anchored in their last paragraph (the 成文日期 of a signed document), so that it goes to
 * the page that paragraph is on, and that paragraph (with what is kept with it) to the next page where the 版记
 * does not fit under it.
 */
function withRecord(children: Block[], box: ShapeRun): Block[] {
  const last = children[children.length - 1];
  if (last instanceof Paragraph) {
    last.addChildElement(box);
    return children;
  }
  return [...children, new Paragraph({ children: [box] })];
}

export function officialParts(style: TextStyle, { run, paragraph }: Elements) {
  /**
   * The 版记 (7.4): 抄送 and 印发 lines in 四号 between rules as wide as the type area, the first and last thick, in a
   * text box floating at the foot of the type area of the last page, so its last rule lies on the type area's foot.
   */
  const record = (r: PrintRecord, landscape: boolean): ShapeRun => {
    const size = TYPE_SIZE.size4;
    const width = landscape ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait;
    const lineHeight = Math.round(size * 10 * 1.5);
    const line = (children: TextRun[], border: IBordersOptions, hanging = 0) =>
      new Paragraph({
        children,
        border,
        indent: {
          left: characters(1 + hanging, size),
          right: characters(1, size),
          hanging: hanging ? characters(hanging, size) : undefined,
        },
        tabStops: [{ type: TabStopType.RIGHT, position: width - characters(1, size) }],
        spacing: { before: RECORD_SPACE, after: RECORD_SPACE, line: lineHeight, lineRule: LineRuleType.EXACT },
      });
    const printed = [run(r.printer, { size }), run(`\t${chineseDate(r.printedOn)}印发`, { size })];
    const lines: Paragraph[] = [];
    let height = 0;
    if (r.copyTo?.length) {
      // 抄送 lines run on aligned after the colon, the last name closed by a full stop (7.4.2).
      const copyTo = `抄送：${r.copyTo.join('，')}。`;
      lines.push(line([run(copyTo, { size })], { top: RECORD_RULE, bottom: RECORD_THIN_RULE }, 3));
      height += Math.ceil((ems(copyTo) * size * 10) / (width - characters(2, size))) * lineHeight + 2 * RECORD_SPACE;
    }
    lines.push(line(printed, lines.length ? { bottom: RECORD_RULE } : { top: RECORD_RULE, bottom: RECORD_RULE }));
    // The box a line taller than its lines: its text sits at the foot of it.
    height += 2 * (lineHeight + 2 * RECORD_SPACE);
    return new ShapeRun({
      type: 'rectangle',
      transformation: { width: twipsToPixels(width), height: twipsToPixels(height) },
      line: { transparency: 100 },
      children: lines,
      textOptions: { margins: { top: 0, right: 0, bottom: 0, left: 0 }, verticalAlignment: 'bottom' },
      floating: {
        horizontalPosition: { relative: HorizontalPositionRelativeFrom.MARGIN, offset: 0 },
        verticalPosition: { relative: VerticalPositionRelativeFrom.MARGIN, align: VerticalPositionAlign.BOTTOM },
        wrap: { type: TextWrappingType.TOP_AND_BOTTOM },
      },
      altText: { name: '版记', description: '版记', title: '版记' },
    });
  };

  return {
    masthead: (m: Masthead) => [
      paragraph(m.name, {
        align: 'center',
        line: null,
        font: 'title',
        size: MASTHEAD_NAME_SIZE,
        color: RED,
        bold: true,
      }),
      paragraph(m.issue, { align: 'center', line: null }),
      // The issuer at the left, the date at the right of the type area, over the red rule.
      new Paragraph({
        children: [run(`${m.issuer}${m.date ? `\t${chineseDateOf(m.date)}` : ''}`)],
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH.portrait }],
        border: { bottom: RULE },
        spacing: { after: 240 },
      }),
    ],
    documentHead: (head: DocumentHead) => {
      const mark = paragraph(head.issuer, {
        align: 'center',
        line: null,
        font: 'title',
        size: MASTHEAD_NAME_SIZE,
        color: RED,
      });
      // 发文字号 two lines under the mark, the red rule 4 mm under it, as wide as the type area (7.2.5, 7.2.7).
      const number = new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(head.number ?? '')],
        border: { bottom: { ...RULE, space: 11 } },
        spacing: { before: 2 * style.line, after: 2 * style.line },
      });
      return [mark, number];
    },
    signature: ({ issuer, date }: Signature) => {
      const dateText = chineseDate(date);
      // The date four characters in from the right; the issuer centred over it (7.3.5.1).
      const dateRight = 4;
      const issuerRight = Math.max(0, dateRight + (ems(dateText) - ems(issuer)) / 2);
      return [
        paragraph(issuer, { align: 'right', right: issuerRight, before: 2 * style.line, keepNext: true }),
        paragraph(dateText, { align: 'right', right: dateRight }),
      ];
    },
    document: ({ title, sections, record: printRecord }: OfficialDocument) => {
      const footers = { portrait: pageNumberFooters(false), landscape: pageNumberFooters(true) };
      const last = sections.length - 1;
      return Packer.toBuffer(
        new Document({
          creator: '督办 Duban',
          title,
          evenAndOddHeaderAndFooters: true,
          styles: { default: { document: { run: { font: FONTS.body, size: style.size } } } },
          sections: sections.map(({ landscape = false, children }, i) => ({
            properties: { page: landscape ? PAGES.officialLandscape : PAGES.official },
            footers: landscape ? footers.landscape : footers.portrait,
            children: i === last && printRecord ? withRecord(children, record(printRecord, landscape)) : children,
          })),
        }),
      );
    },
  };
}
