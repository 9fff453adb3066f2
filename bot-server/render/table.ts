/**
 * A table described once for every format: its columns in order, each with its header, its cell as printed and its
 * cell as a workbook stores it. Word (docx.ts), workbooks (xlsx.ts) and the terminal (textTable) render the same
 * description, so the three never disagree on a header, a cell or the order.
 */

/** A cell as a workbook stores it: a civil day (YYYY-MM-DD) as `{ civilDate }` is stored as a date. */
export type StoredCell = string | number | null | { civilDate: string };

export interface Column<R> {
  header: string;
  /** The header where the table is printed narrow (the terminal); false: left out there. The header when omitted. */
  narrow?: string | false;
  /** The cell as printed. `n` is the row's 序号 (from 1), null on the totals row. */
  text(row: R, n: number | null): string | number;
  /**
   * The cell as a workbook stores it where that differs from the print: a rate as a number, a dash as nothing, a
   * date as a date (`dateCell`).
   */
  value?(row: R, n: number | null): StoredCell;
  /** A workbook shows the number as a percentage. */
  percent?: boolean;
  /** The widest the column may be in a workbook, in Excel's units (a Chinese character is two); fitted within it. */
  width?: number;
  /** Left-aligned in Word (names, titles); centred otherwise. */
  left?: boolean;
  /** Long text (a title) that may wrap in Word; any other cell keeps to one line and its column is fitted to it. */
  wrap?: boolean;
  /** A note on the header cell of a workbook. */
  note?: string;
}

/** A table's rows: the items, numbered from 1, and a totals row after them. */
export interface Rows<R> {
  items: readonly R[];
  total?: R;
}

function numbered<R>({ items, total }: Rows<R>): [R, number | null][] {
  const rows: [R, number | null][] = items.map((row, i) => [row, i + 1]);
  if (total !== undefined) rows.push([total, null]);
  return rows;
}

/** The printed cells, row by row. */
export function cellTexts<R>(columns: readonly Column<R>[], rows: Rows<R>): (string | number)[][] {
  return numbered(rows).map(([row, n]) => columns.map((c) => c.text(row, n)));
}

/** The cells as a workbook stores them, row by row. */
export function cellValues<R>(columns: readonly Column<R>[], rows: Rows<R>): StoredCell[][] {
  return numbered(rows).map(([row, n]) => columns.map((c) => (c.value ? c.value(row, n) : c.text(row, n))));
}

/** The table for the terminal: narrow headers, then the printed cells, tab-separated, one line a row. */
export function textTable<R>(columns: readonly Column<R>[], rows: Rows<R>): string {
  const shown = columns.filter((c) => c.narrow !== false);
  const header = shown.map((c) => (typeof c.narrow === 'string' ? c.narrow : c.header));
  return [header, ...cellTexts(shown, rows)].map((cells) => cells.join('\t')).join('\n');
}
