import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import {
  cell,
  deflatedStream,
  HEADER_ROW,
  SHEET_END,
  SHEET_START,
  sheetWorkbook,
  workbookParts,
  type ZipPart,
  zipArchive,
} from '../test-support/archives';
import { NOT_A_WORKBOOK, UploadError } from './errors';
import { XLSX_ARCHIVE_LIMITS, XlsxArchive } from './xlsx-archive';
import { openFirstWorksheet } from './xlsx-sheet';

const MiB = 1024 * 1024;

/** What `work` throws, as code and message. */
async function refusal(work: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await work();
  } catch (err) {
    if (err instanceof UploadError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('not refused');
}

async function drain(archive: XlsxArchive, name: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of archive.bytes(name)) bytes += chunk.length;
  return bytes;
}

async function excelWorkbook(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('XlsxArchive.open: the directory checked before anything is inflated', () => {
  it('opens what Excel writers produce and reads its parts', async () => {
    const file = await excelWorkbook((w) => w.addWorksheet('督办').addRow(['标题', '牵头单位']));
    const archive = XlsxArchive.open(file);
    expect(archive.names).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']));
    expect((await archive.read('xl/workbook.xml')).toString()).toContain('name="督办"');
    // A comment after the directory is allowed (its length must run exactly to the end of the file).
    const commented = zipArchive(workbookParts(), { comment: '督办' });
    expect(XlsxArchive.open(commented).names).toContain('xl/workbook.xml');
    expect((await refusal(() => XlsxArchive.open(Buffer.concat([commented, Buffer.from('x')])))).code).toBe(
      'invalid_upload',
    );
  });

  it('refuses what is not a zip, and a zip cut short anywhere', async () => {
    for (const junk of [Buffer.alloc(0), Buffer.from('not a workbook'), Buffer.from('%PDF-1.7\n'.repeat(100))]) {
      expect(await refusal(() => XlsxArchive.open(junk))).toEqual({ code: 'invalid_upload', message: NOT_A_WORKBOOK });
    }
    const file = await excelWorkbook((w) => w.addWorksheet('a').addRow(['标题', '牵头单位']));
    for (const length of [30, Math.floor(file.length / 2), file.length - 30, file.length - 1]) {
      const cut = await refusal(() => XlsxArchive.open(file.subarray(0, length)));
      expect(cut.code).toBe('invalid_upload');
      expect(cut.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('refuses ZIP64, encrypted entries and compression other than deflate', async () => {
    const zip64Extra = Buffer.alloc(20);
    zip64Extra.writeUInt16LE(0x0001, 0);
    zip64Extra.writeUInt16LE(16, 2);
    const withPart = (part: Partial<ZipPart>) => zipArchive([...workbookParts(), { name: 'xl/x.xml', ...part }]);
    const zip64 = await refusal(() => XlsxArchive.open(withPart({ data: Buffer.from('x'), extra: zip64Extra })));
    expect(zip64).toEqual({ code: 'invalid_upload', message: expect.stringContaining('ZIP64') });
    const declaredZip64 = await refusal(() => XlsxArchive.open(withPart({ data: Buffer.from('x'), size: 0xffffffff })));
    expect(declaredZip64.message).toContain('ZIP64');
    const encrypted = await refusal(() => XlsxArchive.open(withPart({ data: Buffer.from('x'), flags: 0x0001 })));
    expect(encrypted).toEqual({ code: 'invalid_upload', message: expect.stringContaining('密码') });
    const bzip2 = await refusal(() => XlsxArchive.open(withPart({ deflated: Buffer.from('BZh9'), method: 12 })));
    expect(bzip2).toEqual({ code: 'invalid_upload', message: expect.stringContaining('压缩方式') });
  });

  it('refuses names that climb out of the archive or are absolute', async () => {
    for (const name of [
      '../evil.xml',
      'xl/../../evil.xml',
      '/etc/passwd',
      'C:/evil.xml',
      '\\evil.xml',
      'xl\\..\\..\\x',
    ]) {
      const refused = await refusal(() =>
        XlsxArchive.open(zipArchive([...workbookParts(), { name, data: Buffer.from('x') }])),
      );
      expect(refused).toEqual({ code: 'invalid_upload', message: expect.stringContaining('路径') });
    }
    // Names that only look alike are fine.
    expect(XlsxArchive.open(zipArchive([{ name: 'xl/a..b.xml', data: Buffer.from('x') }])).names).toEqual([
      'xl/a..b.xml',
    ]);
  });

  it('refuses more than 500 entries', async () => {
    const parts = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `xl/media/${i}.xml`, data: Buffer.from('x') }));
    expect(XlsxArchive.open(zipArchive(parts(XLSX_ARCHIVE_LIMITS.maxEntries))).names).toHaveLength(500);
    expect(await refusal(() => XlsxArchive.open(zipArchive(parts(XLSX_ARCHIVE_LIMITS.maxEntries + 1))))).toEqual({
      code: 'upload_too_large',
      message: expect.stringContaining('500'),
    });
  });

  it('refuses declared sizes over the per-entry and total limits, and absurd compression ratios', async () => {
    // Packed bytes enough for a plausible ratio; the directory is refused before any of them is inflated.
    const declared = (sizes: number[]) =>
      zipArchive(sizes.map((size, i) => ({ name: `xl/${i}.xml`, deflated: randomBytes(200_000), size })));
    expect(await refusal(() => XlsxArchive.open(declared([33 * MiB])))).toEqual({
      code: 'upload_too_large',
      message: expect.stringContaining('32MB'),
    });
    expect(await refusal(() => XlsxArchive.open(declared([30 * MiB, 30 * MiB])))).toEqual({
      code: 'upload_too_large',
      message: expect.stringContaining('50MB'),
    });
    // 2 MB of one byte repeated deflates to about 2 KB: honest, small, and still refused for its ratio.
    const zeros = zipArchive([{ name: 'xl/zeros.xml', data: Buffer.alloc(2 * MiB) }]);
    expect(await refusal(() => XlsxArchive.open(zeros))).toEqual({
      code: 'upload_too_large',
      message: expect.stringContaining('压缩比例'),
    });
  });

  it('refuses duplicate names and entries that share bytes', async () => {
    const twice = zipArchive([
      { name: 'xl/workbook.xml', data: Buffer.from('<a/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<b/>') },
    ]);
    expect((await refusal(() => XlsxArchive.open(twice))).code).toBe('invalid_upload');
    // The outer entry's stored bytes are a whole second entry (local header and data): the directory lists both,
    // so one set of bytes would be read twice, as overlapping zip bombs multiply themselves.
    const inner = zipArchive([{ name: 'b.xml', data: Buffer.from('<b/>'), method: 0 }]);
    const innerLocal = inner.subarray(0, inner.readUInt32LE(inner.length - 22 + 16));
    const outer = zipArchive([{ name: 'a.xml', data: innerLocal, method: 0 }]);
    const outerDirectory = outer.readUInt32LE(outer.length - 22 + 16);
    const bEntry = Buffer.from(inner.subarray(innerLocal.length, inner.length - 22));
    bEntry.writeUInt32LE(30 + 'a.xml'.length, 42); // b's local header: inside a's data
    const aEntry = outer.subarray(outerDirectory, outer.length - 22);
    const end = Buffer.from(outer.subarray(outer.length - 22));
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(aEntry.length + bEntry.length, 12);
    const overlapping = Buffer.concat([outer.subarray(0, outerDirectory), aEntry, bEntry, end]);
    expect(await refusal(() => XlsxArchive.open(overlapping))).toEqual({
      code: 'invalid_upload',
      message: expect.stringContaining('损坏'),
    });
  });
});

describe('XlsxArchive reading: what really comes out is counted', () => {
  it('stops a zip bomb whose directory lies at the size it declared', async () => {
    // 200 MB of one row repeated, deflated to about 0.6 MB, declared as 10 KB.
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const bomb = await deflatedStream(SHEET_START, () => row, 200 * MiB, SHEET_END);
    expect(bomb.deflated.length).toBeLessThan(1 * MiB);
    const file = zipArchive([
      ...workbookParts(),
      { name: 'xl/worksheets/sheet1.xml', deflated: bomb.deflated, size: 10_000, crc: bomb.crc },
    ]);
    const archive = XlsxArchive.open(file);
    let yielded = 0;
    const refused = await refusal(async () => {
      for await (const chunk of archive.bytes('xl/worksheets/sheet1.xml')) yielded += chunk.length;
    });
    expect(refused).toEqual({ code: 'invalid_upload', message: expect.stringContaining('不符') });
    expect(yielded).toBeLessThanOrEqual(10_000);
    // Declared honestly, it never gets that far.
    const honest = zipArchive([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', ...bomb }]);
    expect((await refusal(() => XlsxArchive.open(honest))).code).toBe('upload_too_large');
  });

  it('refuses data that inflates to less than declared, a wrong CRC, and data that does not inflate', async () => {
    const data = Buffer.from(`${SHEET_START}${HEADER_ROW}${SHEET_END}`);
    const sheet = (part: Partial<ZipPart>) =>
      XlsxArchive.open(zipArchive([{ name: 'xl/worksheets/sheet1.xml', data, ...part }]));
    expect(await drain(sheet({}), 'xl/worksheets/sheet1.xml')).toBe(data.length);
    expect(await refusal(() => drain(sheet({ size: data.length + 1 }), 'xl/worksheets/sheet1.xml'))).toEqual({
      code: 'invalid_upload',
      message: expect.stringContaining('不符'),
    });
    expect(await refusal(() => drain(sheet({ crc: 12345 }), 'xl/worksheets/sheet1.xml'))).toEqual({
      code: 'invalid_upload',
      message: expect.stringContaining('损坏'),
    });
    const garbage = Buffer.from('this is not deflate data at all, not even close');
    expect(await refusal(() => drain(sheet({ deflated: garbage }), 'xl/worksheets/sheet1.xml'))).toEqual({
      code: 'invalid_upload',
      message: expect.stringContaining('损坏'),
    });
    const cut = deflateRawSync(data).subarray(0, 20);
    expect((await refusal(() => drain(sheet({ deflated: cut }), 'xl/worksheets/sheet1.xml'))).code).toBe(
      'invalid_upload',
    );
  });

  it('gives the event loop a turn between chunks, and keeps characters split between chunks whole', async () => {
    // 300 KB: chunk and piece boundaries fall inside characters, and inside surrogate pairs (𠮷 is one).
    const text = `ab${'督办事项𠮷'.repeat(20_000)}`;
    const archive = XlsxArchive.open(zipArchive([{ name: 'x.xml', data: Buffer.from(text), method: 0 }]));
    let turns = 0;
    let turnsSeenByChunk2 = -1;
    const tick = () => {
      turns++;
      if (turns < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    let chunks = 0;
    for await (const _ of archive.bytes('x.xml')) if (++chunks === 2) turnsSeenByChunk2 = turns;
    expect(chunks).toBeGreaterThan(2);
    expect(turnsSeenByChunk2).toBeGreaterThan(0);
    let read = '';
    for await (const piece of archive.text('x.xml')) read += piece;
    expect(read).toBe(text);
  });
});

describe('openFirstWorksheet: rows as a stream', () => {
  it('reads the first worksheet in tab order as a whole-workbook load did: strings, dates, formulas, merged cells', async () => {
    const file = await excelWorkbook((workbook) => {
      const hidden = workbook.addWorksheet('隐藏的第一张');
      hidden.state = 'hidden';
      hidden.addRow(['标题', '牵头单位', '交办日期', '办理期限', '序号', '备注']);
      hidden.addRow([
        { richText: [{ text: '关于', font: { bold: true } }, { text: '某事的建议' }] },
        '区教育局',
        new Date(Date.UTC(2024, 2, 5)),
        { formula: 'C2+30', result: new Date(Date.UTC(2024, 3, 4)) },
        1,
        { formula: 'NA()', result: { error: '#N/A' } },
      ]);
      hidden.getCell('C2').numFmt = 'yyyy-mm-dd';
      hidden.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
      hidden.addRow(['第二件', null, '2024/3/5']);
      hidden.mergeCells('B2:B4'); // the lead unit for rows 2–4, row 4 existing only through the merge
      hidden.getCell('E6').value = '合并的标题';
      hidden.mergeCells('E6:F7'); // its top-left is in a column the caller does not read
      workbook.addWorksheet('第二张').addRow(['标题', '牵头单位']);
    });
    const sheet = await openFirstWorksheet(XlsxArchive.open(file));
    if (!sheet) throw new Error('no sheet');
    expect([...(await sheet.header()).values()]).toEqual(['标题', '牵头单位', '交办日期', '办理期限', '序号', '备注']);
    const rows: { number: number; values: unknown[] }[] = [];
    for await (const row of sheet.rows([1, 2, 3, 4, 6]))
      rows.push({ number: row.number, values: [...row.values.values()] });
    expect(rows).toEqual([
      {
        number: 2,
        values: [
          { richText: [expect.objectContaining({ text: '关于' }), expect.objectContaining({ text: '某事的建议' })] },
          '区教育局',
          new Date(Date.UTC(2024, 2, 5)),
          { formula: 'C2+30', result: new Date(Date.UTC(2024, 3, 4)) },
          { formula: 'NA()', result: { error: '#N/A' } },
        ],
      },
      { number: 3, values: ['第二件', '区教育局', '2024/3/5', null, null] },
      { number: 4, values: [null, '区教育局', null, null, null] },
      { number: 6, values: [null, null, null, null, '合并的标题'] },
      { number: 7, values: [null, null, null, null, '合并的标题'] },
    ]);
  });

  it('reads text as the whole-workbook load did: _xHHHH_ escapes, phonetic guides left out, runs, formula results', async () => {
    const strings =
      '<si><t xml:space="preserve">第一段_x000D_\n第二段</t></si>' +
      '<si><t>东</t><rPh sb="0" eb="1"><t>dong</t></rPh></si>' +
      '<si><r><rPr><b/></rPr><t>关于</t></r><r><t>某事</t></r></si>';
    const file = sheetWorkbook(
      `${SHEET_START}${HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>` +
        '<c r="C2" t="s"><v>2</v></c><c r="D2" t="inlineStr"><is><r><t>甲</t></r><r><t>乙</t></r></is></c>' +
        '<c r="E2" t="str"><f>A1&amp;"x"</f><v>a&amp;lt;b</v></c><c r="F2" t="e"><f>NA()</f><v>#N/A</v></c></row>' +
        SHEET_END,
      [{ name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst xmlns="x">${strings}</sst>`) }],
    );
    const sheet = await openFirstWorksheet(XlsxArchive.open(file));
    if (!sheet) throw new Error('no sheet');
    await sheet.header();
    const values: unknown[] = [];
    for await (const row of sheet.rows([1, 2, 3, 4, 5, 6])) values.push(...row.values.values());
    expect(values).toEqual([
      '第一段\r\n第二段',
      '东',
      { richText: [{ text: '关于' }, { text: '某事' }] },
      { richText: [{ text: '甲' }, { text: '乙' }] },
      { formula: 'A1&"x"', result: 'a<b' },
      { formula: 'NA()', result: { error: '#N/A' } },
    ]);
  });

  it('gives rows the file has no <row> for when a merged range with a value reaches them', async () => {
    const merged = sheetWorkbook(
      `${SHEET_START}${HEADER_ROW}<row r="2">${cell('A2', '第一件')}${cell('B2', '区教育局')}</row>` +
        `<row r="4">${cell('A4', '第三件')}</row>` +
        `<row r="8">${cell('C8', '不读的列')}</row>${SHEET_END.replace(
          '</sheetData>',
          '</sheetData><mergeCells count="3"><mergeCell ref="B2:B5"/><mergeCell ref="C8:C12"/><mergeCell ref="A14:A15"/></mergeCells>',
        )}`,
    );
    const sheet = await openFirstWorksheet(XlsxArchive.open(merged));
    if (!sheet) throw new Error('no sheet');
    await sheet.header();
    const rows: [number, unknown, unknown][] = [];
    for await (const row of sheet.rows([1, 2])) rows.push([row.number, row.values.get(1), row.values.get(2)]);
    expect(rows).toEqual([
      [2, '第一件', '区教育局'],
      [3, null, '区教育局'],
      [4, '第三件', '区教育局'],
      [5, null, '区教育局'],
      [8, null, null],
    ]);
  });

  it('stops reading where the caller stops: rows after that point are never parsed', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 4}">${cell(`C${i + 4}`, '备注')}</row>`);
    const xml = (tail: string) =>
      `${SHEET_START}${HEADER_ROW}<row r="2">${cell('A2', '第一件')}${cell('B2', '区教育局')}</row>${filler.join('')}${tail}${SHEET_END}`;
    const broken = sheetWorkbook(xml('<row r="9000"><c r="A9000"><v>1</v></row>')); // not well-formed
    const firstOnly = async (file: Buffer) => {
      const sheet = await openFirstWorksheet(XlsxArchive.open(file));
      if (!sheet) throw new Error('no sheet');
      await sheet.header();
      for await (const row of sheet.rows([1, 2])) return row.values.get(1);
    };
    expect(await firstOnly(broken)).toBe('第一件');
    const readAll = async () => {
      const sheet = await openFirstWorksheet(XlsxArchive.open(broken));
      await sheet?.header();
      for await (const _ of sheet?.rows([1, 2]) ?? []) {
        // every row
      }
    };
    expect(await refusal(readAll)).toEqual({ code: 'invalid_upload', message: NOT_A_WORKBOOK });
  });

  it('refuses rows out of order, overlapping merged ranges, and more shared strings than it keeps', async () => {
    const rows = async (file: Buffer) => {
      const sheet = await openFirstWorksheet(XlsxArchive.open(file));
      await sheet?.header();
      for await (const _ of sheet?.rows([1, 2]) ?? []) {
        // every row
      }
    };
    const backwards = sheetWorkbook(`${SHEET_START}${HEADER_ROW}<row r="3"/><row r="2"/>${SHEET_END}`);
    expect((await refusal(() => rows(backwards))).code).toBe('invalid_upload');
    const overlapping = sheetWorkbook(
      `${SHEET_START}${HEADER_ROW}${SHEET_END.replace('</sheetData>', '</sheetData><mergeCells count="2"><mergeCell ref="A2:B3"/><mergeCell ref="B3:C4"/></mergeCells>')}`,
    );
    expect((await refusal(() => rows(overlapping))).code).toBe('invalid_upload');
    const strings = Array.from({ length: 300_000 }, (_, i) => `<si><t>${i}</t></si>`).join('');
    const manyStrings = sheetWorkbook(`${SHEET_START}${HEADER_ROW}${SHEET_END}`, [
      { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst xmlns="x">${strings}</sst>`) },
    ]);
    expect(await refusal(() => rows(manyStrings))).toEqual({
      code: 'upload_too_large',
      message: expect.stringContaining('500000'),
    });
  });
});
