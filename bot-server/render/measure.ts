/**
 * Column widths fitted to what the cells hold, so a table prints without breaking a name mid-word. Widths are
 * estimated from the text, not measured from the fonts: a Chinese character (and full-width punctuation) is one
 * em of the type size, a Latin letter or digit about half of one (Times New Roman's digits are exactly half an em).
 */

/** A table column as it is fitted: its header, and whether its cells may wrap onto several lines. */
export interface FittedColumn {
  header: string;
  /** Long text (a matter's title) may wrap; any other cell (names, numbers, dates) keeps to one line. */
  wrap?: boolean;
}

/** The space Word leaves each side of a cell's text (twips): 0.19 cm, its default. */
export const CELL_PADDING = 108;
/** The least a wrapping column is given, in characters. */
const WRAP_MIN_CHARACTERS = 6;
/** Headers of four characters or more may wrap onto two lines. */
const HEADER_WRAP_FROM = 4;
/** What the estimate leaves for faces that set a little wider than their size (substituted fonts). */
const SLACK = 1.08;

/** Full width: CJK ideographs and punctuation, full-width forms, the dashes and quotes Chinese text uses. */
const isWide = (code: number) =>
  (code >= 0x2e80 && code <= 0xa4cf) ||
  (code >= 0xac00 && code <= 0xd7a3) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0xfe30 && code <= 0xfe4f) ||
  (code >= 0xff00 && code <= 0xff60) ||
  (code >= 0x2014 && code <= 0x201d) ||
  code === 0x2026 ||
  code === 0x2191 ||
  code === 0x2193;

/** The space Word and LibreOffice put between Chinese and Latin letters or digits (autospacing): a quarter em. */
const AUTOSPACE = 0.25;

/**
 * The width of one line of `text` in ems: a wide character is one, a narrow one a little over half, and a quarter
 * more wherever Chinese meets Latin letters or digits (2025年12月30日 has five such places).
 */
export function ems(text: string): number {
  let width = 0;
  let previous: boolean | null = null;
  for (const ch of text) {
    const wide = isWide(ch.codePointAt(0) ?? 0);
    const letter = /[\p{L}\p{N}]/u.test(ch);
    width += wide ? 1 : 0.55;
    if (letter && previous !== null && previous !== wide) width += AUTOSPACE;
    if (letter) previous = wide;
    else previous = null;
  }
  return width;
}

/** The width of one line of `text` in type of `size` half-points, in twips (an em of n half-points is 10n twips). */
export const textWidth = (text: string, size: number): number => Math.ceil(ems(text) * size * 10 * SLACK);

interface Bounds {
  /** The width that sets every cell on one line. */
  natural: number;
  /** The least width: no cell but a wrapping one breaks, the header on at most two lines. */
  least: number;
}

function bounds(columns: readonly FittedColumn[], rows: readonly (string | number)[][], size: number): Bounds[] {
  return columns.map((column, i) => {
    const cells = rows.map((row) => textWidth(String(row[i] ?? ''), size));
    const widest = Math.max(0, ...cells);
    const header = textWidth(column.header, size);
    const headerLeast =
      [...column.header].length >= HEADER_WRAP_FROM
        ? textWidth(column.header.slice(0, Math.ceil([...column.header].length / 2)), size)
        : header;
    const cellLeast = column.wrap ? Math.min(widest, WRAP_MIN_CHARACTERS * size * 10) : widest;
    return {
      natural: Math.max(header, widest) + 2 * CELL_PADDING,
      least: Math.max(headerLeast, cellLeast) + 2 * CELL_PADDING,
    };
  });
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Whether the table fits `width` twips with no cell broken but the wrapping ones. */
export function fitsWidth(
  columns: readonly FittedColumn[],
  rows: readonly (string | number)[][],
  size: number,
  width: number,
): boolean {
  return sum(bounds(columns, rows, size).map((b) => b.least)) <= width;
}

/**
 * Column widths (twips) that add up to `width`: each column's natural width where they all fit, the room shared
 * out in proportion; otherwise each shrunk from its natural width towards its least in the same proportion. Where
 * even the least widths do not fit (`fitsWidth` is false: set the table landscape), only the wrapping columns give
 * more, down to two characters; a name, number or date never breaks, and the table is then wider than `width`.
 */
export function fitColumns(
  columns: readonly FittedColumn[],
  rows: readonly (string | number)[][],
  size: number,
  width: number,
): number[] {
  const all = bounds(columns, rows, size);
  const natural = sum(all.map((b) => b.natural));
  const least = sum(all.map((b) => b.least));
  let widths: number[];
  if (natural <= width) widths = all.map((b) => (b.natural * width) / natural);
  else if (least <= width) {
    const share = (width - least) / (natural - least);
    widths = all.map((b) => b.least + (b.natural - b.least) * share);
  } else widths = squeezeWrapping(columns, all, size, width);
  const rounded = widths.map(Math.floor);
  // Whatever rounding left over goes to the first column, so the widths add up to the type area exactly.
  rounded[0] = (rounded[0] ?? 0) + Math.max(0, width - sum(rounded));
  return rounded;
}

/** The least a wrapping column is squeezed to where the table is too wide, in characters. */
const WRAP_SQUEEZED_CHARACTERS = 2;

/** The columns that keep to one line at their least, the wrapping ones sharing what is left (at least two characters). */
function squeezeWrapping(columns: readonly FittedColumn[], all: Bounds[], size: number, width: number): number[] {
  const floor = WRAP_SQUEEZED_CHARACTERS * size * 10 + 2 * CELL_PADDING;
  const fixed = sum(all.filter((_, i) => !columns[i]?.wrap).map((b) => b.least));
  const wrapping = sum(all.filter((_, i) => columns[i]?.wrap).map((b) => b.least));
  const scale = wrapping > 0 ? Math.max(0, width - fixed) / wrapping : 0;
  return all.map((b, i) => (columns[i]?.wrap ? Math.max(floor, b.least * scale) : b.least));
}
