import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { ExtensionRequest, MATTER_SOURCES, MATTER_STATUSES, MatterPeriod } from '../../entities';
import { parseInstant } from '../calendar';
import type { BulletinReaders } from '../config/config';
import type { Services } from '../services';
import { monthName } from '../supervision/bulletin';
import { renderBulletinDocx } from '../supervision/bulletin-docx';
import { importMatters } from '../supervision/import';
import { TIMELINESS } from '../supervision/status';
import { DOCX_TYPE, exportMattersXlsx, importTemplateXlsx, renderBulletinXlsx, XLSX_TYPE } from '../supervision/xlsx';
import { readUploadBody } from '../uploads/body';
import type { SignedInUser } from './auth';
import { requireRole } from './auth';
import { badRequest, notFound } from './errors';
import { exactRouter } from './router';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const id = z.coerce.number().int().positive();
const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max);
const unitId = z.string().trim().min(1, '请选择单位').max(32);
const userId = z.string().trim().min(1).max(64);

const assignBody = z.object({
  source: z.enum(MATTER_SOURCES),
  title: text(2, 300, '请填写事项标题'),
  content: z.string().max(20000).nullish(),
  assignedByUserId: userId.nullish(),
  leadDepartmentId: unitId,
  coDepartmentIds: z.array(unitId).max(30).optional(),
  responsibleUserId: userId.nullish(),
  dueDate: isoDate.nullish(),
  urgent: z.boolean().optional(),
  /** 补录: when it was assigned on paper (ISO-8601); never in the future. */
  assignedAt: z.string().max(40).nullish(),
  documentId: z.number().int().positive().nullish(),
  meetingId: z.number().int().positive().nullish(),
  proposer: z.string().trim().max(64).nullish(),
});

const progressBody = z.object({
  content: text(2, 20000, '请填写进展情况'),
  attachments: z
    .array(
      z.object({
        name: text(1, 200, '请填写附件名称'),
        url: z
          .string()
          .trim()
          .regex(/^https?:\/\/\S+$/, '附件链接应以 http:// 或 https:// 开头')
          .max(2000),
      }),
    )
    .max(20)
    .optional(),
  period: month.nullish(),
});

