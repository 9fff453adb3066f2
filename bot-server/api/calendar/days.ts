import type Router from '@koa/router';
import { z } from 'zod';
import { OFFICE_SCOPE, parseISODate } from '../../calendar';
import { OverrideNotFound } from '../../deadlines/deadline-service';
import type { Services } from '../../services';
import type { SignedInUser } from '../auth';
import { requireRole } from '../auth';
import { badRequest, notFound } from '../errors';
import { exactRouter } from '../router';
import { isoDate } from '../schemas';
import { scope } from './schemas';

const MAX_DAYS = 400;

const overrideBody = z.object({
  date: isoDate,
  kind: z.enum(['off', 'workday']),
  reason: z.string().trim().min(2, '请填写调整原因').max(200),
  scope: z.string().trim().min(1).max(32).optional(),
});

/**
 * The working days of a span, the days an administrator made off or working, and the year's holiday notice (each
 * change audited, recomputing the open deadlines it moves).
 */
export function dayRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/calendar/days', async (ctx) => {
    const query = z.object({ from: isoDate, to: isoDate, scope }).parse(ctx.query);
    const span = parseISODate(query.to) - parseISODate(query.from);
    if (span < 0 || span >= MAX_DAYS)
      throw badRequest('invalid_range', `查询范围应为1至${MAX_DAYS}天，且起始日期不晚于结束日期`);
    ctx.body = await services().deadlines.days(query.from, query.to, query.scope ?? OFFICE_SCOPE);
  });

  router.get('/calendar/overrides', async (ctx) => {
    ctx.body = { overrides: await services().deadlines.listOverrideRows() };
  });

  router.put('/calendar/overrides', requireRole('admin'), async (ctx) => {
    const input = overrideBody.parse(ctx.request.body);
    const user = ctx.state.user as SignedInUser;
    const result = await services().deadlines.setOverride(user.id, input);
    ctx.body = { override: result.override, changes: result.changes, recomputed: result.recomputed };
  });

  router.delete('/calendar/overrides/:id', requireRole('admin'), async (ctx) => {
    const id = z.coerce.number().int().positive().parse(ctx.params.id);
    const { reason } = z.object({ reason: z.string().trim().min(2, '请填写撤销原因').max(200) }).parse(ctx.query);
    const user = ctx.state.user as SignedInUser;
    try {
      ctx.body = await services().deadlines.removeOverride(user.id, id, reason);
    } catch (err) {
      if (err instanceof OverrideNotFound) throw notFound('没有这条日历调整');
      throw err;
    }
  });

  // The State Council's notice of a year, loaded into the running service the day it is published (the same step
  // as `duban calendar load-notice`): checked, stored, and the open deadlines it moves recomputed, audited.
  router.post('/calendar/notices', requireRole('admin'), async (ctx) => {
    const user = ctx.state.user as SignedInUser;
    const { year, changes, recomputed } = await services().deadlines.loadHolidayNotice(user.id, ctx.request.body);
    ctx.body = { year, changes, recomputed };
  });

  return router;
}
