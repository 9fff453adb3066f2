import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { parseInstant, parseISODate } from '../calendar';
import { parseStage } from '../documents/stages';
import { templateBody } from '../documents/templates';
import type { Services } from '../services';
import { requireRole, type SignedInUser } from './auth';
import { badRequest } from './errors';
import { exactRouter } from './router';

/**
 * 公文 for the mini-app. Who may do what (the documents area decides, from the user's roles and unit):
 *
 * | route | who |
 * |---|---|
 * | GET  /documents/my-steps                  | anyone: their own open steps, with working days left or overdue |
 * | GET  /documents                           | anyone: staff and unit heads see the documents of their unit (registered by it, or with a step in it) and those they originated or have a step in; 区政府办公室 and its 科室 (秘书科…), the supervision office (督查室), leaders and administrators see all |
 * | GET  /documents/:id, /documents/:id/link  | whoever sees the document (others get 404) |
 * | GET  /documents/figures, /problems, /templates | those who see all documents |
 * | PUT  /documents/templates/:processCode    | administrators |
 * | POST /documents/reconcile                 | administrators |
 * | POST /documents/paper                     | the office's staff (区政府办公室 and its 科室), the supervision office, administrators |
 * | POST /documents/:id/steps, /:id/close     | the same, for paper documents |
 * | POST /documents/steps/:stepId/complete    | a paper step's assignee, or the office's staff |
 * | POST /documents/steps/:stepId/execute     | the assignee of an open DingTalk task (approve or refuse in DingTalk) |
 *
 * Bad input is a 400 with a Chinese message and changes nothing; every change is audited by the documents area.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const id = z.coerce.number().int().positive();

const listQuery = z.object({
  kind: z.enum(['incoming', 'outgoing']).optional(),
  status: z.enum(['open', 'completed', 'withdrawn']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  unit: z.string().trim().min(1).max(32).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The words a registration may give for 紧急程度: a Map, so that no built-in name (`toString`…) is one. */
const URGENCY_WORDS = new Map<string, 'extra_urgent' | 'urgent' | 'normal'>([
  ['extra_urgent', 'extra_urgent'],
  ['urgent', 'urgent'],
  ['normal', 'normal'],
  ['特急', 'extra_urgent'],
  ['加急', 'urgent'],
  ['平件', 'normal'],
]);

const paperBody = z.object({
  title: z.string().trim().min(1, '请填写公文标题').max(300, '标题不超过300字'),
  docNumber: z.string().trim().max(100, '文号不超过100字').optional(),
  issuingOrg: z.string().trim().max(100, '来文单位不超过100字').optional(),
  urgency: z
    .string()
    .refine((v) => URGENCY_WORDS.has(v), '紧急程度应为特急、加急或平件')
    .transform((v) => URGENCY_WORDS.get(v) ?? 'normal')
    .default('normal'),
  securityLevel: z.string().trim().max(16, '密级不超过16字').optional(),
  receivedAt: z.string().max(40).optional(),
  proposerUserId: z.string().trim().min(1).max(64).optional(),
});

const assignBody = z.object({
  stage: z.string().trim().min(1, '请选择环节'),
  assigneeUserId: z.string().trim().min(1, '请选择办理人').max(64),
});

const commentBody = z.object({ comment: z.string().trim().max(1000, '意见不超过1000字').optional() });

const executeBody = z.object({
  result: z.enum(['agree', 'refuse'], { error: '审批结果应为 agree（同意）或 refuse（拒绝）' }),
  comment: z.string().trim().max(1000, '意见不超过1000字').optional(),
});

const reconcileBody = z.object({ full: z.boolean().optional() });

