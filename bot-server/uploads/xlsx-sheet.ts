import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { NOT_A_WORKBOOK, UploadError } from './errors';
import type { XlsxArchive } from './xlsx-archive';

/**
 * The first worksheet of a guarded archive, read as a stream of rows: never the whole workbook in memory. The
 * workbook, its relationships and styles are parsed by exceljs's streaming reader; the shared strings and the sheet
 * by lean handlers on exceljs's SAX events, the sheet building values only for the columns asked for. Everything is
 * fed from `XlsxArchive`, so every byte is bounded and the event loop gets a turn between pieces. Cells read as a
 * whole-workbook `xlsx.load` read them (the rules of exceljs's `cell-xform.js` and `shared-string-xform.js`): shared
 * strings and rich text, dates from the number format (formula results too), and a merged cell shows its range's
 * top-left value. Row 1 is the header; `rows(columns)` gives the rows after it.
 */

export type CellValue = ExcelJS.CellValue;

/** Excel's own bounds. */
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;
/** Merged ranges kept to fill merged cells; a sheet of 5000 matters has a few hundred. */
const MAX_MERGES = 10_000;
/**
 * XML elements of the parts kept in memory (shared strings, styles, the workbook and its relationships): about one
 * object each, and so what the garbage collector must walk on every pause. 5000 rows of 11 columns of distinct text
 * make about 110,000.
 */
const MAX_KEPT_ELEMENTS = 500_000;
/** The worksheet parts a whole-workbook load read (chart sheets and others are skipped). */
const WORKSHEET_PATH = /xl\/worksheets\/sheet\d+[.]xml/;

/**
 * exceljs 4.4's streaming `WorkbookReader`, one part at a time: steps its own `parse()` takes for each zip entry it
 * reads with `unzipper` (which trusts local headers, and spills a worksheet that comes before the shared strings to a
 * temporary file). Here the archive guard chooses the parts and their order.
 */
interface PartReader {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  model?: { sheets?: { rId?: string }[] };
  workbookRels?: { Id?: string; Target?: string }[];
  properties?: { model?: { date1904?: boolean } };
  /** The shared strings: read here (`readSharedStrings`), by the whole-workbook load's rules. */
  sharedStrings?: CellValue[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
}

/** exceljs's own rules (`lib/utils/utils.js`) and SAX events (`lib/utils/parse-sax.js`, over `saxes`). */
const { isDateFmt, excelToDate, xmlDecode } = require('exceljs/lib/utils/utils') as {
  isDateFmt(format: string | undefined): boolean;
  excelToDate(serial: number, date1904?: boolean): Date;
  xmlDecode(text: string): string;
};
type SaxEvent =
  | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string | undefined> } }
  | { eventType: 'closetag'; value: { name: string } }
  | { eventType: 'text'; value: string };
const parseSax = require('exceljs/lib/utils/parse-sax') as (chunks: AsyncIterable<string>) => AsyncIterable<SaxEvent[]>;

/** A row as read: the values of the cells asked for that have one. */
interface SheetRowValues {
  number: number;
  cells: Map<number, CellValue>;
}

/** A `<c>` being read. */
interface RawCell {
  column: number;
  style: number;
  type: string | undefined;
  formula: string | undefined;
  shared: boolean;
  value: string | undefined;
  runs: string[] | null;
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
  /** The top-left cell's value, once its row has been read (null: empty or no such row). */
  master: CellValue;
}

const unreadable = () => new UploadError('invalid_upload', NOT_A_WORKBOOK);

/** Errors from exceljs's parsers (malformed XML and the like) are an unreadable file; the guard's own pass through. */
async function parsing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UploadError) throw err;
    throw unreadable();
  }
}

