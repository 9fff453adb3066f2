import type ExcelJS from 'exceljs';
import { type Column, cellValues, type Rows } from './table';

/** The MIME type of a workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'SimSun';

/** A civil day (YYYY-MM-DD) in a cell: an Excel date, so it sorts and filters as one, shown as 2026年3月5日. */
export interface DateCell {
  civilDate: string;
}

export const dateCell = (civilDate: string | null | undefined): DateCell | null => (civilDate ? { civilDate } : null);

/** 2026年3月5日: the one way a date is written, as an Excel number format. */
const DATE_FORMAT = 'yyyy"年"m"月"d"日"';

export type CellValue = string | number | null | DateCell;

/**
 * Adds a sheet with a bold header row, borders, frozen header and column widths (characters; from the header's
 * length where none is given); the numbers of `percentColumns` (0-based) show as percentages, dates as dates.
 */
export function addTable(
  workbook: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: CellValue[][],
  widths: readonly (number | undefined)[] = [],
  percentColumns: number[] = [],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header);
  // Excel dates carry no zone: the civil day is written as that day's UTC midnight, and read back the same way.
  for (const row of rows) {
    sheet.addRow(row.map((v) => (v !== null && typeof v === 'object' ? new Date(`${v.civilDate}T00:00:00Z`) : v)));
  }
  sheet.eachRow((row, index) => {
    row.eachCell({ includeEmpty: true }, (c, column) => {
      c.border = BORDER;
      c.font = { name: FONT, size: 11, bold: index === 1 };
      c.alignment = { vertical: 'middle', horizontal: index === 1 ? 'center' : undefined, wrapText: true };
      if (index > 1 && percentColumns.includes(column - 1) && typeof c.value === 'number') c.numFmt = '0.0%';
      if (index > 1 && c.value instanceof Date) c.numFmt = DATE_FORMAT;
    });
  });
  header.forEach((h, i) => {
    sheet.getColumn(i + 1).width = widths[i] ?? Math.max(8, h.length * 2 + 2);
  });
  return sheet;
}

/** Adds a sheet of a table described by its columns (table.ts): values as a workbook stores them, notes on headers. */
export function addColumnsTable<R>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly Column<R>[],
  rows: Rows<R>,
): ExcelJS.Worksheet {
  const sheet = addTable(
    workbook,
    name,
    columns.map((c) => c.header),
    cellValues(columns, rows),
    columns.map((c) => c.width),
    columns.flatMap((c, i) => (c.percent ? [i] : [])),
  );
  columns.forEach((c, i) => {
    if (c.note) sheet.getRow(1).getCell(i + 1).note = c.note;
  });
  return sheet;
}
