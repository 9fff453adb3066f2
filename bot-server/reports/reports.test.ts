import { generateReportData } from '../../scripts/bench/report-data';
import { defaultCalendar, parseInstant } from '../calendar';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { expected, expectedAnnual, type Period, type Rows, readRows, type Scope } from '../test-support/report-counts';
import { summaryParagraphs } from './annual';
import { periodFigures } from './document-figures';
import { ReportService } from './report-service';

/**
 * Every figure against a count made here from the raw rows with plain loops: the rows are read with simple
 * SELECTs (repository finds), and each definition (README.md) is applied in JavaScript, not in SQL.
 */

const YEAR = 2025;
const NOW = parseInstant('2026-01-20T10:00');
const calendar = defaultCalendar();

describe.each(testDatabases())('reports on a generated year on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let reports: ReportService;
  let rows: Rows;

  beforeAll(async () => {
    const counts = await generateReportData(scratch.db, {
      seed: 20251,
      year: YEAR,
      matters: 1500,
      documents: 700,
      now: NOW,
    });
    expect(counts.matters).toBe(1500);
    reports = new ReportService(
      () => scratch.db,
      () => calendar,
    );
    rows = await readRows(scratch.db);
  }, 120_000);

  const cases: { name: string; period: Period; scope: Scope }[] = [
    { name: 'the year', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: {} },
    { name: 'a quarter of one unit', period: { from: `${YEAR}-04-01`, to: `${YEAR}-06-30` }, scope: { unit: '31' } },
    { name: 'one source', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: { type: 'npc_suggestion' } },
    { name: 'incoming documents', period: { from: `${YEAR}-03-01`, to: `${YEAR}-09-15` }, scope: { type: 'incoming' } },
    { name: 'one meeting type', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: { type: 'executive' } },
  ];

  it.each(cases)('every dashboard figure equals the hand count: $name', async ({ period, scope }) => {
    const dashboard = await reports.figures(period, scope, NOW);
    const mine = expected(rows, period, scope, NOW);
    const before = expected(rows, dashboard.lastYear, scope, NOW);
    expect(dashboard.figures.length).toBeGreaterThan(0);
    for (const figure of dashboard.figures) {
      expect({ id: figure.id, value: figure.value }).toEqual({ id: figure.id, value: mine.values.get(figure.id) });
      expect({ id: figure.id, lastYear: figure.lastYear }).toEqual({
        id: figure.id,
        lastYear: before.values.get(figure.id),
      });
    }
    if (scope.type === undefined || scope.type === 'npc_suggestion') {
      expect(dashboard.figures.find((f) => f.id === 'matters.assigned')?.value).toBeGreaterThan(0);
      const units = new Map<string, number>();
      for (const m of mine.matters) units.set(m.leadDepartmentId, (units.get(m.leadDepartmentId) ?? 0) + 1);
      expect(Object.fromEntries(dashboard.byUnit.map((u) => [u.key, u.assigned]))).toEqual(Object.fromEntries(units));
      for (const u of dashboard.byUnit) {
        expect(u.overdueOpen).toBe(mine.overdue.filter((m) => m.leadDepartmentId === u.key).length);
      }
      const npc = dashboard.bySource.find((s) => s.key === 'npc_suggestion');
      expect(npc?.completed ?? 0).toBe(mine.done.filter((m) => m.source === 'npc_suggestion').length);
    }
  });

  it.each(cases)('each count drills down to exactly the records it counts: $name', async ({ period, scope }) => {
    const mine = expected(rows, period, scope, NOW);
    const dashboard = await reports.figures(period, scope, NOW);
    for (const figure of dashboard.figures.filter((f) => f.kind === 'count')) {
      const drill = await reports.drill(figure.id, period, scope, { limit: 100_000, offset: 0 }, NOW);
      expect({ id: figure.id, total: drill.total }).toEqual({ id: figure.id, total: figure.value });
      const want = mine.ids.get(figure.id);
      if (want)
        expect({ id: figure.id, ids: drill.items.map((i) => i.id).sort((a, b) => a - b) }).toEqual({
          id: figure.id,
          ids: want,
        });
    }
    const page = await reports.drill('matters.assigned', period, scope, { limit: 5, offset: 5 }, NOW);
    expect(page.items.length).toBeLessThanOrEqual(5);
    for (const item of page.items) expect(item.link).toBe(`/m/matter/${item.id}`);
  });

  it('rates drill down to their denominator with the counted records flagged', async () => {
    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const drill = await reports.drill('matters.completionRate', period, {}, { limit: 100_000, offset: 0 }, NOW);
    const mine = expected(rows, period, {}, NOW);
    expect(drill.total).toBe(mine.matters.length);
    expect(drill.items.filter((i) => i.counted).length).toBe(mine.done.length);
    const days = await reports.drill('matters.workdays', period, {}, { limit: 100_000, offset: 0 }, NOW);
    expect(days.items.map((i) => i.workdays)).toHaveLength(mine.done.length);
  });

  it('agrees with the documents area on the figures both compute', async () => {
    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const dashboard = await reports.figures(period, {}, NOW);
    const documents = await periodFigures(scratch.db.manager, calendar, period.from, period.to);
    const value = (id: string) => dashboard.figures.find((f) => f.id === id)?.value;
    expect(value('documents.received')).toBe(documents.received);
    expect(value('documents.drafted')).toBe(documents.drafted);
    expect(value('documents.completionRate')).toBe(documents.completionRate.incoming);
    for (const limit of documents.limits) {
      expect(value(`documents.${limit.purpose}.onTimeRate`)).toBe(limit.onTimeRate);
      expect(value(`documents.${limit.purpose}.workdays`)).toBe(limit.averageWorkdays);
    }
  });

  it('gives every year-end figure by its definition, and the changes on last year', async () => {
    const report = await reports.annual(YEAR, NOW);
    const want = expectedAnnual(rows, YEAR, NOW);
    const mine = expected(rows, { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, {}, NOW);
    expect(Object.fromEntries(report.figures.map((f) => [f.name, f.text]))).toEqual(want);
    for (const f of report.figures) expect(f.definition).not.toBe('');

    const last = { from: `${YEAR - 1}-01-01`, to: `${YEAR - 1}-12-31` };
    const before = expected(rows, last, {}, NOW);
    const outgoing = report.changes.find((c) => c.name === 'outgoingChange');
    expect(outgoing).toMatchObject({
      thisYear: mine.values.get('documents.drafted'),
      lastYear: before.values.get('documents.drafted'),
    });
    const meetings = report.changes.find((c) => c.name === 'meetingChange');
    expect(meetings).toMatchObject({
      thisYear: mine.values.get('annual.meetings'),
      lastYear: before.values.get('annual.meetings'),
    });
    // Each change is written the way it went: an increase is never a reduction.
    for (const c of report.changes) {
      const change = c.thisYear - c.lastYear;
      expect(c.change).toBe(change);
      expect(c.direction).toBe(c.lastYear === 0 ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat');
      if (change > 0) expect(c.sentence).not.toMatch(/减少|下降|取得实效/);
      if (change < 0) expect(c.sentence).not.toMatch(/增加|增长/);
    }
    expect(meetings?.direction).not.toBe('none');

    // The summary keeps its structure: four headings, the figures in place, the rest marked for a person.
    const paragraphs = summaryParagraphs(report);
    expect(paragraphs.filter((b) => b.kind === 'heading').map((b) => b.pieces[0]?.text.slice(0, 2))).toEqual([
      '一、',
      '二、',
      '三、',
      '四、',
    ]);
    const text = paragraphs.map((b) => b.pieces.map((x) => x.text).join('')).join('\n');
    expect(text).toContain(`全年通过督办系统处理各类来文${want.received}件，办结率${want.completionRate}`);
    expect(text).toContain(`区政府常务会议${want.executive}次、区政府党组会议${want.partyGroup}次`);
    expect(text).toContain(report.changes.find((c) => c.name === 'outgoingChange')?.sentence);
    expect(text).toContain('【待填写：');
    expect(text).not.toMatch(/X|\{/);
    // Every gap of the text is listed for a person, one entry per section.
    const sections = report.needsPerson.map((n) => n.section);
    expect(new Set(sections).size).toBe(sections.length);
    expect(
      report.needsPerson
        .map((n) => n.what)
        .join('；')
        .split('；').length,
    ).toBe(text.match(/【(?:无记录，)?待填写：/g)?.length);
  });

  it('refuses a period that is not one', async () => {
    await expect(reports.figures({ from: '2025-02-30', to: '2025-03-01' })).rejects.toMatchObject({
      code: 'invalid_period',
    });
    await expect(reports.figures({ from: '2025-03-02', to: '2025-03-01' })).rejects.toMatchObject({
      code: 'invalid_period',
    });
    await expect(reports.drill('no.such', { from: '2025-01-01', to: '2025-01-31' })).rejects.toMatchObject({
      code: 'unknown_figure',
    });
  });
});