/** Opens the first worksheet (in the workbook's tab order, as `workbook.worksheets[0]`); null when there is none. */
export async function openFirstWorksheet(archive: XlsxArchive): Promise<FirstWorksheet | null> {
  if (!archive.entry('xl/workbook.xml')) throw unreadable();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'ignore',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as PartReader;
  const budget = { elements: MAX_KEPT_ELEMENTS };
  const opened: Readable[] = [];
  const part = (name: string) => {
    const stream = Readable.from(counted(archive.text(name), budget));
    opened.push(stream);
    return stream;
  };
  try {
    await parsing(async () => {
      if (archive.entry('xl/_rels/workbook.xml.rels')) await reader._parseRels(part('xl/_rels/workbook.xml.rels'));
      await reader._parseWorkbook(part('xl/workbook.xml'));
      if (archive.entry('xl/sharedStrings.xml')) {
        reader.sharedStrings = await readSharedStrings(counted(archive.text('xl/sharedStrings.xml'), budget));
      }
      if (archive.entry('xl/styles.xml')) await reader._parseStyles(part('xl/styles.xml'));
    });
  } finally {
    // A part a parser gave up on stops inflating now, not when it is collected.
    for (const stream of opened) stream.destroy();
  }
  const rels = reader.workbookRels ?? [];
  for (const sheet of reader.model?.sheets ?? []) {
    const target = rels.find((rel) => rel.Id === sheet.rId)?.Target;
    if (typeof target !== 'string') continue;
    const path = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
    if (WORKSHEET_PATH.test(path) && archive.entry(path)) {
      const merges = await readMerges(archive, path);
      return new FirstWorksheet(reader, archive.text(path), merges);
    }
  }
  return null;
}

export class FirstWorksheet {
  private readonly rowsIn: AsyncIterator<SheetRowValues>;
  private pending: SheetRowValues | null = null;
  private previous = 0;
  /** Merges by top row; those before `activated` have had their top row passed. */
  private activated = 0;
  /** The columns whose values are built: every one until `rows(columns)` names them. */
  private wanted: ReadonlySet<number> | null = null;
  /** For each row a merged range starts in, the columns of its top-left cells (whose value it shows). */
  private readonly masterColumns = new Map<number, number[]>();
  private readonly date1904: boolean;
  private readonly isDateStyle = new Map<number, boolean>();

  constructor(
    private readonly reader: PartReader,
    xml: AsyncIterable<string>,
    private readonly merges: Merge[],
  ) {
    this.date1904 = reader.properties?.model?.date1904 === true;
    for (const merge of merges) {
      const columns = this.masterColumns.get(merge.top) ?? [];
      columns.push(merge.left);
      this.masterColumns.set(merge.top, columns);
    }
    this.rowsIn = this.parse(xml)[Symbol.asyncIterator]();
  }

  /** Row 1: each column with a value (or in a merged range), ascending. Read before `rows`. */
  async header(): Promise<Map<number, CellValue>> {
    const header = new Map<number, CellValue>();
    const row = await this.next();
    if (row && row.number === 1) {
      this.passRow(1, row);
      for (const [column, value] of row.cells) header.set(column, value);
      for (const merge of this.merges) {
        if (merge.top !== 1) break;
        for (let column = merge.left + 1; column <= merge.right; column++) header.set(column, merge.master);
      }
    } else {
      this.pending = row;
      this.passRow(1, null);
    }
    return new Map([...header].sort(([a], [b]) => a - b));
  }

  /**
   * The rows after row 1, in order, with the values of `columns` (null for an empty cell). A row the file has no
   * `<row>` for is included when a merged range with a value reaches it in one of `columns` (as the whole-workbook
   * load made it exist). Stopping early (`break`) stops reading the file.
   */
  async *rows(columns: readonly number[]): AsyncGenerator<{ number: number; values: Map<number, CellValue> }> {
    this.wanted = new Set(columns);
    const byColumn = new Map<number, Merge[]>();
    for (const column of columns) {
      byColumn.set(
        column,
        this.merges.filter((m) => m.left <= column && column <= m.right),
      );
    }
    const reaches = (m: Merge) => m.master != null && columns.some((c) => m.left <= c && c <= m.right);
    let fillUntil = 0;
    for (let i = 0; i < this.activated; i++) {
      const merge = this.merges[i] as Merge;
      if (reaches(merge)) fillUntil = Math.max(fillUntil, merge.bottom);
    }
    const valuesOf = (rowNumber: number, row: SheetRowValues | null) => {
      const values = new Map<number, CellValue>();
      for (const column of columns) {
        const merge = covering(byColumn.get(column) ?? [], rowNumber);
        if (merge && (merge.top !== rowNumber || merge.left !== column)) values.set(column, merge.master);
        else values.set(column, row?.cells.get(column) ?? null);
      }
      return values;
    };
    try {
      let filled = 0;
      for (;;) {
        const row = await this.next();
        const rowNumber = row ? row.number : MAX_ROW + 1;
        // Rows that exist only through merged ranges, between the last row read and this one.
        for (let r = this.previous + 1; r < rowNumber && r <= fillUntil; r++) {
          yield { number: r, values: valuesOf(r, null) };
          if (++filled % 1024 === 0) await nextTurn();
        }
        if (!row) return;
        const first = this.activated;
        this.passRow(rowNumber, row);
        for (let i = first; i < this.activated; i++) {
          const merge = this.merges[i] as Merge;
          if (reaches(merge)) fillUntil = Math.max(fillUntil, merge.bottom);
        }
        yield { number: rowNumber, values: valuesOf(rowNumber, row) };
      }
    } finally {
      await this.close();
    }
  }

