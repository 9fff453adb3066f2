/**
 * The official-document kit: every .docx and .xlsx Duban writes is built with it. Pure: data in, bytes out (no
 * database, no HTTP, nothing of a domain area). See README.md.
 */
export { chineseDate, chineseDateOf, chineseNumeralDate, monthDay, tableDate } from './dates';
export {
  type Block,
  DOCX_TYPE,
  type DocxColumn,
  type DocxKit,
  docxKit,
  type HeadingLevel,
  type ParagraphOptions,
  type RunOptions,
  type TableOptions,
} from './docx';
export {
  type DocumentHead,
  type DocumentSection,
  documentNumber,
  type Masthead,
  type OfficialDocument,
  type PrintRecord,
  type Signature,
} from './official';
export { type Part, sectionsOf, tableLayout, textPart } from './parts';
export {
  FONTS,
  type FontName,
  OFFICIAL_TEXT,
  PAGES,
  RED,
  TEXT_WIDTH,
  type TextStyle,
  TYPE_SIZE,
} from './style';
export { type Column, cellTexts, cellValues, type Rows, textTable } from './table';
export { addColumnsTable, addTable, type CellValue, type DateCell, dateCell, XLSX_TYPE } from './xlsx';
