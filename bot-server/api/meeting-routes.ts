import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { DisciplineNotice } from '../../entities';
import { parseInstant } from '../calendar';
import { issueDisciplineNotice, previewNotice, renderDisciplineDocx } from '../meetings/discipline';
import { meetingFigures } from '../meetings/figures';
import type { MeetingInput } from '../meetings/service';
import { meetingTypes, saveMeetingType } from '../meetings/types';
import type { Services } from '../services';
import { DOCX_TYPE } from '../supervision/xlsx';
import type { SignedInUser } from './auth';
import { requireRole } from './auth';
import { notFound } from './errors';
import { exactRouter } from './router';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const id = z.coerce.number().int().positive();
const instant = (message: string) =>
  z
    .string()
    .max(40)
    .transform((value, ctx) => {
      try {
        return parseInstant(value);
      } catch {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });
const userId = z.string().trim().min(1).max(64);
const unitId = z.string().trim().min(1).max(32);

const meetingBody = z.object({
  type: z.string().trim().min(1, '请选择会议类型').max(32),
  title: z.string().trim().min(2, '请填写会议名称').max(200),
  startsAt: instant('请填写有效的会议时间'),
  endsAt: instant('请填写有效的结束时间').nullish(),
  place: z.string().trim().max(200).nullish(),
  agenda: z.string().trim().max(5000).nullish(),
  confirmBy: instant('请填写有效的回执截止时间').nullish(),
  organiserUserId: userId.nullish(),
  attendeeUserIds: z.array(userId).max(500).optional(),
  attendeeDepartmentIds: z.array(unitId).max(100).optional(),
});

const receiptBody = z.discriminatedUnion('response', [
  z.object({ response: z.literal('confirmed') }),
  z.object({ response: z.literal('leave'), reason: z.string().trim().min(2, '请填写请假事由').max(500) }),
  z.object({
    response: z.literal('substitute'),
    substituteUserId: userId,
    reason: z.string().trim().max(500).nullish(),
  }),
]);

const decisionBody = z.object({
  content: z.string().trim().min(4, '请填写议定事项内容').max(5000),
  leadDepartmentId: unitId,
  coDepartmentIds: z.array(unitId).max(30).optional(),
  responsibleUserId: userId.nullish(),
  dueDate: isoDate.nullish(),
});

const period = z.object({ from: isoDate, to: isoDate });

const listQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  type: z.string().max(32).optional(),
  status: z.enum(['draft', 'notified', 'held', 'cancelled']).optional(),
  mine: z
    .enum(['1', 'true'])
    .optional()
    .transform((v) => v !== undefined),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * 会议 for the mini-app. Who may do what is decided in the service by meetings/permissions.ts (the table in
 * meetings/README.md): 会务 (meeting_office) create, adopt drafts from DingTalk, notify and cancel; an organiser runs
 * an adopted ordinary meeting; 会务 and the supervision office record decisions; invitees answer the notice and sign
 * in; unit heads name who attends for their unit; leaders, the supervision office and 会务 read every meeting.
 */
export function meetingRoutes(services: () => Services): Router {
  const router = exactRouter();
  const meetings = () => services().meetings;
  const user = (ctx: Context) => ctx.state.user as SignedInUser;
  const db = () => services().db;
  const now = () => meetings().now();

  router.get('/meetings/types', async (ctx) => {
    ctx.body = { types: await meetingTypes(db().manager) };
  });
  router.put('/meetings/types/:code', requireRole('admin'), async (ctx) => {
    const code = z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,31}$/, '类型代码应为小写字母、数字或下划线')
      .parse(ctx.params.code);
    const body = z
      .object({
        name: z.string().trim().min(2, '请填写类型名称').max(50),
        sortOrder: z.number().int().min(0).max(10000).optional(),
        active: z.boolean().optional(),
      })
      .parse(ctx.request.body ?? {});
    ctx.body = { types: await db().transaction((m) => saveMeetingType(m, user(ctx).id, { code, ...body })) };
  });

  router.get('/meetings', async (ctx) => {
    ctx.body = { meetings: await meetings().list(user(ctx), listQuery.parse(ctx.query)) };
  });
  router.post('/meetings', requireRole('meeting_office'), async (ctx) => {
    ctx.status = 201;
    ctx.body = { meeting: await meetings().create(user(ctx), meetingBody.parse(ctx.request.body) as MeetingInput) };
  });

  router.get('/meetings/figures', requireRole('leader', 'supervision_office', 'meeting_office'), async (ctx) => {
    const { from, to } = period.parse(ctx.query);
    ctx.body = { figures: await meetingFigures(db().manager, from, to, now()) };
  });

  router.get('/meetings/discipline', requireRole('leader', 'meeting_office', 'supervision_office'), async (ctx) => {
    const notices = await db()
      .getRepository(DisciplineNotice)
      .find({ order: { year: 'DESC', number: 'DESC' } });
    ctx.body = {
      // A notice stored without its entries (a hand edit) is listed with none, never failing the list.
      notices: notices.map((n) => ({
        ...n,
        entries: undefined,
        entryCount: Array.isArray(n.entries) ? n.entries.length : 0,
      })),
    };
  });
  router.get(
    '/meetings/discipline/preview',
    requireRole('leader', 'meeting_office', 'supervision_office'),
    async (ctx) => {
      const { from, to } = period.parse(ctx.query);
      ctx.body = { preview: await previewNotice(db().manager, from, to, now()) };
    },
  );
  router.post('/meetings/discipline', requireRole('meeting_office'), async (ctx) => {
    const { from, to } = period.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { notice: await issueDisciplineNotice(db(), user(ctx).id, from, to, now()) };
  });
  router.get('/meetings/discipline/:id', requireRole('leader', 'meeting_office', 'supervision_office'), async (ctx) => {
    const notice = await db()
      .getRepository(DisciplineNotice)
      .findOneBy({ id: id.parse(ctx.params.id) });
    if (!notice) throw notFound('没有这期通报');
    ctx.body = { notice };
  });
  router.get(
    '/meetings/discipline/:id/notice.docx',
    requireRole('leader', 'meeting_office', 'supervision_office'),
    async (ctx) => {
      const notice = await db()
        .getRepository(DisciplineNotice)
        .findOneBy({ id: id.parse(ctx.params.id) });
      if (!notice) throw notFound('没有这期通报');
      ctx.set('Content-Type', DOCX_TYPE);
      ctx.set(
        'Content-Disposition',
        `attachment; filename="discipline-${notice.year}-${notice.number}.docx"; filename*=UTF-8''${encodeURIComponent(
          `违反会风会纪通报${notice.year}年第${notice.number}期.docx`,
        )}`,
      );
      ctx.body = await renderDisciplineDocx(notice);
    },
  );

  router.get('/meetings/attendee/:id', async (ctx) => {
    ctx.body = { meeting: await meetings().meetingOfAttendee(user(ctx), id.parse(ctx.params.id)) };
  });

  router.get('/meetings/:id', async (ctx) => {
    ctx.body = { meeting: await meetings().get(user(ctx), id.parse(ctx.params.id)) };
  });
  router.put('/meetings/:id', async (ctx) => {
    const body = meetingBody.parse(ctx.request.body) as MeetingInput;
    ctx.body = { meeting: await meetings().update(user(ctx), id.parse(ctx.params.id), body) };
  });
  router.post('/meetings/:id/adopt', async (ctx) => {
    ctx.body = { meeting: await meetings().adopt(user(ctx), id.parse(ctx.params.id)) };
  });
  router.post('/meetings/:id/notify', async (ctx) => {
    ctx.body = { meeting: await meetings().notify(user(ctx), id.parse(ctx.params.id)) };
  });
  router.post('/meetings/:id/cancel', async (ctx) => {
    const { reason } = z
      .object({ reason: z.string().trim().min(2, '请填写取消原因').max(500) })
      .parse(ctx.request.body ?? {});
    ctx.body = { meeting: await meetings().cancel(user(ctx), id.parse(ctx.params.id), reason) };
  });
  router.post('/meetings/:id/read', async (ctx) => {
    await meetings().markRead(user(ctx), id.parse(ctx.params.id));
    ctx.status = 204;
  });
  router.post('/meetings/:id/receipt', async (ctx) => {
    const receipt = receiptBody.parse(ctx.request.body ?? {});
    ctx.body = { meeting: await meetings().respond(user(ctx), id.parse(ctx.params.id), receipt) };
  });
  router.post('/meetings/:id/attendees/:attendeeId/nominate', async (ctx) => {
    const { userIds } = z
      .object({ userIds: z.array(userId).min(1, '请选择参会人员').max(20) })
      .parse(ctx.request.body ?? {});
    ctx.body = {
      meeting: await meetings().nominate(user(ctx), id.parse(ctx.params.id), id.parse(ctx.params.attendeeId), userIds),
    };
  });
  router.post('/meetings/:id/sign-in', async (ctx) => {
    const { code } = z.object({ code: z.string().trim().max(16).default('') }).parse(ctx.request.body ?? {});
    ctx.body = { meeting: await meetings().signIn(user(ctx), id.parse(ctx.params.id), code) };
  });
  router.post('/meetings/:id/sign-in-code', async (ctx) => {
    ctx.body = { meeting: await meetings().renewSignInCode(user(ctx), id.parse(ctx.params.id)) };
  });
  router.post('/meetings/:id/decisions', async (ctx) => {
    const body = decisionBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { meeting: await meetings().addDecision(user(ctx), id.parse(ctx.params.id), body) };
  });

  return router;
}
