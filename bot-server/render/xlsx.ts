import type ExcelJS from 'exceljs';
import { type Column, cellValues, type Rows } from './table';

/** The MIME type of a workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'SimSun';

/**
 * Adds a sheet with a bold header row, borders, frozen header and column widths (characters; from the header's
 * length where none is given); the numbers of `percentColumns` (0-based) show as percentages.
 */
export function addTable(
  workbook: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: (string | number | null)[][],
  widths: readonly (number | undefined)[] = [],
  percentColumns: number[] = [],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  sheet.eachRow((row, index) => {
    row.eachCell({ includeEmpty: true }, (c, column) => {
      c.border = BORDER;
      c.font = { name: FONT, size: 11, bold: index === 1 };
      c.alignment = { vertical: 'middle', horizontal: index === 1 ? 'center' : undefined, wrapText: true };
      if (index > 1 && percentColumns.includes(column - 1) && typeof c.value === 'number') c.numFmt = '0.0%';
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
