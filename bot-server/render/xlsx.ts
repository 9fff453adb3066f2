import type ExcelJS from 'exceljs';
import { ems } from './measure';
import { type Column, cellValues, type Rows, type StoredCell } from './table';

/** The MIME type of a workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'SimSun';

/** A civil day (YYYY-MM-DD) in a cell: an Excel date, so it sorts and filters as one, shown as 2026年3月5日. */
export type DateCell = Extract<StoredCell, { civilDate: string }>;

export const dateCell = (civilDate: string | null | undefined): DateCell | null => (civilDate ? { civilDate } : null);

/** 2026年3月5日: the one way a date is written, as an Excel number format. */
const DATE_FORMAT = 'yyyy"年"m"月"d"日"';
/** How a date cell prints, for its column's width. */
const DATE_TEXT = '2026年12月31日';

export type CellValue = StoredCell;

/** Column widths in Excel's units (about one Latin character of the default font); a Chinese character is two. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** The widths of portrait A4 with Excel's default margins, in the same units; a wider sheet prints landscape. */
const PORTRAIT_WIDTH = 95;

export interface SheetTable {
  /** The sheet's name (its tab). */
  name: string;
  /**
   * The row above the table: what the sheet is and its period (2026年3月督查通报 · 各单位情况). None on a form
   * people fill in to import (the import reads row 1 as the header).
   */
  title: string | null;
  header: string[];
  rows: CellValue[][];
  /** The widest each column may be, in Excel's units (a title wraps beyond it); 60 when omitted. */
  maxWidths?: readonly (number | undefined)[];
  /** The 0-based columns whose numbers show as percentages. */
  percentColumns?: readonly number[];
}

const printed = (value: CellValue): string =>
  value === null ? '' : typeof value === 'object' ? DATE_TEXT : typeof value === 'number' ? value.toFixed(1) : value;

/** The width a column needs for its longest line (a Chinese character is two units), with a little room. */
function fittedWidth(texts: string[], max: number): number {
  const widest = Math.max(0, ...texts.flatMap((t) => t.split('\n')).map((line) => ems(line) * 2));
  return Math.min(max, Math.max(MIN_WIDTH, Math.ceil(widest + 2)));
}

/**
 * Adds a sheet that prints as it should: a title row naming the kind and period (unless `title` is null), a bold
 * header row with borders,
 * frozen and repeated on every printed page, columns fitted to their content, on A4 fitted to the page's width
 * (as many pages down as it takes). Numbers stay numbers, the `percentColumns` show as percentages, dates as dates.
 */
export function addTable(workbook: ExcelJS.Workbook, table: SheetTable): ExcelJS.Worksheet {
  const { header, rows } = table;
  const widths = header.map((h, i) =>
    fittedWidth([h, ...rows.map((row) => printed(row[i] ?? null))], table.maxWidths?.[i] ?? MAX_WIDTH),
  );
  const landscape = widths.reduce((a, b) => a + b, 0) > PORTRAIT_WIDTH;
  const headerRow = table.title === null ? 1 : 2;
  const sheet = workbook.addWorksheet(table.name, {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${headerRow}`,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  if (table.title !== null) {
    const title = sheet.addRow([table.title]);
    sheet.mergeCells(1, 1, 1, Math.max(1, header.length));
    title.height = 28;
    title.getCell(1).font = { name: FONT, size: 14, bold: true };
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  }
  sheet.addRow(header);
  // Excel dates carry no zone: the civil day is written as that day's UTC midnight, and read back the same way.
  for (const row of rows) {
    sheet.addRow(row.map((v) => (v !== null && typeof v === 'object' ? new Date(`${v.civilDate}T00:00:00Z`) : v)));
  }
  const percent = new Set(table.percentColumns ?? []);
  sheet.eachRow((row, index) => {
    if (index < headerRow) return;
    const isHeader = index === headerRow;
    row.eachCell({ includeEmpty: true }, (c, column) => {
      c.border = BORDER;
      c.font = { name: FONT, size: 11, bold: isHeader };
      c.alignment = { vertical: 'middle', horizontal: isHeader ? 'center' : undefined, wrapText: true };
      if (!isHeader && percent.has(column - 1) && typeof c.value === 'number') c.numFmt = '0.0%';
      if (!isHeader && c.value instanceof Date) c.numFmt = DATE_FORMAT;
    });
  });
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  return sheet;
}

/** Adds a sheet of a table described by its columns (table.ts): values as a workbook stores them, notes on headers. */
export function addColumnsTable<R>(
  workbook: ExcelJS.Workbook,
  sheet: { name: string; title: string | null },
  columns: readonly Column<R>[],
  rows: Rows<R>,
): ExcelJS.Worksheet {
  const added = addTable(workbook, {
    ...sheet,
    header: columns.map((c) => c.header),
    rows: cellValues(columns, rows),
    maxWidths: columns.map((c) => c.width),
    percentColumns: columns.flatMap((c, i) => (c.percent ? [i] : [])),
  });
  columns.forEach((c, i) => {
    if (c.note) added.getRow(sheet.title === null ? 1 : 2).getCell(i + 1).note = c.note;
  });
  return added;
}
