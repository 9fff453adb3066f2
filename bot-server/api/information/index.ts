import type Router from '@koa/router';
import { z } from 'zod';
import { INFORMATION_STATUSES } from '../../../entities';
import { OFFICE_ROLES, OVERSEER_ROLES, READER_ROLES, RULE_ROLES, WRITER_ROLES } from '../../information/access';
import { outsideRankings, setOutsideRanking, unitRanking } from '../../information/rankings';
import { scoreRules, setScoreRules } from '../../information/rules';
import { checkPeriod } from '../../reports/engine';
import { informationDrill, informationFigures } from '../../reports/information-figures';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { id, page, unitId, userOf } from '../duty/petitions';
import { ApiError } from '../errors';
import { exactRouter } from '../router';
import { isoDate } from '../schemas';
import { informationBulletinRoutes } from './bulletin';

/** What the 政务信息 routes accept: every body and query, with the messages a user reads. */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const year = z.coerce.number().int('年份应为整数').min(2000, '年份不能早于2000年').max(2100, '年份无效');
const title = z.string({ error: '请填写信息标题' }).trim().min(1, '请填写信息标题').max(200, '信息标题不得超过200字');
const content = z
  .string({ error: '请填写信息正文' })
  .trim()
  .min(1, '请填写信息正文')
  .max(20_000, '信息正文不得超过20000字');
const matterId = id.nullish();
const createBody = z
  .object({ title, content, departmentId: unitId.optional(), matterId, submit: z.boolean().optional() })
  .strict();
const editBody = z.object({ title, content, departmentId: unitId, matterId }).partial().strict();
const returnBody = z
  .object({ reason: z.string({ error: '请填写退回原因' }).trim().min(1, '请填写退回原因').max(500) })
  .strict();
const adoptionBody = z
  .object({
    level: z.string({ error: '请选择采用层级' }).trim().max(16),
    form: z.string({ error: '请选择采用形式' }).trim().max(16),
    adoptedOn: isoDate,
    instructionLevel: z.string().trim().max(16).nullish(),
  })
  .strict();
const rulesBody = z
  .object({
    rules: z
      .array(
        z
          .object({
            level: z.string().trim().max(16),
            kind: z.string().trim().max(16),
            points: z.number({ error: '分值应为整数' }).int('分值应为整数').min(0, '分值不能为负数').max(1000),
          })
          .strict(),
      )
      .min(1, '请至少填写一项计分规则')
      .max(50),
  })
  .strict();
const listQuery = z
  .object({
    month: month.optional(),
    year: year.optional(),
    unit: unitId.optional(),
    status: z.enum(INFORMATION_STATUSES, { error: '状态应为草稿、已提交、已编辑、已报送或已退回' }).optional(),
    ...page,
  })
  .strict();
const rankingQuery = z
  .object({ month: month.optional(), year: year.optional() })
  .strict()
  .refine((q) => Boolean(q.month) !== (q.year !== undefined), { message: '请选择年份或月份（二选一）' });
const outsideBody = z
  .object({
    scope: z.string({ error: '请选择排名范围' }).trim().max(16),
    rank: z.number({ error: '请填写名次' }).int('名次应为整数').min(1, '名次至少为1').max(1000),
  })
  .strict();
