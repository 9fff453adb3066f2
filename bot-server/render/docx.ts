import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { chineseDateOf } from './dates';
import { FONTS, type FontName, PAGES, type PageName, RED, type TextStyle, TYPE_SIZE } from './style';

/**
 * The official-document kit: the few elements Word and WPS both read (paragraphs, runs, tables, a bottom border)
 * built in the format of style.ts, and a document of them as .docx bytes. Pure: data in, bytes out.
 */

/** The MIME type of a Word document. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface RunOptions {
  font?: FontName;
  /** Half-points; the text style's size when omitted. */
  size?: number;
  bold?: boolean;
  color?: string;
  /** What a person still has to fill in: highlighted yellow, in red. */
  mark?: boolean;
}

export interface ParagraphOptions extends RunOptions {
  align?: 'center' | 'left';
  /** The first line indented by two characters of the text; the default unless centred. */
  indent?: boolean;
  /** Space before and after, in twips. */
  before?: number;
  after?: number;
  /** The line pitch; the text style's when omitted; null for single lines. */
  line?: number | null;
}

/** A table column as Word shows it: its header, and left-aligned (names, titles) or centred. */
export interface DocxColumn {
  header: string;
  left?: boolean;
}

/** The 版头 of an office's own bulletin: its name in red, the issue, the issuer and date over a red rule. */
export interface Masthead {
  /** The bulletin's name, letter-spaced: 督 查 通 报. */
  name: string;
  /** 2026年第3期. */
  issue: string;
  issuer: string;
  /** The date printed at the right of the issuer; none when null. */
  date: Date | null;
}

export type Block = Paragraph | Table;

export interface DocxKit {
  run(text: string, options?: RunOptions): TextRun;
  /** A paragraph of one run of `content` (with the run options), or of the runs given. */
  paragraph(content: string | TextRun[], options?: ParagraphOptions): Paragraph;
  /** A centred title in 方正小标宋简体, 二号 unless a size is given. */
  title(text: string, options?: ParagraphOptions): Paragraph;
  /** A full-width table with a header row repeated on each page; cells in type of `size` half-points. */
  table(columns: DocxColumn[], rows: (string | number)[][], options: { size: number }): Table;
  masthead(masthead: Masthead): Paragraph[];
  /** The document as .docx bytes: one section on the named page, the text style as the default. */
  render(document: { title: string; page: PageName; children: Block[] }): Promise<Buffer>;
}

/** Eighteen ideographic spaces between the issuer and the date of the 版头. */
const MASTHEAD_GAP = '　'.repeat(18);
const MASTHEAD_NAME_SIZE = 56;
const RULE = { color: RED, style: BorderStyle.SINGLE, size: 18, space: 4 };
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

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
    const indented = options.indent ?? options.align !== 'center';
    return new Paragraph({
      children: typeof content === 'string' ? [run(content, options)] : content,
      alignment:
        options.align === 'center' ? AlignmentType.CENTER : options.align === 'left' ? AlignmentType.LEFT : undefined,
      // Two characters of the text: a character of n half-points is 10n twips wide.
      indent: indented ? { firstLine: style.size * 20 } : undefined,
      spacing:
        line === undefined && options.before === undefined && options.after === undefined
          ? undefined
          : { before: options.before, after: options.after, line },
    });
  };

  const cell = (value: string | number, options: { size: number; left?: boolean; header?: boolean }) =>
    new TableCell({
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [run(String(value), { size: options.size, bold: options.header || undefined })],
        }),
      ],
    });

  return {
    run,
    paragraph,
    title: (text, options = {}) =>
      paragraph(text, { size: TYPE_SIZE.size2, ...options, align: 'center', font: 'title' }),
    table: (columns, rows, { size }) =>
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        borders: {
          top: CELL_BORDER,
          bottom: CELL_BORDER,
          left: CELL_BORDER,
          right: CELL_BORDER,
          insideHorizontal: CELL_BORDER,
          insideVertical: CELL_BORDER,
        },
        rows: [
          new TableRow({ tableHeader: true, children: columns.map((c) => cell(c.header, { size, header: true })) }),
          ...rows.map(
            (row) => new TableRow({ children: row.map((v, i) => cell(v, { size, left: columns[i]?.left })) }),
          ),
        ],
      }),
    masthead: (m) => [
      paragraph(m.name, {
        align: 'center',
        line: null,
        font: 'title',
        size: MASTHEAD_NAME_SIZE,
        color: RED,
        bold: true,
      }),
      paragraph(m.issue, { align: 'center', line: null }),
      new Paragraph({
        children: [run(`${m.issuer}${m.date ? `${MASTHEAD_GAP}${chineseDateOf(m.date)}` : ''}`)],
        border: { bottom: RULE },
        spacing: { after: 240 },
      }),
    ],
    render: ({ title, page, children }) =>
      Packer.toBuffer(
        new Document({
          creator: '督办 Duban',
          title,
          styles: { default: { document: { run: { font: FONTS.body, size: style.size } } } },
          sections: [{ properties: { page: PAGES[page] }, children }],
        }),
      ),
  };
}
