import type Router from '@koa/router';
import { z } from 'zod';
import { OFFICE_SCOPE, parseInstant, parseISODate } from '../calendar';
import { OverrideNotFound } from '../deadlines/deadline-service';
import type { Services } from '../services';
import type { SignedInUser } from './auth';
import { requireRole } from './auth';
import { badRequest, notFound } from './errors';
import { exactRouter } from './router';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const MAX_DAYS = 400;

const overrideBody = z.object({
  date: isoDate,
  kind: z.enum(['off', 'workday']),
  reason: z.string().trim().min(2, '请填写调整原因').max(200),
  scope: z.string().trim().min(1).max(32).optional(),
});

const ruleBody = z.record(z.string(), z.unknown());

/**
 * The working-day calendar and the time-limit rules: anyone signed in may read them; only an administrator may
 * change a day or a rule, and every change is audited and recomputes the open deadlines it moves.
 */
export function calendarRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/calendar/days', async (ctx) => {
    const { from, to, scope } = z
      .object({ from: isoDate, to: isoDate, scope: z.string().max(32).optional() })
      .parse(ctx.query);
    const span = parseISODate(to) - parseISODate(from);
    if (span < 0 || span >= MAX_DAYS)
      throw badRequest('invalid_range', `查询范围应为 1 至 ${MAX_DAYS} 天，且起始日期不晚于结束日期`);
    ctx.body = await services().deadlines.days(from, to, scope ?? OFFICE_SCOPE);
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

  router.get('/timelimits/rules', async (ctx) => {
    ctx.body = { rules: services().deadlines.listRules() };
  });

  router.put('/timelimits/rules/:code', requireRole('admin'), async (ctx) => {
    const code = z
      .string()
      .regex(/^[a-z0-9_.]{3,64}$/, '规则代码格式有误')
      .parse(ctx.params.code);
    const definition = ruleBody.parse(ctx.request.body);
    const user = ctx.state.user as SignedInUser;
    ctx.body = { rule: await services().deadlines.setRule(user.id, code, definition) };
  });

  router.get('/timelimits/due', async (ctx) => {
    const { rule, receivedAt, scope } = z
      .object({
        rule: z.string().min(1).max(64),
        receivedAt: z.string().min(1).max(40),
        scope: z.string().max(32).optional(),
      })
      .parse(ctx.query);
    const deadline = await services().deadlines.preview(rule, parseInstant(receivedAt), scope ?? OFFICE_SCOPE);
    ctx.body = { rule: services().deadlines.rule(rule), deadline };
  });

  return router;
}
