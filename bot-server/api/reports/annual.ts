import type Router from '@koa/router';
import type { ReportService } from '../../reports/report-service';
import { exactRouter } from '../router';
import { parse, year } from './schemas';

/** The year-end figures of the office's summary, and the summary as Word with them filled in. */
export function annualRoutes(reports: ReportService): Router {
  const router = exactRouter();

  router.get('/annual/:year', async (ctx) => {
    ctx.body = await reports.annual(parse(year, ctx.params.year));
  });

  router.get('/annual/:year/summary.docx', async (ctx) => {
    const y = parse(year, ctx.params.year);
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    ctx.set(
      'Content-Disposition',
      `attachment; filename="summary-${y}.docx"; filename*=UTF-8''${encodeURIComponent(`${y}年度工作总结.docx`)}`,
    );
    ctx.body = await reports.annualDocx(y);
  });

  return router;
}