const figuresQuery = z.object({ from: isoDate, to: isoDate, unit: unitId.optional() }).strict();
const drillQuery = figuresQuery.extend({
  figure: z.string().trim().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/**
 * `/api/information`: 政务信息. Units (staff, unit heads) write and submit their items; 督查室 and 秘书科 edit,
 * report upward, return, and record adoptions and the outside rankings; leaders read; an administrator sets the
 * score rules. The domain checks each unit and status; the route checks the role. Fixed paths come before `/:id`.
 */
export function informationRoutes(services: () => Services): Router {
  const router = exactRouter();
  const info = () => services().information;
  const readers = requireRole(...READER_ROLES);
  const writers = requireRole(...WRITER_ROLES);
  const office = requireRole(...OFFICE_ROLES);
  const overseers = requireRole(...OVERSEER_ROLES);
  const figureContext = () => ({
    manager: services().db.manager,
    calendar: services().deadlines.calendar(),
    q: { db: services().db, now: info().now() },
  });
  const checked = (period: { from: string; to: string }) => {
    const problem = checkPeriod(period);
    if (problem) throw new ApiError(400, 'invalid_period', problem);
    return period;
  };

  router.get('/information/items', readers, async (ctx) => {
    ctx.body = await info().list(userOf(ctx), listQuery.parse(ctx.query));
  });
  router.post('/information/items', writers, async (ctx) => {
    const body = createBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { item: await info().create(userOf(ctx), body) };
  });

  router.get('/information/score-rules', readers, async (ctx) => {
    ctx.body = { rules: await scoreRules(services().db) };
  });
  router.put('/information/score-rules', requireRole(...RULE_ROLES), async (ctx) => {
    const { rules } = rulesBody.parse(ctx.request.body ?? {});
    ctx.body = { rules: await setScoreRules(services().db, userOf(ctx), rules, info().now()) };
  });

  router.get('/information/ranking', overseers, async (ctx) => {
    ctx.body = await unitRanking(services().db, userOf(ctx), rankingQuery.parse(ctx.query));
  });
  router.get('/information/outside-rankings/:year', overseers, async (ctx) => {
    ctx.body = await outsideRankings(services().db, userOf(ctx), year.parse(ctx.params.year), info().now());
  });
  router.put('/information/outside-rankings/:year', office, async (ctx) => {
    const body = outsideBody.parse(ctx.request.body ?? {});
    const input = { ...body, year: year.parse(ctx.params.year) };
    ctx.body = await setOutsideRanking(services().db, userOf(ctx), input, info().now());
  });

  // 上报信息, 采用, 约稿 and 得分 of a period (reports/information-figures.ts), and the records each counts.
  router.get('/information/figures', overseers, async (ctx) => {
    const { from, to, unit } = figuresQuery.parse(ctx.query);
    const c = figureContext();
    ctx.body = { figures: await informationFigures(c.manager, c.calendar, c.q, checked({ from, to }), { unit }) };
  });
  router.get('/information/figures/drill', overseers, async (ctx) => {
    const { figure, from, to, unit, limit, offset } = drillQuery.parse(ctx.query);
    const c = figureContext();
    const page = { limit, offset };
    const drill = await informationDrill(c.manager, c.calendar, c.q, figure, checked({ from, to }), { unit }, page);
    if (!drill) throw new ApiError(400, 'unknown_figure', `没有名为“${figure}”的政务信息指标`);
    ctx.body = drill;
  });

  router.use(informationBulletinRoutes(services).routes()); // 政务信息工作通报 (bulletin.ts)

  router.get('/information/items/:id', readers, async (ctx) => {
    ctx.body = { item: await info().get(userOf(ctx), id.parse(ctx.params.id)) };
  });
  router.put('/information/items/:id', writers, async (ctx) => {
    const body = editBody.parse(ctx.request.body ?? {});
    ctx.body = { item: await info().edit(userOf(ctx), id.parse(ctx.params.id), body) };
  });
  router.post('/information/items/:id/submit', writers, async (ctx) => {
    ctx.body = { item: await info().submit(userOf(ctx), id.parse(ctx.params.id)) };
  });
  router.post('/information/items/:id/report', office, async (ctx) => {
    ctx.body = { item: await info().report(userOf(ctx), id.parse(ctx.params.id)) };
  });
  router.post('/information/items/:id/return', office, async (ctx) => {
    const { reason } = returnBody.parse(ctx.request.body ?? {});
    ctx.body = { item: await info().giveBack(userOf(ctx), id.parse(ctx.params.id), reason) };
  });
  router.post('/information/items/:id/adoptions', office, async (ctx) => {
    const body = adoptionBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { item: await info().adopt(userOf(ctx), id.parse(ctx.params.id), body) };
  });
  router.delete('/information/items/:id/adoptions/:adoptionId', office, async (ctx) => {
    const item = await info().removeAdoption(userOf(ctx), id.parse(ctx.params.id), id.parse(ctx.params.adoptionId));
    ctx.body = { item };
  });

  return router;
}
