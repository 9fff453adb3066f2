import type Router from '@koa/router';
import type { ReportService } from '../../reports/report-service';
import type { SignedInUser } from '../auth';
import { exactRouter } from '../router';
import { drillQuery, parse, periodQuery, year } from './schemas';

/** The dashboard figures of a period and the records behind each; the year's overdue matters by lead unit. */
export function figureRoutes(reports: ReportService): Router {
  const router = exactRouter();

  router.get('/figures', async (ctx) => {
    const { from, to, unit, type } = parse(periodQuery, ctx.query);
    ctx.body = await reports.figures({ from, to }, { unit, type }, new Date(), ctx.state.user as SignedInUser);
  });

  router.get('/drill', async (ctx) => {
    const { figure, from, to, unit, type, limit, offset } = parse(drillQuery, ctx.query);
    ctx.body = await reports.drill(figure, { from, to }, { unit, type }, { limit, offset });
  });

  // 逾期未办结 · 单位排名 on the leaders' 看板, ranked here rather than in the browser.
  router.get('/overdue-by-unit', async (ctx) => {
    ctx.body = await reports.overdueByUnit(parse(year, ctx.query.year));
  });

  return router;
}