  /** Stops reading (and inflating) the file. */
  async close(): Promise<void> {
    await this.rowsIn.return?.();
  }

  /** The next row in the file; rows must come in order, each within Excel's bounds. */
  private async next(): Promise<SheetRowValues | null> {
    if (this.pending) {
      const row = this.pending;
      this.pending = null;
      return row;
    }
    const { value: row, done } = await parsing(() => this.rowsIn.next());
    if (done || !row) return null;
    if (!Number.isInteger(row.number) || row.number <= this.previous || row.number > MAX_ROW) throw unreadable();
    return row;
  }

  /** Marks rows up to `rowNumber` read: the merges that start there take their top-left value from `row`. */
  private passRow(rowNumber: number, row: SheetRowValues | null) {
    while (this.activated < this.merges.length && (this.merges[this.activated] as Merge).top <= rowNumber) {
      const merge = this.merges[this.activated++] as Merge;
      merge.master = (merge.top === rowNumber ? row?.cells.get(merge.left) : null) ?? null;
    }
    this.previous = rowNumber;
  }

  /**
   * The sheet's rows from exceljs's SAX events: `<row>`s inside `<sheetData>`, and in them the `<c>`s of the columns
   * wanted (and of the top-left cells of merged ranges); every other cell is passed over without a value built. Text
   * is gathered as exceljs's `cell-xform.js` gathers it: inside `<f>` the formula, inside `<v>` and `<t>` the value,
   * inside a rich-text run's `<t>` that run.
   */
  private async *parse(xml: AsyncIterable<string>): AsyncGenerator<SheetRowValues> {
    let inRows = false;
    let row: SheetRowValues | null = null;
    let masters: number[] | undefined;
    let cell: RawCell | null = null;
    let into: 'formula' | 'value' | null = null;
    let inRun = false;
    let inRunText = false;
    for await (const events of parseSax(xml)) {
      const done: SheetRowValues[] = [];
      for (const event of events) {
        if (event.eventType === 'text') {
          if (!cell) continue;
          if (inRun) {
            if (inRunText && cell.runs) cell.runs[cell.runs.length - 1] += event.value;
          } else if (into === 'formula') cell.formula = (cell.formula ?? '') + event.value;
          else if (into === 'value') cell.value = (cell.value ?? '') + event.value;
          continue;
        }
        const { name } = event.value;
        if (event.eventType === 'opentag') {
          const { attributes } = event.value;
          if (cell && inRun) {
            if (name === 't') inRunText = true;
          } else if (cell) {
            if (name === 'f') {
              into = 'formula';
              if (attributes.t !== undefined) cell.shared = true;
            } else if (name === 'v' || name === 't') into = 'value';
            else if (name === 'r') {
              inRun = true;
              cell.runs = [...(cell.runs ?? []), ''];
            }
          } else if (name === 'sheetData') inRows = true;
          else if (name === 'row' && inRows) {
            row = { number: Number.parseInt(attributes.r ?? '', 10), cells: new Map() };
            masters = this.masterColumns.get(row.number);
          } else if (name === 'c' && row) {
            const column = columnOf(attributes.r);
            if (!this.wanted || this.wanted.has(column) || masters?.includes(column)) {
              const style = Number.parseInt(attributes.s ?? '', 10);
              cell = {
                column,
                style,
                type: attributes.t,
                formula: undefined,
                shared: false,
                value: undefined,
                runs: null,
              };
            }
          }
        } else if (name === 'c') {
          if (row && cell) {
            const value = this.valueOf(cell);
            if (value !== null) row.cells.set(cell.column, value);
          }
          cell = null;
          into = null;
          inRun = false;
          inRunText = false;
        } else if (cell && inRun) {
          if (name === 't') inRunText = false;
          else if (name === 'r') inRun = false;
        } else if (cell) {
          if (name === 'f' || name === 'v' || name === 't' || name === 'is') into = null;
        } else if (name === 'row') {
          if (row) done.push(row);
          row = null;
        } else if (name === 'sheetData') inRows = false;
      }
      yield* done;
    }
  }

