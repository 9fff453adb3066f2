/**
 * `duban bench reports`: the leaders' 看板 over a city-scale office on MySQL/MariaDB — 100,000 supervision matters and
 * 100,000 documents a year (300,000 steps) by default, `--matters 500000` for more — made by the reports' own
 * generator (two years of records). It prints, now against the floor of each: the whole 看板 call for a full year
 * and for one quarter of one unit (both years, as the 看板 compares them), and the first page of a drill-down; then
 * the same full-year figures counted from the records by their definitions (what the rollup replaces), as a ratio
 * measured in the same run; and how long `duban reports rebuild` takes at this size.
 *
 * It works in a scratch database it creates next to TEST_MYSQL_URL (or a mysql:// DATABASE_URL) and drops after.
 */
import { performance } from 'node:perf_hooks';
import { defaultCalendar, parseInstant } from '../../bot-server/calendar';
import { openDatabase } from '../../bot-server/db/database';
import { createScratchMysqlDatabase } from '../../bot-server/db/scratch-database';
import { DASHBOARD_ROLLUP, DASHBOARD_SPECS } from '../../bot-server/reports/dashboard';
import { computeFigures } from '../../bot-server/reports/engine';
import { ReportService } from '../../bot-server/reports/report-service';
import { mysqlServerUrl } from '../../bot-server/test-support/databases';
import type { BenchContext, Benchmark } from './benchmark';
import { generateReportData } from './report-data';

const YEAR = 2025;
const NOW = parseInstant('2026-01-20T10:00');
const YEAR_PERIOD = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
const LAST_YEAR = { from: `${YEAR - 1}-01-01`, to: `${YEAR - 1}-12-31` };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

async function timings(runs: number, call: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await call(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const cell = (value: number | string, width = 9) =>
  (typeof value === 'number' ? value.toFixed(1) : value).padStart(width);

export const reportsBenchmark: Benchmark = {
  summary: 'the 看板 over 100,000 matters and 100,000 documents a year on MySQL/MariaDB (p50/p95 against the floors)',
  async run(context: BenchContext): Promise<number> {
    const server = mysqlServerUrl();
    if (!server) {
      context.log('bench reports needs MySQL/MariaDB: set TEST_MYSQL_URL (or a mysql:// DATABASE_URL)');
      return 1;
    }
    const matters = context.matters ?? 100_000;
    const scratch = await createScratchMysqlDatabase(server, 'duban_bench');
    const db = await openDatabase({ type: 'mysql', url: scratch.url });
    try {
      let started = performance.now();
      const counts = await generateReportData(db, {
        seed: 1,
        year: YEAR,
        matters,
        documents: matters,
        stepsPerDocument: 3,
        meetings: Math.round(matters / 20),
        now: NOW,
        batch: 2000,
      });
      await db.query('ANALYZE TABLE matter, deadline, document, document_step, meeting, audit_log');
      context.log(
        `data: ${Object.entries(counts)
          .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
          .join(', ')} (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      const calendar = defaultCalendar();
      started = performance.now();
      await DASHBOARD_ROLLUP.rebuild(db, calendar);
      const [kept] = (await db.query('SELECT COUNT(*) AS n FROM figure_rollup')) as { n: string }[];
      context.log(
        `duban reports rebuild: ${((performance.now() - started) / 1000).toFixed(1)} s, ${Number(kept?.n).toLocaleString('en')} rows kept`,
      );

      const reports = new ReportService(
        () => db,
        () => calendar,
      );
      const runs = Math.max(20, Math.round(context.durationMs / 25));
      const rows: { name: string; floor: number; call: () => Promise<unknown> }[] = [
        { name: 'whole 看板, full year (both years)', floor: 100, call: () => reports.figures(YEAR_PERIOD, {}, NOW) },
        {
          name: 'whole 看板, one quarter, one unit',
          floor: 40,
          call: () => reports.figures({ from: `${YEAR}-04-01`, to: `${YEAR}-06-30` }, { unit: '31' }, NOW),
        },
        {
          name: 'drill-down, overdue matters, first page',
          floor: 40,
          call: () => reports.drill('matters.overdueOpen', YEAR_PERIOD, {}, { limit: 50, offset: 0 }, NOW),
        },
      ];
      context.log(`${runs} runs each; milliseconds`);
      context.log(`${'what'.padEnd(44)}${cell('p50')}${cell('p95')}${cell('floor')}`);
      let ok = true;
      let wholeYear = 0;
      for (const row of rows) {
        const t = await timings(runs, row.call);
        const within = t.p95 < row.floor;
        ok &&= within;
        if (!wholeYear) wholeYear = t.p50;
        context.log(
          `${row.name.padEnd(44)}${cell(t.p50)}${cell(t.p95)}${cell(`< ${row.floor}`)}  ${within ? 'ok' : 'OVER'}`,
        );
      }
      // The baseline: the same figures of both years counted from the records by their definitions.
      const q = { db, now: NOW };
      const counted = await timings(Math.max(5, Math.round(runs / 4)), () =>
        Promise.all([
          computeFigures(db.manager, calendar, q, DASHBOARD_SPECS, YEAR_PERIOD, {}),
          computeFigures(db.manager, calendar, q, DASHBOARD_SPECS, LAST_YEAR, {}),
        ]),
      );
      context.log(
        `${'full year counted from the records instead'.padEnd(44)}${cell(counted.p50)}${cell(counted.p95)}` +
          `   the 看板 takes ${(wholeYear / counted.p50).toFixed(2)}× of it`,
      );
      context.log(ok ? 'every row within its floor' : 'a row is OVER its floor');
      return ok ? 0 : 1;
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  },
};
