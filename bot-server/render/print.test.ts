import {
  closingOn,
  describeReading,
  type PageNumberPlace,
  pageNumberPlace,
  readDocument,
  squeezed,
  TYPE_AREA_FOOT,
} from '../test-support/document-reader';
import { type DocxColumn, docxKit, OFFICIAL_TEXT, TEXT_WIDTH } from '.';

/**
 * The kit's pages as a reader sees them (LibreOffice → PDF): one document of a portrait page, a table across two
 * landscape pages and a closing page whose 落款 fits under the text but the 版记 does not.
 */

const kit = docxKit(OFFICIAL_TEXT);
const CLOSING = '请以上人员所在单位认真对照检查，切实增强纪律意识，严格遵守会议纪律，按时参会、履行请假手续。';

/** Two lines of 三号 text on the 28-character line. */
const twoLines = (n: number) => kit.paragraph(`第${n}段为严肃会风会纪，现将有关会议签到情况通报如下，期间`);

async function document() {
  const columns: DocxColumn[] = [
    { header: '单位', left: true },
    ...Array.from({ length: 7 }, (_, i) => ({ header: `第${i + 1}项指标` })),
  ];
  const rows = Array.from({ length: 40 }, (_, r) => [`区住房和城乡建设局${r + 1}`, ...Array(7).fill('100.0%')]);
  return kit.document({
    title: '测试通知',
    sections: [
      { children: [kit.title('关于测试的通知'), kit.paragraph('各有关单位：', { indent: false })] },
      { landscape: true, children: [kit.table(columns, rows, { size: 24, width: TEXT_WIDTH.landscape })] },
      {
        // 7 × 2 lines, the closing 2 and the 落款 4 (two of them left for the seal): 20 of the page's 22 lines, and
        // the 版记's three lines of 四号 do not fit under them.
        children: [
          ...Array.from({ length: 7 }, (_, i) => twoLines(i + 1)),
          kit.paragraph(CLOSING, { keepNext: true }),
          ...kit.signature({ issuer: '区政府办公室', date: '2026-12-04' }),
        ],
      },
    ],
    record: { copyTo: ['区委办公室', '区政协办公室'], printer: '区人民政府办公室', printedOn: '2026-12-04' },
  });
}

/** One 四号 character (14 pt) in millimetres. */
const CHARACTER = (14 * 25.4) / 72;
/** GB/T 9704-2012 5.2.1: the type area's left edge 28 mm from the page's, its right edge 26 mm from the page's. */
const TYPE_AREA = { left: 28, right: 210 - 26 };

describeReading('the kit read as printed', () => {
  it('numbers landscape pages where the portrait ones are, and keeps the 版记 with the 落款 at the foot of the last page', async () => {
    const read = readDocument(await document(), 'docx', { artifact: 'kit' });
    expect(read.pages.map((p) => (p.landscape ? 'landscape' : 'portrait'))).toEqual([
      'portrait',
      'landscape',
      'landscape',
      'portrait',
      'portrait',
    ]);

    // 页码 (7.5, 8): odd pages one character in from the type area's right edge, even ones from its left, all at
    // one height; on landscape pages turned to read with the page held portrait.
    const places = read.pages.map((p) => pageNumberPlace(p));
    const near = (a: number, b: number) => Math.abs(a - b) < 1;
    const fromFoot = places[0]?.fromFoot ?? 0;
    const placed = (page: number, place: PageNumberPlace | null) => ({
      number: place?.number,
      edge:
        page % 2
          ? near(place?.right ?? 0, TYPE_AREA.right - CHARACTER)
          : near(place?.left ?? 0, TYPE_AREA.left + CHARACTER),
      height: near(place?.fromFoot ?? 0, fromFoot),
      turned: place?.turned,
    });
    expect(places.map((place, i) => placed(i + 1, place))).toEqual(
      read.pages.map((p) => ({ number: p.number, edge: true, height: true, turned: p.landscape })),
    );
    // 7 mm under the type area, to the dashes' line (the line a little taller than the dash).
    expect(fromFoot).toBeGreaterThan(TYPE_AREA_FOOT - 10);
    expect(fromFoot).toBeLessThan(TYPE_AREA_FOOT - 6);

    // The 落款 fits under the text of page 4 but the 版记 does not: both go on, with the end of the text, to page 5.
    const fourth = squeezed(read.pages[3]?.text ?? '');
    expect(fourth).toContain('第7段');
    expect(fourth).not.toContain('区政府办公室');
    const last = read.pages[4];
    expect(squeezed(last?.text ?? '')).toBe(
      `${CLOSING}区政府办公室2026年12月4日抄送：区委办公室，区政协办公室。区人民政府办公室2026年12月4日印发—5—`,
    );
    expect(last && closingOn(last, { issuer: '区政府办公室', date: '2026年12月4日' })).toEqual({
      signed: true,
      recorded: true,
      atFoot: true,
    });
  }, 240_000);
});