  /** A cell's value by the whole-workbook load's rules (exceljs `cell-xform.js`, then the cell's `value`). */
  private valueOf(cell: RawCell): CellValue {
    const isDate = () => {
      if (!cell.style) return false;
      let date = this.isDateStyle.get(cell.style);
      if (date === undefined) {
        date = isDateFmt(this.reader.styles.getStyleModel(cell.style)?.numFmt);
        this.isDateStyle.set(cell.style, date);
      }
      return date;
    };
    const text = cell.value;
    if (cell.formula || cell.shared) {
      let result: unknown;
      if (text) {
        if (cell.type === 'str') result = xmlDecode(text);
        else if (cell.type === 'b') result = Number.parseInt(text, 10) !== 0;
        else if (cell.type === 'e') result = { error: text };
        else result = Number.parseFloat(text);
      }
      if (result !== undefined && isDate()) result = excelToDate(result as number, this.date1904);
      // A formula cell's value keeps only the fields that are truthy (exceljs FormulaValue).
      const value: { formula?: string; result?: unknown } = {};
      if (cell.formula) value.formula = cell.formula;
      if (result) value.result = result;
      return value as CellValue;
    }
    if (cell.runs) return { richText: cell.runs.map((run) => ({ text: run })) };
    if (text === undefined) return null;
    switch (cell.type) {
      case 's':
        return this.reader.sharedStrings?.[Number.parseInt(text, 10)] ?? null;
      case 'str':
        return xmlDecode(text);
      case 'inlineStr':
        return text;
      case 'b':
        return Number.parseInt(text, 10) !== 0;
      case 'e':
        return { error: text } as CellValue;
      default: {
        const number = Number.parseFloat(text);
        return isDate() ? excelToDate(number, this.date1904) : number;
      }
    }
  }
}

/** The column of a cell reference (`AB12` → 28); a cell without one cannot be placed. */
function columnOf(ref: string | undefined): number {
  const match = ref === undefined ? null : /^\$?([A-Z]{1,3})\$?\d+$/.exec(ref);
  if (!match) throw unreadable();
  const column = columnNumber(match[1] as string);
  if (column > MAX_COLUMN) throw unreadable();
  return column;
}

/**
 * The shared strings as the whole-workbook load read them (exceljs `shared-string-xform.js`): an `<si>`'s `<t>` is a
 * string, its `<r>` runs rich text (fonts are not kept), phonetic guides (`<rPh>`) are left out, and `_xHHHH_`
 * escapes (Excel's way of writing a carriage return and other control characters) are decoded.
 */
async function readSharedStrings(xml: AsyncIterable<string>): Promise<CellValue[]> {
  const strings: CellValue[] = [];
  let item: CellValue | null = null;
  let phonetic = false;
  let inRun = false;
  let runText = '';
  let text: string[] | null = null;
  for await (const events of parseSax(xml)) {
    for (const event of events) {
      if (event.eventType === 'text') {
        text?.push(event.value);
        continue;
      }
      const { name } = event.value;
      if (event.eventType === 'opentag') {
        if (name === 'si') item = '';
        else if (item === null || phonetic) continue;
        else if (name === 'rPh') phonetic = true;
        else if (name === 'r') {
          inRun = true;
          runText = '';
        } else if (name === 't') text = [];
      } else if (name === 'si') {
        strings.push(item);
        item = null;
      } else if (item === null) continue;
      else if (name === 'rPh') phonetic = false;
      else if (phonetic) continue;
      else if (name === 't' && text) {
        const decoded = text
          .join('')
          .replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        text = null;
        if (inRun) runText = decoded;
        else item = decoded;
      } else if (name === 'r' && inRun) {
        inRun = false;
        const runs: ExcelJS.RichText[] =
          typeof item === 'object' && item !== null && 'richText' in item ? item.richText : [];
        item = { richText: [...runs, { text: runText }] };
      }
    }
  }
  return strings;
}

