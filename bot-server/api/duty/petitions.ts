import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { READER_ROLES, RECORDER_ROLES, TURN_ROLES } from '../../duty/petition-access';
import type { Services } from '../../services';
import { requireRole, type SignedInUser } from '../auth';
import { reportService } from '../reports/service';
import { exactRouter } from '../router';
import { instant, isoDate } from '../schemas';

/** What the 信访接待 routes accept: every body and query, with the messages a user reads. */

export const id = z.coerce.number().int().positive().max(2_147_483_647);
export const unitId = z.string().trim().min(1).max(32);
const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));
export const page = {
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
};
export const periodFilter = { from: isoDate.optional(), to: isoDate.optional() };

export const userOf = (ctx: Context) => ctx.state.user as SignedInUser;

const visitFields = {
  visitedAt: instant('请填写有效的接待时间'),
  petitioners: z.number({ error: '请填写来访人次' }).int('来访人次应为整数').min(1, '来访人次至少为1').max(10_000),
  representativeName: z.string().trim().min(1, '请填写来访人代表姓名').max(50, '姓名不得超过50字'),
  representativeContact: z.string().trim().max(50, '联系方式不得超过50字').nullish(),
  content: z.string().trim().min(2, '请填写反映事项').max(5000, '反映事项不得超过5000字'),
  departmentId: unitId.nullish(),
  handling: z.string().trim().max(5000, '处理情况不得超过5000字').nullish(),
  outcome: z.enum(['answered', 'referred'], { error: '处理结果应为“当场答复”或“转交办理”' }).nullish(),
};

const visitBody = z.object({ ...visitFields, visitedAt: visitFields.visitedAt.optional() }).strict();
const editBody = z.object(visitFields).partial().strict();
const repeatBody = z.object({ earlierVisitId: id.nullable() }).strict();
const turnBody = z
  .object({
    leadDepartmentId: unitId.nullish(),
    coDepartmentIds: z.array(unitId).max(30).optional(),
    responsibleUserId: z.string().trim().min(1).max(64).nullish(),
    title: z.string().trim().min(2, '事项标题至少2个字').max(300).nullish(),
  })
  .strict();
const figuresQuery = z.object({ from: isoDate, to: isoDate });
const listQuery = z.object({ ...periodFilter, unit: unitId.optional(), collective: flag, repeat: flag, ...page });

/**
 * `/api/duty/petitions`: 信访接待登记. 督查室 and 会务 register, edit and mark repeat visits; 督查室 turns a visit
 * into a supervised matter; they and the district leaders read (leaders see the representative's name and contact
 * masked). Fixed paths come before `/:id`.
 */
export function petitionRoutes(services: () => Services): Router {
  const router = exactRouter();
  const petitions = () => services().petitions;
  const reports = reportService(services);
  const readers = requireRole(...READER_ROLES);
  const recorders = requireRole(...RECORDER_ROLES);

  router.get('/duty/petitions', readers, async (ctx) => {
    ctx.body = await petitions().list(userOf(ctx), listQuery.parse(ctx.query));
  });

  router.post('/duty/petitions', recorders, async (ctx) => {
    const body = visitBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { visit: await petitions().register(userOf(ctx), body) };
  });

  // 接待上访群众, 人次, 集体访 and 各类电话 of a period, with the calls month by month (reports/duty-figures.ts).
  router.get('/duty/figures', readers, async (ctx) => {
    const { from, to } = figuresQuery.parse(ctx.query);
    ctx.body = { figures: await reports.dutyFigures({ from, to }, petitions().now()) };
  });

  router.get('/duty/petitions/:id', readers, async (ctx) => {
    ctx.body = { visit: await petitions().get(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.put('/duty/petitions/:id', recorders, async (ctx) => {
    const body = editBody.parse(ctx.request.body ?? {});
    ctx.body = { visit: await petitions().edit(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  router.put('/duty/petitions/:id/repeat-of', recorders, async (ctx) => {
    const { earlierVisitId } = repeatBody.parse(ctx.request.body ?? {});
    ctx.body = { visit: await petitions().linkRepeat(userOf(ctx), id.parse(ctx.params.id), earlierVisitId) };
  });

  router.post('/duty/petitions/:id/matter', requireRole(...TURN_ROLES), async (ctx) => {
    const body = turnBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { visit: await petitions().turnIntoMatter(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  return router;
}