export function documentRoutes(services: () => Services): Router {
  const router = exactRouter();
  const documents = () => services().documents;
  const user = (ctx: Context) => ctx.state.user as SignedInUser;

  router.get('/documents/my-steps', async (ctx) => {
    ctx.body = { steps: await documents().mySteps(user(ctx)) };
  });

  router.get('/documents/figures', async (ctx) => {
    const { from, to } = z.object({ from: isoDate, to: isoDate }).parse(ctx.query);
    parseISODate(from);
    parseISODate(to);
    ctx.body = await documents().figures(user(ctx), from, to);
  });

  router.get('/documents/problems', async (ctx) => {
    ctx.body = await documents().problems(user(ctx));
  });

  router.get('/documents/templates', async (ctx) => {
    ctx.body = { templates: await documents().templates(user(ctx)) };
  });

  router.put('/documents/templates/:processCode', requireRole('admin'), async (ctx) => {
    const body = templateBody.parse(ctx.request.body);
    ctx.body = await documents().saveTemplate(user(ctx), String(ctx.params.processCode), body);
  });

  router.post('/documents/reconcile', requireRole('admin'), async (ctx) => {
    const { full } = reconcileBody.parse(ctx.request.body ?? {});
    const report = await documents().reconcile({ full: full ?? false });
    const synced = await documents().syncDue(1000);
    ctx.body = { ...report, synced };
  });

  router.post('/documents/paper', async (ctx) => {
    const body = paperBody.parse(ctx.request.body);
    const receivedAt = body.receivedAt ? parseInstant(body.receivedAt) : undefined;
    const documentId = await documents().registerPaper(user(ctx), {
      title: body.title,
      docNumber: body.docNumber || null,
      issuingOrg: body.issuingOrg || null,
      urgency: body.urgency,
      securityLevel: body.securityLevel || null,
      ...(receivedAt ? { receivedAt } : {}),
      proposerUserId: body.proposerUserId ?? null,
    });
    ctx.status = 201;
    ctx.body = await documents().detail(user(ctx), documentId);
  });

  router.post('/documents/steps/:stepId/execute', async (ctx) => {
    const stepId = id.parse(ctx.params.stepId);
    const body = executeBody.parse(ctx.request.body);
    ctx.status = 202;
    ctx.body = await documents().executeStep(user(ctx), stepId, { result: body.result, comment: body.comment ?? null });
  });

  router.post('/documents/steps/:stepId/complete', async (ctx) => {
    const stepId = id.parse(ctx.params.stepId);
    const body = commentBody.parse(ctx.request.body ?? {});
    await documents().completeStep(user(ctx), stepId, { comment: body.comment ?? null });
    ctx.body = { ok: true };
  });

  router.get('/documents', async (ctx) => {
    const query = listQuery.parse(ctx.query);
    if (query.from) parseISODate(query.from);
    if (query.to) parseISODate(query.to);
    if (query.from && query.to && query.from > query.to) throw badRequest('invalid_range', '起始日期不能晚于结束日期');
    ctx.body = await documents().list(user(ctx), {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
      ...(query.unit ? { unit: query.unit } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.q ? { q: query.q } : {}),
      page: query.page,
      pageSize: query.pageSize,
    });
  });

  router.get('/documents/:id', async (ctx) => {
    ctx.body = await documents().detail(user(ctx), id.parse(ctx.params.id));
  });

  router.get('/documents/:id/link', async (ctx) => {
    ctx.body = await documents().link(user(ctx), id.parse(ctx.params.id));
  });

  router.post('/documents/:id/steps', async (ctx) => {
    const documentId = id.parse(ctx.params.id);
    const body = assignBody.parse(ctx.request.body);
    const stage = parseStage(body.stage);
    if (!stage) throw badRequest('invalid_stage', `环节「${body.stage}」无效：应为拟办、批办或承办`);
    const stepId = await documents().assignStep(user(ctx), documentId, { stage, assigneeUserId: body.assigneeUserId });
    ctx.status = 201;
    ctx.body = { stepId };
  });

  router.post('/documents/:id/close', async (ctx) => {
    const documentId = id.parse(ctx.params.id);
    const body = commentBody.parse(ctx.request.body ?? {});
    await documents().closeDocument(user(ctx), documentId, { comment: body.comment ?? null });
    ctx.body = { ok: true };
  });

  return router;
}
