import { formatISODate, shanghaiDayNumber } from '../calendar';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { describeReading, ISO_DATE, pageNumberOf, readDocument, squeezed } from '../test-support/document-reader';
import { callJson } from '../test-support/http';
import { expected, readRows } from '../test-support/report-counts';
import { type AnnualReport, summaryParagraphs } from './annual';

/**
 * The demo's year-end summary checked against the demo's records: every sentence that compares a count with last
 * year says the way the records went (counted here by hand from the rows), and the .docx read as printed is an
 * A4 portrait document with a page number on every page and the 署名 and date on the last.
 */

describe.each(testDatabases())("the demo's year-end summary on $name", (target) => {
  const demo = useDemoDuban(target, { users: ['sunli'] });
  const year = Number(formatISODate(shanghaiDayNumber(new Date())).slice(0, 4));
  let report: AnnualReport;

  beforeAll(async () => {
    const res = await callJson<AnnualReport>(demo.duban, `/api/reports/annual/${year}`, { token: demo.tokens.sunli });
    expect(res.status).toBe(200);
    report = res.body;
  });

  it('contains no sentence its records contradict', async () => {
    const rows = await readRows(demo.duban.database.get());
    const now = new Date();
    const count = (id: string, y: number) =>
      expected(rows, { from: `${y}-01-01`, to: `${y}-12-31` }, {}, now).values.get(id) as number;
    const text = summaryParagraphs(report)
      .map((b) => b.pieces.map((p) => p.text).join(''))
      .join('\n');
    // Sentences, each mark for a person on its own (a mark is not the office's statement).
    const sentences = text.split(/[。【】\n]/);
    const compared = [
      { subject: '发文', figure: 'documents.drafted', unit: '件' },
      { subject: '召开会议', figure: 'annual.meetings', unit: '次' },
    ];
    for (const { subject, figure, unit } of compared) {
      const thisYear = count(figure, year);
      const lastYear = count(figure, year - 1);
      const sentence = sentences.find((s) => s.startsWith(`全年${subject}`)) ?? '';
      expect(sentence).toContain(`全年${subject}${thisYear}${unit}`);
      const said = /比上年(增加|减少)(\d+)/.exec(sentence);
      const diff = thisYear - lastYear;
      // The demo has both years: a comparison is made, in the direction of the difference.
      expect(lastYear).toBeGreaterThan(0);
      if (diff === 0) expect(sentence).toContain('与上年持平');
      else expect([said?.[1], Number(said?.[2])]).toEqual([diff > 0 ? '增加' : '减少', Math.abs(diff)]);
      const about = sentences.filter((s) => s.includes(subject));
      if (diff > 0) expect(about.filter((s) => /减少|下降|取得实效/.test(s))).toEqual([]);
      if (diff < 0) expect(about.filter((s) => /增加|增长/.test(s))).toEqual([]);
    }
    // Each count the text states is the figure of its definition.
    for (const f of report.figures.filter((x) => x.text !== null)) expect(text).toContain(f.text as string);
  });

  describeReading('read as printed', () => {
    it('is A4 portrait with 页码 on every page, the 署名 and date on the last, and no ISO date', async () => {
      const download = await fetch(`${demo.duban.url}/api/reports/annual/${year}/summary.docx`, {
        headers: { authorization: `Bearer ${demo.tokens.sunli}` },
      });
      expect(download.status).toBe(200);
      const printed = readDocument(Buffer.from(await download.arrayBuffer()), 'docx', { artifact: 'annual-summary' });
      expect(printed.pages.length).toBeGreaterThan(0);
      for (const page of printed.pages) {
        expect({ page: page.number, a4: page.a4, landscape: page.landscape }).toEqual({
          page: page.number,
          a4: true,
          landscape: false,
        });
        expect(pageNumberOf(page)).toBe(page.number);
      }
      const last = printed.pages[printed.pages.length - 1]?.text ?? '';
      const writtenOn = formatISODate(shanghaiDayNumber(new Date(report.writtenAt)));
      const [y, m, d] = writtenOn.split('-').map(Number);
      expect(squeezed(last)).toContain(`${report.office}${y}年${m}月${d}日`);
      // The 署名 and date stand at the right: their lines start well in, where the text's lines start at the margin.
      const lines = last.split('\n');
      for (const words of [report.office, `${y}年${m}月${d}日`]) {
        const line = lines.find((l) => squeezed(l) === words) ?? '';
        expect({ words, indent: line.search(/\S/) }).toEqual({ words, indent: expect.any(Number) });
        expect(line.search(/\S/)).toBeGreaterThan(12);
      }
      expect(printed.text).not.toMatch(ISO_DATE);
      expect(squeezed(printed.text)).toContain(`${report.office}${year}年度工作总结`);
    }, 240_000);
  });
});
