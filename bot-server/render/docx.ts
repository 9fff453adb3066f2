import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { type FittedColumn, fitColumns, fitsWidth } from './measure';
import { type DocumentHead, type Masthead, type OfficialDocument, officialParts, type Signature } from './official';
import type { ParagraphOptions, RunOptions } from './options';
import { FONTS, RED, TEXT_WIDTH, type TextStyle, TYPE_SIZE } from './style';

/**
 * The official-document kit: the few elements Word and WPS both read (paragraphs, runs, tables, borders, footers)
 * built in the format of style.ts — GB/T 9704-2012 (党政机关公文格式), see README.md — and a document of them as
 * .docx bytes. Pure: data in, bytes out.
 */

export type { Block, ParagraphOptions, RunOptions } from './options';

/** The MIME type of a Word document. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * A table column as Word shows it: its header, left-aligned (names, titles) or centred, and whether its cells may
 * wrap (long titles; names and numbers never do).
 */
export interface DocxColumn extends FittedColumn {
  left?: boolean;
}

export interface TableOptions {
  /** The cells' type size, half-points. */
  size: number;
  /** The width the table fills (twips): the portrait type area when omitted (TEXT_WIDTH). */
  width?: number;
}

/** Heading levels of GB/T 9704-2012 7.3.3: 一、 in 黑体, （一） in 楷体, 1. in 仿宋 bold. */
export type HeadingLevel = 1 | 2 | 3;

export interface DocxKit {
  run(text: string, options?: RunOptions): TextRun;
  /** A paragraph of one run of `content` (with the run options), or of the runs given. */
  paragraph(content: string | TextRun[], options?: ParagraphOptions): Paragraph;
  /** A centred title in 方正小标宋简体, 二号 unless a size is given. */
  title(text: string, options?: ParagraphOptions): Paragraph;
  /** A heading of the text (一、总体情况 / （一）… / 1.…) in its level's face, kept with what follows. */
  heading(text: string, level: HeadingLevel): Paragraph;
  /**
   * A table filling `width`, its columns fitted to their cells (unit names on one line), the header row repeated
   * on each page, no row split across pages.
   */
  table(columns: readonly DocxColumn[], rows: (string | number)[][], options: TableOptions): Table;
  /** Whether the table fits `width` with no cell broken but the wrapping ones: if not, set it landscape. */
  tableFits(columns: readonly DocxColumn[], rows: (string | number)[][], options: TableOptions): boolean;
  /** The 版头 of an office's own bulletin (简报 style): its name in red, the issue, the issuer and date, a red rule. */
  masthead(masthead: Masthead): Paragraph[];
  /** The 版头 of a document (GB/T 9704-2012 7.2): 发文机关标志 in red, 发文字号 under it, the red rule. */
  documentHead(head: DocumentHead): Paragraph[];
  /** 发文机关署名 and 成文日期 at the right with room above for the seal (GB/T 9704-2012 7.3.5.1). */
  signature(signature: Signature): Paragraph[];
  /** The document as .docx bytes: its sections (portrait, or landscape for a wide table), 页码, the 版记. */
  document(document: OfficialDocument): Promise<Buffer>;
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_MARGIN = 108;
/** The faces and weight of each heading level. */
const HEADINGS: Record<HeadingLevel, RunOptions> = {
  1: { font: 'heading' },
  2: { font: 'item' },
  3: { font: 'body', bold: true },
};

export function docxKit(style: TextStyle): DocxKit {
  const run = (text: string, options: RunOptions = {}) =>
    new TextRun({
      text,
      bold: options.bold,
      size: options.size ?? style.size,
      font: FONTS[options.font ?? 'body'],
      highlight: options.mark ? 'yellow' : undefined,
      color: options.mark ? RED : options.color,
    });

  const paragraph = (content: string | TextRun[], options: ParagraphOptions = {}) => {
    const line = options.line === null ? undefined : (options.line ?? style.line);
    const indented = options.indent ?? (options.align !== 'center' && options.align !== 'right');
    return new Paragraph({
      children: typeof content === 'string' ? [run(content, options)] : content,
      alignment: options.align ? ALIGN[options.align] : undefined,
      // Two characters of the text: a character of n half-points is 10n twips wide.
      indent:
        indented || options.right
          ? {
              firstLine: indented ? style.size * 20 : undefined,
              right: options.right && options.right * style.size * 10,
            }
          : undefined,
      keepNext: options.keepNext,
      spacing: {
        before: options.before,
        after: options.after,
        ...(line === undefined ? {} : { line, lineRule: LineRuleType.EXACT }),
      },
    });
  };

  const cell = (value: string | number, width: number, options: { size: number; left?: boolean; header?: boolean }) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: CELL_MARGIN, right: CELL_MARGIN },
      children: [
        new Paragraph({
          alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [run(String(value), { size: options.size, bold: options.header || undefined })],
        }),
      ],
    });

  const table = (columns: readonly DocxColumn[], rows: (string | number)[][], options: TableOptions) => {
    const width = options.width ?? TEXT_WIDTH.portrait;
    const widths = fitColumns(columns, rows, options.size, width);
    const { size } = options;
    return new Table({
      // The type area's width, or more where a name would otherwise break (see fitColumns).
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: {
        top: CELL_BORDER,
        bottom: CELL_BORDER,
        left: CELL_BORDER,
        right: CELL_BORDER,
        insideHorizontal: CELL_BORDER,
        insideVertical: CELL_BORDER,
      },
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: columns.map((c, i) => cell(c.header, widths[i] ?? 0, { size, header: true })),
        }),
        ...rows.map(
          (row) =>
            new TableRow({
              cantSplit: true,
              children: row.map((v, i) => cell(v, widths[i] ?? 0, { size, left: columns[i]?.left })),
            }),
        ),
      ],
    });
  };

  const parts = officialParts(style, { run, paragraph });
  return {
    run,
    paragraph,
    title: (text, options = {}) =>
      paragraph(text, { size: TYPE_SIZE.size2, line: null, ...options, align: 'center', font: 'title' }),
    heading: (text, level) => paragraph(text, { ...HEADINGS[level], keepNext: true }),
    table,
    tableFits: (columns, rows, options) => fitsWidth(columns, rows, options.size, options.width ?? TEXT_WIDTH.portrait),
    ...parts,
  };
}

const ALIGN = { center: AlignmentType.CENTER, left: AlignmentType.LEFT, right: AlignmentType.RIGHT } as const;