/** Passes `text` through, counting its start tags against `budget`. */
async function* counted(text: AsyncIterable<string>, budget: { elements: number }): AsyncGenerator<string> {
  for await (const chunk of text) {
    budget.elements -= chunk.match(START_TAG)?.length ?? 0;
    if (budget.elements < 0) {
      throw new UploadError(
        'upload_too_large',
        `工作簿中的共享文字或样式过多（超过${MAX_KEPT_ELEMENTS}项），请另存为只含数据的工作簿后上传`,
      );
    }
    yield chunk;
  }
}

const START_TAG = /<[A-Za-z]/g;

/** The merge (sorted by top, not overlapping) covering `row` in one column. */
function covering(merges: Merge[], row: number): Merge | undefined {
  let low = 0;
  let high = merges.length - 1;
  let found: Merge | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const merge = merges[middle] as Merge;
    if (merge.top <= row) {
      found = merge;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found && found.bottom >= row ? found : undefined;
}

const MERGE_TAG = /<mergeCell\b[^>]*>/g;
const REF = /\sref\s*=\s*(["'])([^"']*)\1/;
const CELL = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/;

/**
 * The sheet's merged ranges (`<mergeCells>` follows the rows, so this is a first pass over the sheet's text),
 * sorted by top row. Overlapping ranges make the file unreadable, as they made the whole-workbook load fail.
 */
async function readMerges(archive: XlsxArchive, path: string): Promise<Merge[]> {
  const merges: Merge[] = [];
  let carry = '';
  for await (const chunk of archive.text(path)) {
    const text = carry + chunk;
    let end = 0;
    for (const match of text.matchAll(MERGE_TAG)) {
      end = match.index + match[0].length;
      const ref = REF.exec(match[0])?.[2];
      if (ref === undefined) throw unreadable();
      merges.push(parseRange(ref));
      if (merges.length > MAX_MERGES) {
        throw new UploadError(
          'upload_too_large',
          `工作表中的合并单元格过多（超过${MAX_MERGES}处），请取消合并后再导入`,
        );
      }
    }
    // An unfinished tag at the end waits for the next chunk; no merge tag is longer than this.
    const open = text.lastIndexOf('<');
    carry = open >= end && !text.includes('>', open) && text.length - open < 512 ? text.slice(open) : '';
  }
  merges.sort((a, b) => a.top - b.top || a.left - b.left);
  // Sweep by top row: a range may not share a cell with any range still open above it.
  const open: Merge[] = [];
  for (const merge of merges) {
    for (let i = open.length - 1; i >= 0; i--) {
      const other = open[i] as Merge;
      if (other.bottom < merge.top) open.splice(i, 1);
      else if (other.left <= merge.right && merge.left <= other.right) throw unreadable();
    }
    open.push(merge);
  }
  return merges;
}

function parseRange(ref: string): Merge {
  const [from, to = from] = ref.toUpperCase().split(':');
  const a = CELL.exec(from ?? '');
  const b = CELL.exec(to ?? '');
  if (!a || !b) throw unreadable();
  const [rowA, rowB] = [Number(a[2]), Number(b[2])];
  const [columnA, columnB] = [columnNumber(a[1] as string), columnNumber(b[1] as string)];
  if (Math.min(rowA, rowB) < 1 || Math.max(rowA, rowB) > MAX_ROW || Math.max(columnA, columnB) > MAX_COLUMN) {
    throw unreadable();
  }
  return {
    top: Math.min(rowA, rowB),
    bottom: Math.max(rowA, rowB),
    left: Math.min(columnA, columnB),
    right: Math.max(columnA, columnB),
    master: null,
  };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}
