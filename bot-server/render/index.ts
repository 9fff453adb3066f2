/**
 * The official-document kit: every .docx and .xlsx Duban writes is built with it. Pure: data in, bytes out (no
 * database, no HTTP, nothing of a domain area). See README.md.
 */
export { chineseDate, chineseDateOf } from './dates';
export {
  type Block,
  DOCX_TYPE,
  type DocxColumn,
  type DocxKit,
  docxKit,
  type Masthead,
  type ParagraphOptions,
  type RunOptions,
} from './docx';
export {
  FONTS,
  type FontName,
  OFFICIAL_TEXT,
  PAGES,
  type PageName,
  RED,
  TABLE_TEXT,
  type TextStyle,
  TYPE_SIZE,
} from './style';
export { type Column, cellTexts, cellValues, type Rows, textTable } from './table';
export { addColumnsTable, addTable, type CellValue, type DateCell, dateCell, XLSX_TYPE } from './xlsx';
