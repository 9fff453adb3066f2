import ExcelJS from 'exceljs';
import { formatISODate, shanghaiDayNumber } from '../calendar';
import { DomainError } from '../errors/domain-error';
import { addColumnsTable, addTable, chineseDate, chineseDateOf, dateCell } from '../render';
import { UploadError, type UploadErrorCode } from '../uploads/errors';
import { XlsxArchive } from '../uploads/xlsx-archive';
import { openFirstWorksheet } from '../uploads/xlsx-sheet';
import { type BulletinFigures, monthName } from './bulletin';
import { eachTable, overallText } from './bulletin-table';
import type { MatterView } from './types';

/** The MIME types of what we render (render/ defines them; kept here for the routes that import them from here). */
export { DOCX_TYPE, XLSX_TYPE } from '../render';

/**
 * The bulletin as a workbook: 各单位情况, 建议提案, 逾期事项, 重点工作月报 (the tables of bulletin-table.ts) and 说明.
 * Rates are numbers with a percent format (so they add up in Excel and WPS); a rate with nothing to divide is an
 * empty cell.
 */
export async function renderBulletinXlsx(f: BulletinFigures): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '督办 Duban';
  workbook.title = f.title;
  // Each sheet's title row: the bulletin (its 期号 once published) and the sheet.
  const titled = (sheet: string) => ({
    name: sheet,
    title: `${f.title}${f.issueNo ? `（${f.year}年第${f.issueNo}期）` : '（预览）'} · ${sheet}`,
  });
  eachTable((table) => addColumnsTable(workbook, titled(table.sheet), table.columns, table.rows(f)));
  addTable(workbook, {
    ...titled('说明'),
    header: ['项目', '内容'],
    rows: [
      ['通报', f.title],
      ['统计期间', `${chineseDate(f.periodStart)}至${chineseDate(f.periodEnd)}（${monthName(f.month)}）`],
      ['总体情况', overallText(f)],
      ...f.definitions.map((d) => [d.term, d.meaning]),
    ],
    maxWidths: [14, 80],
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const EXPORT_HEADER = [
  '督办编号',
  '来源',
  '标题',
  '牵头单位',
  '协办单位',
  '责任人',
  '交办领导',
  '交办日期',
  '办理期限',
  '原定期限',
  '状态',
  '时效',
  '预警',
  '办结日期',
  '按期办结',
  '催办次数',
  '提出人',
  '答复类别',
  '见面沟通',
  '满意度',
];

/** The civil day of an instant in Shanghai, as a date cell. */
const shanghaiDate = (isoInstant: string | null) =>
  dateCell(isoInstant ? formatISODate(shanghaiDayNumber(new Date(isoInstant))) : null);
const yesNo = (value: boolean | null) => (value == null ? null : value ? '是' : '否');

/**
 * Any list of matters as a workbook, one row per matter, in the order given, titled with the day it was exported
 * (`now`, a Shanghai date).
 */
export async function exportMattersXlsx(matters: MatterView[], title = '督办事项', now = new Date()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '督办 Duban';
  workbook.title = title;
  addTable(workbook, {
    name: '督办事项',
    title: `${title}（截至${chineseDateOf(now)}，共${matters.length}件）`,
    header: EXPORT_HEADER,
    rows: matters.map((m) => [
      m.number,
      m.sourceName,
      m.title,
      m.leadDepartment.name,
      m.coDepartments.map((d) => d.name).join('、'),
      m.responsible?.name ?? null,
      m.assignedBy?.name ?? null,
      shanghaiDate(m.assignedAt),
      dateCell(m.deadline?.dueDate),
      dateCell(m.deadline?.originalDueDate),
      m.statusName,
      m.timelinessName,
      m.lightName,
      shanghaiDate(m.completedAt),
      yesNo(m.completedOnTime),
      m.urgeCount,
      m.proposer,
      m.outcomeClass,
      yesNo(m.metDeputy),
      m.satisfactionName,
    ]),
    maxWidths: [18, 12, 40, 22, 22, 10, 10, 16, 16, 16, 8, 10, 6, 16, 8, 8, 12, 8, 8, 10],
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The columns an imported sheet may have, by the header names people use. */
export const IMPORT_COLUMNS = {
  source: ['来源', '事项来源', '类别'],
  title: ['标题', '事项', '事项名称', '建议标题', '提案标题', '案由', '题目'],
  content: ['内容', '事项内容', '主要内容', '建议内容', '提案内容'],
  proposer: ['提出人', '代表', '委员', '领衔代表', '提案人', '代表姓名', '委员姓名'],
  lead: ['牵头单位', '主办单位', '承办单位'],
  co: ['协办单位', '会办单位'],
  responsible: ['责任人', '经办人'],
  assignedBy: ['交办领导', '批示领导'],
  assignedDate: ['交办日期', '交办时间'],
  dueDate: ['办理期限', '办结时限', '截止日期'],
  urgent: ['急件', '是否急件', '紧急程度'],
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

export interface SheetRow {
  /** The row number as Excel shows it. */
  row: number;
  values: Partial<Record<ImportField, string>>;
}

/**
 * Thrown for a file that is not a readable workbook or has no usable header. `code` is the API's: `invalid_sheet`
 * for a workbook whose content will not do; `invalid_upload` / `upload_too_large` for a file the upload guard
 * refuses (uploads/README.md).
 */
export class SheetError extends DomainError {
  override name = 'SheetError';
  declare readonly code: 'invalid_sheet' | UploadErrorCode;

  constructor(messageZh: string, code: 'invalid_sheet' | UploadErrorCode = 'invalid_sheet') {
    super('invalid', code, messageZh);
  }
}

/** A cell's value as text: dates as YYYY-MM-DD (Excel dates carry no zone; exceljs gives them as UTC midnight). */
function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/**
 * Reads the first sheet: the first row names the columns, every other non-empty row is a matter. The upload guard
 * checks the archive first, and the sheet is read as a stream of rows, stopping past `maxRows`: an upload never
 * builds the whole workbook in memory.
 */
export async function readMatterSheet(buffer: Buffer, maxRows = 5000): Promise<SheetRow[]> {
  try {
    const sheet = await openFirstWorksheet(XlsxArchive.open(buffer));
    if (!sheet) throw new SheetError('工作簿中没有工作表');
    try {
      const columns = new Map<number, ImportField>();
      for (const [column, value] of await sheet.header()) {
        const name = cellText(value).replace(/\s+/g, '').replace(/[*＊]/g, '');
        for (const [field, names] of Object.entries(IMPORT_COLUMNS) as [ImportField, readonly string[]][]) {
          if (names.includes(name)) columns.set(column, field);
        }
      }
      const fields = new Set(columns.values());
      const missing = (['title', 'lead'] as const).filter((f) => !fields.has(f));
      if (missing.length) {
        throw new SheetError(`第1行应为表头，缺少必需的列：${missing.map((f) => IMPORT_COLUMNS[f][0]).join('、')}`);
      }
      const rows: SheetRow[] = [];
      for await (const row of sheet.rows([...columns.keys()])) {
        const values: SheetRow['values'] = {};
        for (const [column, field] of columns) {
          const value = cellText(row.values.get(column) ?? null);
          if (value) values[field] = value;
        }
        if (Object.keys(values).length === 0) continue;
        rows.push({ row: row.number, values });
        if (rows.length > maxRows) {
          throw new SheetError(`一次最多导入${maxRows}行，请分批导入`, 'upload_too_large');
        }
      }
      return rows;
    } finally {
      await sheet.close();
    }
  } catch (err) {
    if (err instanceof UploadError) throw new SheetError(err.message, err.code);
    throw err;
  }
}

/** An empty sheet with the recognised headers and one example row, for people to fill in. */
export async function importTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addTable(workbook, {
    name: '督办事项',
    // A form to fill in: the import reads row 1 as the header, so no title row.
    title: null,
    header: [
      '来源',
      '标题',
      '内容',
      '提出人',
      '牵头单位',
      '协办单位',
      '责任人',
      '交办领导',
      '交办日期',
      '办理期限',
      '急件',
    ],
    rows: [
      [
        '人大代表建议',
        '关于加快老旧小区改造的建议',
        '建议加快推进老旧小区改造，完善配套设施。',
        '张三',
        '区住房和城乡建设局',
        '区财政局、区民政局',
        '',
        '',
        '2026-03-02',
        '',
        '',
      ],
    ],
    maxWidths: [14, 40, 50, 10, 22, 30, 10, 10, 12, 12, 6],
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
