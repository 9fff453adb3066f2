import ExcelJS from 'exceljs';
import { docxTables, docxText, unzip } from '../test-support/zip';
import {
  addColumnsTable,
  type Column,
  cellTexts,
  cellValues,
  chineseDate,
  chineseDateOf,
  docxKit,
  OFFICIAL_TEXT,
  TABLE_TEXT,
  textTable,
} from '.';

interface Row {
  name: string;
  done: number;
  rate: number | null;
}

const COLUMNS: Column<Row>[] = [
  { header: '序号', narrow: false, text: (_, n) => n ?? '', value: (_, n) => n },
  { header: '单位', text: (r) => r.name, left: true, width: 20 },
  { header: '办结数', narrow: '办结', text: (r) => r.done },
  {
    header: '办结率',
    text: (r) => (r.rate == null ? '—' : `${r.rate * 100}%`),
    value: (r) => r.rate,
    percent: true,
    note: '办结数 ÷ 交办数',
  },
];
const ROWS = {
  items: [
    { name: '区财政局', done: 3, rate: 0.75 },
    { name: '区民政局', done: 0, rate: null },
  ],
  total: { name: '合计', done: 3, rate: 0.5 },
};

const xmlOf = (docx: Buffer, part: string) => unzip(docx).get(part)?.toString('utf8') ?? '';

describe('the official-document kit', () => {
  it('renders a document of a 版头, title, text, a marked gap and a table that reads back as written', async () => {
    const kit = docxKit(TABLE_TEXT);
    const docx = await kit.render({
      title: '测试通报',
      page: 'landscape',
      children: [
        // 2026-03-01 16:30 UTC is already March 2nd in Shanghai.
        ...kit.masthead({
          name: '督 查 通 报',
          issue: '2026年第3期',
          issuer: '区人民政府办公室督查室',
          date: new Date('2026-03-01T16:30:00Z'),
        }),
        kit.title('关于测试的通报'),
        kit.paragraph('各有关单位：', { indent: false }),
        kit.paragraph([kit.run('待填：'), kit.run('【待填写】', { mark: true })]),
        kit.table(COLUMNS, cellTexts(COLUMNS, ROWS), { size: 20 }),
      ],
    });

    const text = docxText(docx);
    expect(text).toContain('督 查 通 报2026年第3期区人民政府办公室督查室');
    expect(text).toContain('2026年3月2日关于测试的通报各有关单位：待填：【待填写】');
    expect(docxTables(docx)).toEqual([
      [
        ['序号', '单位', '办结数', '办结率'],
        ['1', '区财政局', '3', '75%'],
        ['2', '区民政局', '0', '—'],
        ['', '合计', '3', '50%'],
      ],
    ]);

    const xml = xmlOf(docx, 'word/document.xml');
    // The title in 方正小标宋简体 二号, the 版头's name in red, the rule under the issuer, the gap highlighted.
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/><w:sz w:val="44"\/>/);
    expect(xml).toMatch(/<w:color w:val="C00000"\/><w:sz w:val="56"\/>/);
    expect(xml).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="C00000" w:sz="18" w:space="4"\/><\/w:pBdr>/);
    expect(xml).toMatch(/<w:highlight w:val="yellow"\/>[\s\S]*?【待填写】/);
    // Text indented two characters of 四号 (2 × 14 pt = 560 twips), landscape A4.
    expect(xml).toContain('<w:ind w:firstLine="560"/>');
    expect(xml).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    // The body text is the document's default: 仿宋_GB2312, 四号.
    expect(xmlOf(docx, 'word/styles.xml')).toMatch(
      /<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="28"\/>/,
    );
    expect(xmlOf(docx, 'docProps/core.xml')).toContain('<dc:title>测试通报</dc:title>');
  });

  it('sets an official document on the GB/T 9704 page in 三号 text', async () => {
    const kit = docxKit(OFFICIAL_TEXT);
    const docx = await kit.render({ title: '总结', page: 'official', children: [kit.paragraph('正文')] });
    const xml = xmlOf(docx, 'word/document.xml');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"/);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(xml).toContain('<w:ind w:firstLine="640"/>');
    expect(docxText(docx)).toBe('正文');
  });

  it('prints dates in Chinese, by the Shanghai calendar whatever the host time zone', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日');
    expect(chineseDate('2025-12-31')).toBe('2025年12月31日');
    expect(chineseDateOf(new Date('2026-03-01T15:59:59Z'))).toBe('2026年3月1日');
    expect(chineseDateOf(new Date('2026-03-01T16:00:00Z'))).toBe('2026年3月2日');
  });
});

describe('a table described once', () => {
  it('gives printed cells numbered from 1 with the totals row unnumbered, and stored values where they differ', () => {
    expect(cellTexts(COLUMNS, ROWS)).toEqual([
      [1, '区财政局', 3, '75%'],
      [2, '区民政局', 0, '—'],
      ['', '合计', 3, '50%'],
    ]);
    expect(cellValues(COLUMNS, ROWS)).toEqual([
      [1, '区财政局', 3, 0.75],
      [2, '区民政局', 0, null],
      [null, '合计', 3, 0.5],
    ]);
    expect(cellTexts(COLUMNS, { items: [] })).toEqual([]);
  });

  it('prints for the terminal with the narrow headers, leaving out what the terminal leaves out', () => {
    expect(textTable(COLUMNS, ROWS).split('\n')).toEqual([
      '单位\t办结\t办结率',
      '区财政局\t3\t75%',
      '区民政局\t0\t—',
      '合计\t3\t50%',
    ]);
  });

  it('stores a workbook sheet with its widths, percentages and header notes', async () => {
    const workbook = new ExcelJS.Workbook();
    addColumnsTable(workbook, '表', COLUMNS, ROWS);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = read.getWorksheet('表');
    expect(sheet?.getRow(1).values).toEqual([undefined, '序号', '单位', '办结数', '办结率']);
    expect(sheet?.getRow(2).values).toEqual([undefined, 1, '区财政局', 3, 0.75]);
    expect(sheet?.getRow(3).getCell(4).value).toBeNull();
    expect(sheet?.getRow(4).getCell(1).value).toBeNull();
    expect(sheet?.getCell('D2').numFmt).toBe('0.0%');
    expect(sheet?.getColumn(2).width).toBe(20);
    // From the header where no width is given: two per character and two more, at least 8.
    expect(sheet?.getColumn(3).width).toBe(8);
    expect(sheet?.getCell('D1').note).toBe('办结数 ÷ 交办数');
  });
});