const listQuery = z.object({
  source: z.enum(MATTER_SOURCES).optional(),
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(z.enum(MATTER_STATUSES)).optional()),
  timeliness: z.enum(TIMELINESS).optional(),
  light: z.enum(['blue', 'yellow', 'red']).optional(),
  departmentId: z.string().max(32).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

const MAX_UPLOAD = 5 * 1024 * 1024;

/** `attachment` with an ASCII fallback name and the Chinese one (RFC 5987 `filename*`). */
function download(ctx: Context, body: Buffer, type: string, asciiName: string, chineseName: string) {
  ctx.set('Content-Type', type);
  ctx.set(
    'Content-Disposition',
    `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`,
  );
  ctx.body = body;
}

/** The raw request body (an uploaded workbook), up to MAX_UPLOAD bytes (413 `upload_too_large` past it). */
async function rawBody(ctx: Context): Promise<Buffer> {
  return readUploadBody(ctx.req, MAX_UPLOAD);
}

/**
 * 督查督办 for the mini-app. Everyone signed in reads what their role lets them see (a unit its own matters, where it
 * leads or co-leads; the supervision office and leaders everything); the supervision office assigns, reassigns,
 * urges, decides extensions, records the deputies' opinions, evaluates, imports and publishes bulletins; the lead
 * unit accepts, reports progress, asks for extensions, completes or returns a matter.
 */
export function supervisionRoutes(
  services: () => Services,
  options: { bulletinReaders: BulletinReaders } = { bulletinReaders: 'office' },
): Router {
  const router = exactRouter('/supervision');
  // Published bulletins name other units' overdue matters: everyone signed in, or only those who lead (BULLETIN_READERS).
  const bulletinReaders =
    options.bulletinReaders === 'heads'
      ? requireRole('leader', 'supervision_office', 'meeting_office', 'unit_head')
      : async (_ctx: Context, next: Next) => next();
  const matters = () => services().supervision.matters;
  const bulletins = () => services().supervision.bulletins;
  const user = (ctx: Context) => ctx.state.user as SignedInUser;

  router.get('/matters', async (ctx) => {
    ctx.body = await matters().list(user(ctx), listQuery.parse(ctx.query));
  });

  router.get('/matters/export.xlsx', async (ctx) => {
    const { limit: _limit, offset: _offset, ...filter } = listQuery.parse(ctx.query);
    const { matters: list } = await matters().list(user(ctx), filter);
    const stamp = new Date().toISOString().slice(0, 10);
    download(ctx, await exportMattersXlsx(list), XLSX_TYPE, `matters-${stamp}.xlsx`, `督办事项-${stamp}.xlsx`);
  });

  router.get('/overview', async (ctx) => {
    const { year } = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).parse(ctx.query);
    ctx.body = await matters().overview(user(ctx), year);
  });

  router.post('/matters', requireRole('supervision_office'), async (ctx) => {
    const body = assignBody.parse(ctx.request.body);
    const matter = await matters().assign(user(ctx), {
      ...body,
      assignedAt: body.assignedAt ? parseInstant(body.assignedAt) : null,
    });
    ctx.status = 201;
    ctx.body = { matter };
  });

  router.get('/matters/:id', async (ctx) => {
    ctx.body = { matter: await matters().get(user(ctx), id.parse(ctx.params.id)) };
  });

  // A bot message names a report period or an extension request; the mini-app opens the matter it belongs to.
  // Reading the matter checks that the user may see it.
  router.get('/periods/:id', async (ctx) => {
    const period = await services()
      .db.getRepository(MatterPeriod)
      .findOneBy({ id: id.parse(ctx.params.id) });
    if (!period) throw notFound('没有这个报送期次');
    ctx.body = { matterId: (await matters().get(user(ctx), period.matterId)).id };
  });
  router.get('/extension-requests/:id', async (ctx) => {
    const request = await services()
      .db.getRepository(ExtensionRequest)
      .findOneBy({ id: id.parse(ctx.params.id) });
    if (!request) throw notFound('没有这条延期申请');
    ctx.body = { matterId: (await matters().get(user(ctx), request.matterId)).id };
  });

  router.post('/matters/:id/accept', async (ctx) => {
    const { note } = z.object({ note: z.string().max(2000).nullish() }).parse(ctx.request.body ?? {});
    ctx.body = { matter: await matters().accept(user(ctx), id.parse(ctx.params.id), note) };
  });

  router.post('/matters/:id/progress', async (ctx) => {
    const body = progressBody.parse(ctx.request.body);
    ctx.body = { matter: await matters().reportProgress(user(ctx), id.parse(ctx.params.id), body) };
  });

  router.post('/matters/:id/extensions', async (ctx) => {
    const body = z
      .object({ amount: z.number().int().min(1).max(366), reason: text(2, 2000, '请说明延期理由') })
      .parse(ctx.request.body);
    ctx.status = 201;
    ctx.body = { matter: await matters().requestExtension(user(ctx), id.parse(ctx.params.id), body) };
  });

  router.post(
    '/matters/:id/extensions/:requestId/decision',
    requireRole('supervision_office', 'leader'),
    async (ctx) => {
      const body = z
        .object({
          approve: z.boolean(),
          note: z.string().max(2000).nullish(),
          amount: z.number().int().min(1).max(366).nullish(),
        })
        .parse(ctx.request.body);
      ctx.body = {
        matter: await matters().decideExtension(
          user(ctx),
          id.parse(ctx.params.id),
          id.parse(ctx.params.requestId),
          body,
        ),
      };
    },
  );

  router.post('/matters/:id/complete', async (ctx) => {
    const body = z
      .object({
        reply: text(2, 20000, '请填写办理结果'),
        outcomeClass: z.enum(['A', 'B', 'C', 'D']).nullish(),
        metDeputy: z.boolean().nullish(),
      })
      .parse(ctx.request.body);
    ctx.body = { matter: await matters().complete(user(ctx), id.parse(ctx.params.id), body) };
  });

  router.post('/matters/:id/return', async (ctx) => {
    const { reason } = z.object({ reason: text(2, 2000, '请说明退回理由') }).parse(ctx.request.body);
    ctx.body = { matter: await matters().returnMatter(user(ctx), id.parse(ctx.params.id), reason) };
  });

  router.post('/matters/:id/redo', requireRole('supervision_office'), async (ctx) => {
    const { reason } = z.object({ reason: text(2, 2000, '请说明退回重办的理由') }).parse(ctx.request.body);
    ctx.body = { matter: await matters().redo(user(ctx), id.parse(ctx.params.id), reason) };
  });

  router.post('/matters/:id/reassign', requireRole('supervision_office'), async (ctx) => {
    const body = z
      .object({
        leadDepartmentId: unitId,
        coDepartmentIds: z.array(unitId).max(30).optional(),
        responsibleUserId: userId.nullish(),
        reason: text(2, 2000, '请说明改派理由'),
      })
      .parse(ctx.request.body);
    ctx.body = { matter: await matters().reassign(user(ctx), id.parse(ctx.params.id), body) };
  });

  router.post('/matters/:id/urge', requireRole('supervision_office'), async (ctx) => {
    const { note } = z.object({ note: z.string().max(500).nullish() }).parse(ctx.request.body ?? {});
    ctx.body = { matter: await matters().urge(user(ctx), id.parse(ctx.params.id), note) };
  });

  router.post('/matters/:id/feedback', requireRole('supervision_office'), async (ctx) => {
    const body = z
      .object({
        satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
        metDeputy: z.boolean().nullish(),
      })
      .parse(ctx.request.body);
    ctx.body = { matter: await matters().recordFeedback(user(ctx), id.parse(ctx.params.id), body) };
  });

  router.post('/matters/:id/evaluate', requireRole('supervision_office'), async (ctx) => {
    const body = z
      .object({ grade: z.enum(['excellent', 'good', 'fair', 'poor']), comment: z.string().max(2000).nullish() })
      .parse(ctx.request.body);
    ctx.body = { matter: await matters().evaluate(user(ctx), id.parse(ctx.params.id), body) };
  });

  router.get('/import/template.xlsx', requireRole('supervision_office'), async (ctx) => {
    download(ctx, await importTemplateXlsx(), XLSX_TYPE, 'matter-import-template.xlsx', '督办事项导入模板.xlsx');
  });

  /** The body is the .xlsx file itself (Content-Type: the xlsx type or application/octet-stream). */
  router.post('/import', requireRole('supervision_office'), async (ctx) => {
    const { source, dryRun } = z
      .object({ source: z.enum(MATTER_SOURCES).optional(), dryRun: z.enum(['0', '1', 'true', 'false']).optional() })
      .parse(ctx.query);
    if (!ctx.is(XLSX_TYPE, 'application/octet-stream')) {
      throw badRequest(
        'invalid_upload',
        '请以 .xlsx 文件作为请求体上传（Content-Type 为 xlsx 或 application/octet-stream）',
      );
    }
    // A refused upload keeps the guard's code (uploads/README.md); a workbook whose content will not do is
    // `invalid_sheet`.
    const file = await rawBody(ctx);
    if (file.length === 0) throw badRequest('invalid_upload', '上传的文件为空');
    ctx.body = await importMatters(services().supervision.matters, user(ctx), file, {
      source,
      dryRun: dryRun === '1' || dryRun === 'true',
    });
  });

  router.get('/bulletins', bulletinReaders, async (ctx) => {
    const { year } = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).parse(ctx.query);
    ctx.body = { bulletins: await bulletins().list(year) };
  });

  const previewQuery = z.object({ month });
  router.get('/bulletins/preview', requireRole('supervision_office', 'leader'), async (ctx) => {
    ctx.body = { figures: await bulletins().preview(previewQuery.parse(ctx.query).month) };
  });
  router.get('/bulletins/preview.docx', requireRole('supervision_office', 'leader'), async (ctx) => {
    const { month: m } = previewQuery.parse(ctx.query);
    const figures = await bulletins().preview(m);
    download(
      ctx,
      await renderBulletinDocx(figures),
      DOCX_TYPE,
      `bulletin-${m}-preview.docx`,
      `督查通报（预览）${monthName(m)}.docx`,
    );
  });
  router.get('/bulletins/preview.xlsx', requireRole('supervision_office', 'leader'), async (ctx) => {
    const { month: m } = previewQuery.parse(ctx.query);
    const figures = await bulletins().preview(m);
    download(
      ctx,
      await renderBulletinXlsx(figures),
      XLSX_TYPE,
      `bulletin-${m}-preview.xlsx`,
      `督查通报（预览）${monthName(m)}.xlsx`,
    );
  });

  router.post('/bulletins', requireRole('supervision_office'), async (ctx) => {
    const { month: m } = z.object({ month }).parse(ctx.request.body);
    const { bulletin, created } = await bulletins().publish(user(ctx).id, m);
    ctx.status = created ? 201 : 200;
    ctx.body = { created, bulletin: await bulletins().get(bulletin.id) };
  });

  router.get('/bulletins/:id', bulletinReaders, async (ctx) => {
    ctx.body = { bulletin: await bulletins().get(id.parse(ctx.params.id)) };
  });

  const fileName = (b: { year: number; issueNo: number }) => `督查通报${b.year}年第${b.issueNo}期`;
  router.get('/bulletins/:id/bulletin.docx', bulletinReaders, async (ctx) => {
    const b = await bulletins().get(id.parse(ctx.params.id));
    const body = await renderBulletinDocx(b.figures, b.publishedAt ? new Date(b.publishedAt) : null);
    download(ctx, body, DOCX_TYPE, `bulletin-${b.year}-${b.issueNo}.docx`, `${fileName(b)}.docx`);
  });
  router.get('/bulletins/:id/bulletin.xlsx', bulletinReaders, async (ctx) => {
    const b = await bulletins().get(id.parse(ctx.params.id));
    download(
      ctx,
      await renderBulletinXlsx(b.figures),
      XLSX_TYPE,
      `bulletin-${b.year}-${b.issueNo}.xlsx`,
      `${fileName(b)}.xlsx`,
    );
  });

  return router;
}
