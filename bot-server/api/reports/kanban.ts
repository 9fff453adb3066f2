import type Router from '@koa/router';
import type { Context } from 'koa';
import { formatISODate, shanghaiDayNumber } from '../../calendar';
import { type KanbanSources, kanban, leaderHome } from '../../reports/kanban';
import type { ReportService } from '../../reports/report-service';
import type { Services } from '../../services';
import type { SignedInUser } from '../auth';
import { exactRouter } from '../router';
import { parse, year } from './schemas';

/** The year asked for, or this year in Shanghai. */
const yearOf = (ctx: Context) =>
  ctx.query.year === undefined
    ? Number(formatISODate(shanghaiDayNumber(new Date())).slice(0, 4))
    : parse(year, ctx.query.year);

/**
 * 领导看板 and the 看板 part of a leader's first screen, each in one request: the server reads the parts side by
 * side and ranks what is ranked, so the mini-app asks once and sorts nothing.
 */
export function kanbanRoutes(services: () => Services, reports: ReportService): Router {
  const router = exactRouter();
  const sources: KanbanSources = {
    db: () => services().db,
    calendar: () => services().deadlines.calendar(),
    reports,
    supervision: () => services().supervision,
    documents: () => services().documents,
    meetings: () => services().meetings,
  };
  const user = (ctx: Context) => ctx.state.user as SignedInUser;

  router.get('/dashboard', async (ctx) => {
    ctx.body = await kanban(sources, user(ctx), yearOf(ctx));
  });

  router.get('/dashboard/leader-home', async (ctx) => {
    ctx.body = await leaderHome(sources, user(ctx), yearOf(ctx));
  });

  return router;
}
