/**
 * `duban bench reports`: the dashboard's figure queries on MySQL/MariaDB over a large office: 100,000 supervision
 * matters and 300,000 document steps (100,000 documents), with their deadlines, urges and meetings, made by the
 * reports' own generator (two years of records). Each query runs many times; it prints the data size and the
 * p50/p95 of every query. Floor: p95 under 100 ms for every figure query.
 *
 * It works in a scratch database it creates next to TEST_MYSQL_URL (or a mysql:// DATABASE_URL) and drops after.
 */
import { performance } from 'node:perf_hooks';
import { defaultCalendar, parseInstant } from '../../bot-server/calendar';
import { openDatabase } from '../../bot-server/db/database';
import { createScratchMysqlDatabase } from '../../bot-server/db/scratch-database';
import { DASHBOARD_SPECS } from '../../bot-server/reports/dashboard';
import { computeFigures, type Domain, type Period, type Scope } from '../../bot-server/reports/engine';
import { ReportService } from '../../bot-server/reports/report-service';
import { mysqlServerUrl } from '../../bot-server/test-support/databases';
import type { BenchContext, Benchmark } from './benchmark';
import { generateReportData } from './report-data';

const FLOOR_MS = 100;
const YEAR = 2025;
const NOW = parseInstant('2026-01-20T10:00');

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

export const reportsBenchmark: Benchmark = {
  summary: 'dashboard figure queries over 100,000 matters and 300,000 document steps on MySQL/MariaDB (p50/p95)',
  async run(context: BenchContext): Promise<number> {
    const server = mysqlServerUrl();
    if (!server) {
      context.log('bench reports needs MySQL/MariaDB: set TEST_MYSQL_URL (or a mysql:// DATABASE_URL)');
      return 1;
    }
    const scratch = await createScratchMysqlDatabase(server, 'duban_bench');
    const db = await openDatabase({ type: 'mysql', url: scratch.url });
    try {
      const started = performance.now();
      const counts = await generateReportData(db, {
        seed: 1,
        year: YEAR,
        matters: 100_000,
        documents: 100_000,
        stepsPerDocument: 3,
        meetings: 5_000,
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
      const reports = new ReportService(
        () => db,
        () => calendar,
      );
      const runs = Math.max(20, Math.round(context.durationMs / 25));
      const q = { db, now: NOW };
      const scenarios: { name: string; period: Period; scope: Scope }[] = [
        { name: 'year', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: {} },
        { name: 'quarter, one unit', period: { from: `${YEAR}-04-01`, to: `${YEAR}-06-30` }, scope: { unit: '31' } },
        { name: 'month', period: { from: `${YEAR}-11-01`, to: `${YEAR}-11-30` }, scope: {} },
        {
          name: 'year, one source',
          period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
          scope: { type: 'petition' },
        },
      ];
      const domains: Domain[] = ['documents', 'limits', 'steps', 'matters', 'meetings', 'notices'];
      context.log(`${runs} runs per query; milliseconds`);
      context.log(`${'query'.padEnd(44)}${'p50'.padStart(8)}${'p95'.padStart(8)}`);
      let worst = 0;
      for (const s of scenarios) {
        // A matter source narrows the dashboard to the matter figures.
        for (const domain of s.scope.type ? (['matters'] as Domain[]) : domains) {
          const specs = DASHBOARD_SPECS.filter((x) => x.domain === domain);
          // One figure query per kind: the counts and rates in one, each working-day average on its own.
          for (const group of [
            specs.filter((x) => x.kind !== 'workdays'),
            ...specs.filter((x) => x.kind === 'workdays').map((x) => [x]),
          ]) {
            if (!group.length) continue;
            const label = group.length === 1 && group[0]?.kind === 'workdays' ? (group[0]?.id as string) : domain;
            const t = await timings(runs, () => computeFigures(db.manager, calendar, q, group, s.period, s.scope));
            worst = Math.max(worst, t.p95);
            context.log(
              `${`${s.name}: ${label}`.padEnd(44)}${t.p50.toFixed(1).padStart(8)}${t.p95.toFixed(1).padStart(8)}`,
            );
          }
        }
        const whole = await timings(Math.max(5, Math.round(runs / 4)), () => reports.figures(s.period, s.scope, NOW));
        context.log(
          `${`${s.name}: whole dashboard (both years)`.padEnd(44)}${whole.p50.toFixed(1).padStart(8)}${whole.p95.toFixed(1).padStart(8)}`,
        );
      }
      const drill = await timings(runs, () =>
        reports.drill('matters.overdueOpen', scenarios[0]?.period as Period, {}, { limit: 50, offset: 0 }, NOW),
      );
      worst = Math.max(worst, drill.p95);
      context.log(
        `${'drill: overdue matters, first page'.padEnd(44)}${drill.p50.toFixed(1).padStart(8)}${drill.p95.toFixed(1).padStart(8)}`,
      );
      const ok = worst < FLOOR_MS;
      context.log(
        `slowest figure query p95 ${worst.toFixed(1)} ms: ${ok ? 'within' : 'OVER'} the ${FLOOR_MS} ms floor`,
      );
      return ok ? 0 : 1;
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  },
};
