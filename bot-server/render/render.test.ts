import ExcelJS from 'exceljs';
import { docxTables, docxText, unzip } from '../test-support/zip';
import {
  addColumnsTable,
  type Column,
  cellTexts,
  cellValues,
  chineseDate,
  chineseDateOf,
  chineseNumeralDate,
  type DocxColumn,
  documentNumber,
  docxKit,
  monthDay,
  OFFICIAL_TEXT,
  TEXT_WIDTH,
  tableDate,
  textTable,
} from '.';
import { fitColumns } from './measure';

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
  it('renders a bulletin of a 版头, title, text, a marked gap and a table that reads back as written', async () => {
    const kit = docxKit(OFFICIAL_TEXT);
    const docx = await kit.document({
      title: '测试通报',
      sections: [
        {
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
            kit.table(COLUMNS, cellTexts(COLUMNS, ROWS), { size: 24 }),
          ],
        },
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
    // Text indented two characters of 三号 (2 × 16 pt = 640 twips) on the 22-line grid (exact 579 twips).
    expect(xml).toContain('<w:spacing w:line="579" w:lineRule="exact"/><w:ind w:firstLine="640"/>');
    // The body text is the document's default: 仿宋_GB2312, 三号.
    expect(xmlOf(docx, 'word/styles.xml')).toMatch(
      /<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/,
    );
    expect(xmlOf(docx, 'docProps/core.xml')).toContain('<dc:title>测试通报</dc:title>');
  });

  it('fits a table: fixed widths filling the type area, the name column on one line, header repeated, rows whole', async () => {
    const kit = docxKit(OFFICIAL_TEXT);
    const rows = cellTexts(COLUMNS, ROWS);
    const xml = xmlOf(
      await kit.document({ title: '表', sections: [{ children: [kit.table(COLUMNS, rows, { size: 24 })] }] }),
      'word/document.xml',
    );
    const grid = [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH.portrait);
    // 区财政局 in 小四 (12 pt = 240 twips a character) with the cell's margins fits its column.
    expect(grid[1]).toBeGreaterThanOrEqual(4 * 240 + 2 * 108);
    expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(xml.match(/<w:cantSplit\/>/g)).toHaveLength(4);
  });

  it('tells whether a table fits the portrait type area, and fits a wide one across a landscape section', () => {
    const kit = docxKit(OFFICIAL_TEXT);
    const wide: DocxColumn[] = Array.from({ length: 12 }, (_, i) => ({ header: `第${i + 1}项指标` }));
    const rows = [['区住房和城乡建设局', ...Array.from({ length: 11 }, () => '100.0%')]];
    expect(kit.tableFits(wide, rows, { size: 20 })).toBe(false);
    expect(kit.tableFits(wide, rows, { size: 20, width: TEXT_WIDTH.landscape })).toBe(true);
    expect(kit.tableFits(COLUMNS, cellTexts(COLUMNS, ROWS), { size: 24 })).toBe(true);
  });

  it('never narrows a column that keeps to one line below its text: a table too wide gives from its wrapping ones', () => {
    const kit = docxKit(OFFICIAL_TEXT);
    const columns: DocxColumn[] = [{ header: '单位' }, { header: '事项', wrap: true }, { header: '责任人' }];
    const unit = '区发展和改革委员会（区粮食和物资储备局、区国防动员办公室）';
    const rows = [[unit, '推进老旧小区改造和城市更新项目建设', '欧阳明']];
    // 小四: 240 twips a character, 108 each side of a cell's text.
    const least = (text: string) => [...text].length * 240 + 2 * 108;
    expect(kit.tableFits(columns, rows, { size: 24 })).toBe(false);
    const portrait = fitColumns(columns, rows, 24, TEXT_WIDTH.portrait);
    expect(portrait[0]).toBeGreaterThanOrEqual(least(unit));
    expect(portrait[2]).toBeGreaterThanOrEqual(least('欧阳明'));
    // The title wraps in what is left, two characters at the least; the table is then wider than the type area.
    expect(portrait[1]).toBe(2 * 240 + 2 * 108);
    expect(portrait.reduce((a, b) => a + b, 0)).toBeGreaterThan(TEXT_WIDTH.portrait);
    // Across a landscape page it fits: the widths fill the type area, the title's column wider.
    expect(kit.tableFits(columns, rows, { size: 24, width: TEXT_WIDTH.landscape })).toBe(true);
    const landscape = fitColumns(columns, rows, 24, TEXT_WIDTH.landscape);
    expect(landscape.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH.landscape);
    expect(landscape[0]).toBeGreaterThanOrEqual(least(unit));
    expect(landscape[1]).toBeGreaterThan(portrait[1] ?? 0);
  });

  it('sets a document on the GB/T 9704 page: 版头 with 发文字号, 落款 and 成文日期, 页码, 版记, landscape only where asked', async () => {
    const kit = docxKit(OFFICIAL_TEXT);
    const docx = await kit.document({
      title: '通知',
      sections: [
        { children: [...kit.documentHead({ issuer: '区人民政府办公室', number: documentNumber('区政办', 2026, 5) })] },
        { landscape: true, children: [kit.table(COLUMNS, cellTexts(COLUMNS, ROWS), { size: 20 })] },
        {
          children: [kit.paragraph('特此通知。'), ...kit.signature({ issuer: '区人民政府办公室', date: '2026-12-04' })],
        },
      ],
      record: { copyTo: ['区委办公室', '区政协办公室'], printer: '区人民政府办公室', printedOn: '2026-12-04' },
    });
    const xml = xmlOf(docx, 'word/document.xml');
    const text = docxText(docx);
    expect(text).toContain('区人民政府办公室区政办〔2026〕5号');
    expect(text).toContain('特此通知。区人民政府办公室2026年12月4日');
    expect(text).toContain('抄送：区委办公室，区政协办公室。区人民政府办公室\t2026年12月4日印发');
    // Portrait, landscape, portrait: each section's page, with the GB/T 9704 margins (37 mm top, 28 mm 订口).
    expect([...xml.matchAll(/<w:pgSz [^>]*w:orient="(\w+)"\/>/g)].map((m) => m[1])).toEqual([
      'portrait',
      'landscape',
      'portrait',
    ]);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // The date four 三号 characters (4 × 320 twips) in from the right, the issuer centred over it, both right-aligned.
    expect(xml).toMatch(/<w:jc w:val="right"\/>[\s\S]*?<w:ind w:right="1280"\/>[\s\S]*?2026年12月4日/);
    // 页码: odd pages at the right, even pages at the left, 「— n —」 in 宋体 四号.
    expect(xmlOf(docx, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const footers = [...unzip(docx).entries()].filter(([name]) => /^word\/footer\d+\.xml$/.test(name));
    const footerXml = footers.map(([, data]) => data.toString('utf8')).join('');
    expect(footerXml.includes('<w:ind w:right="280"/><w:jc w:val="right"/>')).toBe(true);
    expect(footerXml.includes('<w:ind w:left="280"/><w:jc w:val="left"/>')).toBe(true);
    const pageNumber = /w:eastAsia="宋体"[^>]*\/><w:sz w:val="28"\/>[\s\S]*?— <\/w:t>[\s\S]*?PAGE[\s\S]*? —/;
    expect(pageNumber.test(footerXml)).toBe(true);
    // The 版记 floats at the foot of the type area, anchored in the 成文日期's paragraph so it goes where the date goes.
    expect(xml).toMatch(/<wp:positionV relativeFrom="margin"><wp:align>bottom<\/wp:align><\/wp:positionV>/);
    expect(xml).toMatch(
      /2026年12月4日<\/w:t><\/w:r><w:r><w:drawing><wp:anchor [^>]*>[\s\S]*?<wp:docPr [^>]*name="版记"/,
    );
    // A landscape section's 页码 is turned a quarter (text running down) on the page's left edge, the portrait foot,
    // its line on the footer distance (21 mm: 1191 twips of 635 EMUs) as in portrait (GB/T 9704-2012 8).
    const turned = footers.map(([, data]) => data.toString('utf8')).filter((f) => f.includes('vert="vert"'));
    expect(turned).toHaveLength(2);
    for (const f of turned) expect(f).toContain(`<wp:positionH relativeFrom="page"><wp:posOffset>${1191 * 635}</`);
  });

  it('prints dates in Chinese, by the Shanghai calendar whatever the host time zone', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日');
    expect(chineseDate('2025-12-31')).toBe('2025年12月31日');
    expect(chineseDateOf(new Date('2026-03-01T15:59:59Z'))).toBe('2026年3月1日');
    expect(chineseDateOf(new Date('2026-03-01T16:00:00Z'))).toBe('2026年3月2日');
    expect(monthDay('2026-12-04')).toBe('12月4日');
    expect(tableDate('2026-01-05', 2026)).toBe('1月5日');
    expect(tableDate('2025-12-30', 2026)).toBe('2025年12月30日');
    expect(chineseNumeralDate('2026-12-04')).toBe('二〇二六年十二月四日');
    expect(chineseNumeralDate('2020-10-31')).toBe('二〇二〇年十月三十一日');
    expect(chineseNumeralDate('2031-01-20')).toBe('二〇三一年一月二十日');
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

  it('stores a workbook sheet that prints: titled, A4 fitted to width, header frozen and repeated, widths fitted', async () => {
    const workbook = new ExcelJS.Workbook();
    addColumnsTable(workbook, { name: '表', title: '2026年3月测试 · 表' }, COLUMNS, ROWS);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = read.getWorksheet('表');
    expect(sheet?.getCell('A1').value).toBe('2026年3月测试 · 表');
    expect(sheet?.getCell('D1').isMerged).toBe(true);
    expect(sheet?.getRow(2).values).toEqual([undefined, '序号', '单位', '办结数', '办结率']);
    expect(sheet?.getRow(3).values).toEqual([undefined, 1, '区财政局', 3, 0.75]);
    expect(sheet?.getRow(4).getCell(4).value).toBeNull();
    expect(sheet?.getRow(5).getCell(1).value).toBeNull();
    expect(sheet?.getCell('D3').numFmt).toBe('0.0%');
    // Fitted to the longest cell, two units a Chinese character and two more: 区财政局 is 10, within its 20.
    expect(sheet?.getColumn(2).width).toBe(10);
    expect(sheet?.getColumn(3).width).toBe(8);
    expect(sheet?.getCell('D2').note).toBe('办结数 ÷ 交办数');
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet?.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    });
  });
});
