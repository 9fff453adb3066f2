import type Router from '@koa/router';
import { z } from 'zod';
import { periodBounds } from '../../duty/petition-access';
import { researchFigures } from '../../reports/research-figures';
import {
  RESEARCH_READERS,
  RESEARCH_RECORDERS,
  RESEARCH_TURN_ROLES,
  SUGGESTION_READERS,
  SUGGESTION_RECORDERS,
} from '../../research/access';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { id, page, periodFilter, unitId, userOf } from '../duty/petitions';
import { exactRouter } from '../router';
import { isoDate } from '../schemas';

/** What the 调研 and 督查建议 routes accept: every body and query, with the messages a user reads. */

const userId = z.string().trim().min(1).max(64);
const reportFields = {
  title: z.string({ error: '请填写调研报告标题' }).trim().min(1, '请填写调研报告标题').max(200, '标题不得超过200字'),
  topic: z.string({ error: '请填写调研主题' }).trim().min(1, '请填写调研主题').max(200, '调研主题不得超过200字'),
  authorIds: z
    .array(userId, { error: '请至少选择一位调研报告执笔人' })
    .min(1, '请至少选择一位调研报告执笔人')
    .max(20, '执笔人不得超过20人'),
  places: z.array(z.string().trim().min(1, '调研地点不能为空').max(100, '调研地点不得超过100字')).max(30).optional(),
  finishedOn: isoDate,
  summary: z.string().trim().max(20000, '报告摘要不得超过20000字').nullish(),
};
const reportBody = z.object(reportFields).strict();
const editBody = z.object(reportFields).partial().strict();
const problemFields = {
  text: z.string({ error: '请填写问题内容' }).trim().min(1, '请填写问题内容').max(2000, '问题内容不得超过2000字'),
  departmentId: unitId.nullish(),
};
const problemBody = z.object(problemFields).strict();
const problemEditBody = z.object(problemFields).partial().strict();
const turnBody = z
  .object({
    leadDepartmentId: unitId.nullish(),
    coDepartmentIds: z.array(unitId).max(30).optional(),
    responsibleUserId: userId.nullish(),
    assignedByUserId: userId.nullish(),
    urgent: z.boolean().optional(),
    title: z.string().trim().min(2, '事项标题至少2个字').max(300).nullish(),
  })
  .strict();
const suggestionBody = z
  .object({
    text: z.string({ error: '请填写督查建议内容' }).trim().min(1, '请填写督查建议内容').max(5000),
    madeOn: isoDate.nullish(),
    madeBy: userId.nullish(),
    departmentId: unitId.nullish(),
    bulletinId: id.nullish(),
  })
  .strict();
const inspectionBody = z
  .object({
    kind: z.enum(['site', 'phone'], { error: '督查方式应为“现场督查”或“电话督查”' }),
    on: isoDate.nullish(),
    note: z.string().trim().max(500, '督查情况不得超过500字').nullish(),
  })
  .strict();
const listQuery = z.object({ ...periodFilter, status: z.enum(['draft', 'final']).optional(), ...page });
const figuresQuery = z.object({ from: isoDate, to: isoDate });

/**
 * `/api/research`: 调研报告 and their 存在问题. 督查室 and 会务 record, edit and finalise reports and their problems;
 * 督查室 turns a problem of a final report into a supervised matter; they and the district leaders read.
 * `/api/supervision/matters/:id/suggestions|inspections`: 督查建议 and 现场/电话督查 on a matter, recorded by 督查室.
 * Fixed paths come before `/:id`.
 */
export function researchRoutes(services: () => Services): Router {
  const router = exactRouter();
  const research = () => services().research;
  const suggestions = () => services().suggestions;
  const readers = requireRole(...RESEARCH_READERS);
  const recorders = requireRole(...RESEARCH_RECORDERS);
  const problemOf = (params: Record<string, string>) =>
    [id.parse(params.id), id.parse(params.problemId)] as [number, number];

  router.get('/research/reports', readers, async (ctx) => {
    ctx.body = await research().list(userOf(ctx), listQuery.parse(ctx.query));
  });

  router.post('/research/reports', recorders, async (ctx) => {
    const body = reportBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { report: await research().create(userOf(ctx), body) };
  });

  // 形成调研报告X份, 存在问题X个, 督查建议X条, 督查X次 of a period (reports/research-figures.ts).
  router.get('/research/figures', readers, async (ctx) => {
    const period = figuresQuery.parse(ctx.query);
    const now = research().now();
    periodBounds(period.from, period.to, now);
    const db = services().db;
    const calendar = services().deadlines.calendar();
    ctx.body = { figures: await researchFigures(db.manager, calendar, { db, now }, period) };
  });

  router.get('/research/matters/:id/origin', readers, async (ctx) => {
    ctx.body = { origin: await research().originOfMatter(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.get('/research/reports/:id', readers, async (ctx) => {
    ctx.body = { report: await research().get(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.put('/research/reports/:id', recorders, async (ctx) => {
    const body = editBody.parse(ctx.request.body ?? {});
    ctx.body = { report: await research().edit(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  router.post('/research/reports/:id/finalise', recorders, async (ctx) => {
    ctx.body = { report: await research().finalise(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/research/reports/:id/problems', recorders, async (ctx) => {
    const body = problemBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { report: await research().addProblem(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  router.put('/research/reports/:id/problems/:problemId', recorders, async (ctx) => {
    const body = problemEditBody.parse(ctx.request.body ?? {});
    ctx.body = { report: await research().editProblem(userOf(ctx), ...problemOf(ctx.params), body) };
  });

  router.delete('/research/reports/:id/problems/:problemId', recorders, async (ctx) => {
    ctx.body = { report: await research().removeProblem(userOf(ctx), ...problemOf(ctx.params)) };
  });

  router.post('/research/reports/:id/problems/:problemId/matter', requireRole(...RESEARCH_TURN_ROLES), async (ctx) => {
    const body = turnBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { report: await research().turnIntoMatter(userOf(ctx), ...problemOf(ctx.params), body) };
  });

  router.get('/supervision/matters/:id/suggestions', requireRole(...SUGGESTION_READERS), async (ctx) => {
    ctx.body = { suggestions: await suggestions().list(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/supervision/matters/:id/suggestions', requireRole(...SUGGESTION_RECORDERS), async (ctx) => {
    const body = suggestionBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { suggestion: await suggestions().create(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  router.get('/supervision/matters/:id/inspections', requireRole(...SUGGESTION_READERS), async (ctx) => {
    ctx.body = { inspections: await suggestions().inspections(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/supervision/matters/:id/inspections', requireRole(...SUGGESTION_RECORDERS), async (ctx) => {
    const body = inspectionBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { inspection: await suggestions().recordInspection(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  return router;
}
