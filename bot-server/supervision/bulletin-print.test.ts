import { defaultCalendar } from '../calendar';
import { dueEnd, bulletinMatter as matter, shanghaiTime as t } from '../test-support/bulletin';
import {
  brokenNames,
  describeReading,
  ISO_DATE,
  pageNumberOf,
  readDocument,
  squeezed,
} from '../test-support/document-reader';
import { computeBulletin, percent } from './bulletin';
import { renderBulletinDocx } from './bulletin-docx';
import { overallText } from './bulletin-table';
import { renderBulletinXlsx } from './xlsx';

/** Units with long names, as a district has them: a name broken across a cell's lines shows at once. */
const UNITS = [
  '区发展和改革委员会',
  '区财政局',
  '区住房和城乡建设局',
  '区教育局',
  '区民政局',
  '区市场监督管理局',
  '区城市管理综合执法局',
  '区农业农村局',
  '区卫生健康委员会',
  '区人力资源和社会保障局',
  '区生态环境分局',
  '区交通运输局',
].map((name, i) => ({ id: String(31 + i), name, sortOrder: i + 1 }));

/**
 * March 2026, published on 2 April: each unit has a matter completed on time, one completed late, one overdue and
 * open carried over from December 2025, and one due in April. 区财政局's rate is the case of issue 18: 应办结 2,
 * 按期 1 — but its overdue matter from last year counts too, so the rate is 1 of 3.
 */
function march() {
  let id = 0;
  const matters = UNITS.flatMap((u) => [
    matter(++id, {
      leadDepartmentId: u.id,
      title: '推进老旧小区改造和城市更新项目',
      assignedAt: t('2026-03-02T10:00'),
      originalDueAt: dueEnd('2026-03-20'),
      completedAt: t('2026-03-19T10:00'),
    }),
    matter(++id, {
      leadDepartmentId: u.id,
      title: '落实区政府常务会议议定的重点民生实事项目建设进度',
      assignedAt: t('2026-03-03T10:00'),
      originalDueAt: dueEnd('2026-03-13'),
      completedAt: t('2026-03-25T10:00'),
    }),
    matter(++id, {
      leadDepartmentId: u.id,
      title: '办理群众反映的供暖问题',
      responsibleName: '张伟',
      year: 2025,
      number: `督〔2025〕${id}号`,
      assignedAt: t('2025-11-20T10:00'),
      originalDueAt: dueEnd('2025-12-30'),
    }),
    matter(++id, {
      leadDepartmentId: u.id,
      assignedAt: t('2026-03-10T10:00'),
      originalDueAt: dueEnd('2026-04-30'),
    }),
  ]);
  return computeBulletin({
    month: '2026-03',
    matters,
    extensions: [],
    urges: matters.filter((m) => m.year === 2025).map((m) => ({ matterId: m.id, at: t('2026-03-16T10:00') })),
    periods: [],
    units: UNITS,
    previousRanks: null,
    issuedThisYear: 2,
    calendar: defaultCalendar(),
  });
}

describe('the bulletin says what its rates are rates of', () => {
  it('gives the denominator of 按期办结率 beside the rate, and the rate agrees with it', () => {
    const f = march();
    const finance = f.units.find((u) => u.name === '区财政局');
    // 应办结 counts what fell due in March (2); the rate's denominator also counts last year's overdue matter.
    expect(finance).toMatchObject({ dueThisMonth: 2, completedOnTime: 1, completedLate: 1, overdueOpen: 1 });
    expect(finance?.assessed).toBe(3);
    expect(percent(finance?.onTimeRate ?? null)).toBe('33.3%');
    const text = overallText(f);
    const t = f.totals;
    expect(text).toContain(
      `本月应考核${t.assessed}件（按期办结、逾期办结与月末逾期未办结之和），按期办结率${percent(t.completedOnTime / t.assessed)}`,
    );
    expect(t.assessed).toBe(t.completedOnTime + t.completedLate + t.overdueOpen);
  });
});

describeReading('the bulletin as a reader sees it (LibreOffice → PDF)', () => {
  const f = { ...march(), issueNo: 3 };
  const publishedAt = t('2026-04-02T09:00');

  it('prints on A4, the unit table on landscape pages, numbered, with the 版记 on the last page', async () => {
    const read = readDocument(await renderBulletinDocx(f, publishedAt), 'docx', { artifact: 'bulletin' });
    expect(read.pages.length).toBeGreaterThan(2);
    expect(read.pages.filter((p) => !p.a4)).toEqual([]);
    // Portrait first and last; landscape only for the wide tables.
    const first = read.pages[0];
    const last = read.pages[read.pages.length - 1];
    expect(first?.landscape).toBe(false);
    expect(last?.landscape).toBe(false);
    const unitPages = read.pages.filter((p) => squeezed(p.text).includes('区城市管理综合执法局'));
    expect(unitPages.length).toBeGreaterThan(0);
    expect(unitPages.some((p) => p.landscape)).toBe(true);
    // 「— n —」 on every page.
    expect(read.pages.map(pageNumberOf)).toEqual(read.pages.map((p) => p.number));
    // The 版记 at the foot of the last page: the issuer and the day it was printed.
    const lastLines = (last?.text ?? '').split('\n').filter((line) => line.trim());
    expect(squeezed(lastLines.slice(-3).join(''))).toContain('区人民政府办公室督查室2026年4月2日印发');
    // No unit name breaks across a cell's lines, and no date is written the ISO way.
    expect(
      brokenNames(
        read,
        UNITS.map((u) => u.name),
      ),
    ).toEqual([]);
    expect(read.text).not.toMatch(ISO_DATE);
    expect(squeezed(read.text)).toContain('统计时间为2026年3月1日至2026年3月31日');
    // Last year's overdue matters keep their year; this year's dates in tables leave it out.
    expect(squeezed(read.text)).toContain('2025年12月30日');
  }, 180_000);

  it('prints the workbook on A4, every sheet titled, no column split from its table', async () => {
    const read = readDocument(await renderBulletinXlsx(f), 'xlsx', { artifact: 'bulletin-xlsx' });
    expect(read.pages.filter((p) => !p.a4)).toEqual([]);
    // One sheet a page or more (fitted to width): each page repeats its sheet's title and header.
    for (const page of read.pages) expect(squeezed(page.text)).toContain('2026年3月督查通报（2026年第3期）·');
    const unitPages = read.pages.filter((p) => squeezed(p.text).includes('·各单位情况'));
    expect(unitPages.length).toBeGreaterThan(0);
    // The unit table's first and last columns on the same page: its columns are not split across pages.
    for (const page of unitPages) expect(squeezed(page.text)).toMatch(/序号.*三色预警/);
    expect(read.pages.length).toBeLessThanOrEqual(6);
    expect(
      brokenNames(
        read,
        UNITS.map((u) => u.name),
      ),
    ).toEqual([]);
  }, 180_000);
});
